#!/usr/bin/env bash
# Configure, build and run every test: unit, integration on the embedded
# resources/, packaging, GUI offscreen. Needs the packages of
# scripts/install-deps.sh. Usage: scripts/test.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
JOBS="$(nproc)"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD" -j"$JOBS"
QT_QPA_PLATFORM=offscreen ctest --test-dir "$BUILD" --output-on-failure --timeout 1800
