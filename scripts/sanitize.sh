#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# AddressSanitizer + UndefinedBehaviorSanitizer build of core, the CLI and the
# core tests (build-asan/, GUI off), then runs the core tests under CTest.
#
#   scripts/sanitize.sh            unit tests (ctest -LE integration)
#   scripts/sanitize.sh --all      also the integration tests on the real model (slow)
#   scripts/sanitize.sh -R tst_defences   any other arguments go to ctest
#
# LibTorch, OpenCV and Qt come from Debian and are not instrumented: ASan sees
# only our code's accesses, and their internal allocations cannot be matched
# to frees. LibTorch keeps process-lifetime allocations (thread pools, op
# registries, JIT caches) that LeakSanitizer reports as leaks at exit, so leak
# detection is off (detect_leaks=0); every other ASan check (out-of-bounds,
# use-after-free, double free, ...) and every UBSan check is on and fatal.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${ASAN_BUILD_DIR:-build-asan}"
JOBS="${JOBS:-$(nproc)}"

ctest_args=(-LE integration)
if [ "${1:-}" = "--all" ]; then
  ctest_args=()
  shift
fi
if [ "$#" -gt 0 ]; then
  ctest_args=("$@")
fi

cmake -S . -B "$BUILD" -DADVLAB_SANITIZE=ON -DADVLAB_BUILD_GUI=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$JOBS"

export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$BUILD/tests/core"
ctest --output-on-failure --timeout 1800 "${ctest_args[@]}"
