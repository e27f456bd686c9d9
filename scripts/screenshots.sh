#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Look at the GUI as a person would: run the real window on a virtual X
# screen (xvfb), driven by adversarial-lab-tools (bench/gui) through its states and screenshot the whole
# screen at each (idle, mid-job, done, perturbation view), export a 4-image
# grid figure (PNG + PDF), then render the PDF back to PNG to check it decodes.
#
#   scripts/screenshots.sh [build-dir] [output-dir]
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

# A large enough screen for the default 1640x1000 window. The tool takes the
# state screenshots itself (QScreen::grabWindow on the X root, what
# `import -window root` grabs); after it exits, `import` takes one more of the
# bare screen to show the X server was live.
xvfb-run -a -s "-screen 0 1920x1200x24" bash -c '
  set -euo pipefail
  "$1" --screenshots "$2" ${ADVLAB_DATASET:+--dataset "$ADVLAB_DATASET"} ${ADVLAB_MODEL:+--model "$ADVLAB_MODEL"}
  import -window root "$2/0-root-after-exit.png"
' _ "$app" "$out"

# The exported figure: check both files decode, and make a PNG of the PDF.
identify "$out/grid.png"
if command -v pdftoppm >/dev/null; then
  pdftoppm -r 100 -png -singlefile "$out/grid.pdf" "$out/grid-pdf-rendered"
  identify "$out/grid-pdf-rendered.png"
fi
echo "Screenshots and figures in $out:"
ls -1 "$out"
