#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Look at the GUI as a person would: run the real window on a virtual X
# screen (xvfb), driven by adversarial-lab-tools (bench/gui) through its states and screenshot the whole
# screen at each (idle, mid-job, done, perturbation view, observers, SmoothGrad
# overlay; issue 12 also exports triptych-saliency.png/.pdf), export a 4-image
# grid figure (PNG + PDF), then render the PDF back to PNG to check it decodes.
#
#   scripts/screenshots.sh [build-dir] [output-dir]
#
# Then the same window on two small screens (issue 14), the first triptych and
# the evaluation window each: a 1366x768 laptop (<output-dir>/laptop-1366x768)
# and 1920x1080 at 200 % scaling, 960x540 logical (<output-dir>/hidpi-1920x1080).
# ADVLAB_SCREENSHOT_SETUPS picks the runs (default "full laptop hidpi").
#
# Needs: xvfb (xvfb-run), imagemagick (import), poppler-utils (pdftoppm).
# Open the PNGs in the output directory and look at them.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
out="${2:-$here/build/screenshots}"
app="$build/bench/adversarial-lab-tools"
[ -x "$app" ] || { echo "screenshots.sh: $app not found; build the adversarial-lab-tools target first" >&2; exit 1; }
mkdir -p "$out"

setups=" ${ADVLAB_SCREENSHOT_SETUPS:-full laptop hidpi} "

if [[ $setups == *" full "* ]]; then
  # A large enough screen for the default 1640x1000 window. The tool takes the
  # state screenshots itself (QScreen::grabWindow on the X root, what
  # `import -window root` grabs); after it exits, `import` takes one more of the
  # bare screen to show the X server was live.
  xvfb-run -a -s "-screen 0 1920x1200x24" bash -c '
    set -euo pipefail
    "$1" --screenshots "$2" ${ADVLAB_DATASET:+--dataset "$ADVLAB_DATASET"} ${ADVLAB_MODEL:+--model "$ADVLAB_MODEL"}
    import -window root "$2/99-root-after-exit.png"
  ' _ "$app" "$out"

  # The exported figure: check both files decode, and make a PNG of the PDF.
  identify "$out/grid.png"
  if command -v pdftoppm >/dev/null; then
    pdftoppm -r 100 -png -singlefile "$out/grid.pdf" "$out/grid-pdf-rendered"
    identify "$out/grid-pdf-rendered.png"
  fi
fi

# The short tour on a screen of the given size and scale: the window sizes
# itself from the screen, as on a user's machine.
layout_tour() { # <screen WxH> <QT_SCALE_FACTOR> <output dir>
  mkdir -p "$3"
  QT_SCALE_FACTOR="$2" xvfb-run -a -s "-screen 0 ${1}x24" bash -c '
    set -euo pipefail
    "$1" --screenshots "$2" --layout-only ${ADVLAB_DATASET:+--dataset "$ADVLAB_DATASET"} ${ADVLAB_MODEL:+--model "$ADVLAB_MODEL"}
    import -window root "$2/99-root-after-exit.png"
  ' _ "$app" "$3"
}
if [[ $setups == *" laptop "* ]]; then layout_tour 1366x768 1 "$out/laptop-1366x768"; fi
if [[ $setups == *" hidpi "* ]]; then layout_tour 1920x1080 2 "$out/hidpi-1920x1080"; fi

echo "Screenshots and figures in $out:"
find "$out" -type f | sort
