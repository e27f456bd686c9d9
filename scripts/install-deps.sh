#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages listed in scripts/debian-packages.txt: the
# build tools, Qt 6, LibTorch, OpenCV, QCustomPlot, CLI11, and what the tests
# use. Works as root (no sudo needed, as on a fresh container) and as a user
# with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-deps: run this as root, or install sudo first (apt-get install sudo as root)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
# shellcheck disable=SC2046 # one package per word, by design
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    $(grep -v '^#' scripts/debian-packages.txt)
