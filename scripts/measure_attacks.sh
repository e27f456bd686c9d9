#!/usr/bin/env bash
# Runs every attack, both modes, at several ε on a dataset with the advlab CLI
# and prints a Markdown table of clean accuracy, adversarial accuracy,
# targeted hit rate, max L∞ and seconds per image.
# Usage: scripts/measure_attacks.sh [build-dir] [eps-list] [iterations] [extra advlab args...]
set -euo pipefail
BUILD="${1:-build}"; EPS="${2:-2 4 8 16}"; ITERS="${3:-10}"; shift $(( $# > 3 ? 3 : $# ))
CLI="$BUILD/app/cli/advlab"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
echo "| attack | mode | ε | clean acc | adv acc | target hit | max L∞ | s/image |"
echo "|---|---|---|---|---|---|---|---|"
for eps in $EPS; do
  for attack in fgsm ifgsm mifgsm pgd; do
    for mode in untargeted targeted; do
      flag=(); [ "$mode" = targeted ] && flag=(--targeted)
      log="$("$CLI" attack --out "$OUT/$attack-$mode-$eps" --attack "$attack" --eps "$eps" --iters "$ITERS" \
              "${flag[@]}" "$@" 2>/dev/null)"
      get() { printf '%s\n' "$log" | sed -n "s/^$1: *//p" | head -1; }
      hit="$(get 'targeted hit rate')"
      echo "| $attack | $mode | $eps | $(get 'clean accuracy') | $(get 'adversarial accuracy') | ${hit:--} |" \
           "$(get 'max Linf (pixels)' | cut -d' ' -f1) | $(get time | sed -n 's/.*s, \([0-9.]*\) s per image.*/\1/p') |"
      rm -rf "$OUT/$attack-$mode-$eps"
    done
  done
done
