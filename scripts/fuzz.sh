#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets with clang (ASan + UBSan + libFuzzer) in
# build-fuzz/ and runs each for a while:
#   fuzz_csvtable  advlab::CsvTable::parse
#   fuzz_image     advlab::decodeImage (readImage's decoder) + the defences
#   fuzz_modeloutput  the checks on a model's output (shape, dtype, NaN)
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      default 300
#
# Needs clang and libclang-rt-14-dev (apt-get install clang libclang-rt-14-dev).
# A crash leaves its input in build-fuzz/artifacts/ and makes this script
# fail; reproduce with build-fuzz/tests/fuzz/fuzz_image build-fuzz/artifacts/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-${FUZZ_SECONDS:-300}}"
BUILD="${FUZZ_BUILD_DIR:-build-fuzz}"
JOBS="${JOBS:-$(nproc)}"

command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }

CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DADVLAB_FUZZ=ON -DADVLAB_BUILD_TESTS=OFF -DADVLAB_BUILD_GUI=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$JOBS" --target fuzz_csvtable fuzz_image fuzz_modeloutput fuzz_make_seeds

FUZZ="$BUILD/tests/fuzz"
CORPUS="$BUILD/corpus"
ART="$BUILD/artifacts"
mkdir -p "$CORPUS/csv" "$CORPUS/image" "$CORPUS/model" "$ART" "$BUILD/seeds/csv" "$BUILD/seeds/image" \
  "$BUILD/seeds/model"

# CSV seeds: the competition's own files (first lines; copied, never modified)
# and the RFC 4180 corner cases the parser handles.
for f in images.csv categories.csv; do
  [ -f "resources/data/nips17_dev/$f" ] && head -n 12 "resources/data/nips17_dev/$f" > "$BUILD/seeds/csv/$f"
done
printf 'a,b,c\r\n1,"x,y",3\r\n"q""uote",,\r\n' > "$BUILD/seeds/csv/quoted.csv"
printf '\xEF\xBB\xBFImageId,TrueLabel\n"multi\nline",5\n\n' > "$BUILD/seeds/csv/bom.csv"
"$FUZZ/fuzz_make_seeds" "$BUILD/seeds/image"
# Model-output seeds: batch, rank, size indices (2 -> 2, 6 -> 1000), dtype,
# then one byte per value (128 -> 1.0, 248 -> NaN). 2 x 1000 float logits
# (the contract), the same with a NaN row, and 1 x 1000 for a batch of 2.
{ printf '\002\002\002\006\000'; head -c 2000 /dev/zero | tr '\0' '\200'; } > "$BUILD/seeds/model/ok"
{ printf '\002\002\002\006\000'; head -c 1000 /dev/zero | tr '\0' '\200'; head -c 1000 /dev/zero | tr '\0' '\370'; } \
  > "$BUILD/seeds/model/nan-row"
{ printf '\002\002\001\006\000'; head -c 1000 /dev/zero | tr '\0' '\200'; } > "$BUILD/seeds/model/one-row"

status=0
run() { # name corpus seeds max_len
  local name="$1" corpus="$2" seeds="$3" maxlen="$4" rc=0
  echo "== $name for ${SECONDS_PER_TARGET}s (log: $BUILD/$name.log)"
  ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" \
    "$FUZZ/$name" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=3072 -timeout=20 -max_len="$maxlen" \
    -print_final_stats=1 -artifact_prefix="$ART/$name-" "$corpus" "$seeds" >"$BUILD/$name.log" 2>&1 || rc=$?
  grep -E "^(#[0-9]+ +DONE|Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb)" "$BUILD/$name.log" || true
  if [ "$rc" -ne 0 ]; then
    tail -n 40 "$BUILD/$name.log"
    status=1
  fi
}
set +e
run fuzz_csvtable "$CORPUS/csv" "$BUILD/seeds/csv" 4096
run fuzz_image "$CORPUS/image" "$BUILD/seeds/image" 16384
run fuzz_modeloutput "$CORPUS/model" "$BUILD/seeds/model" 8192
set -e
if [ "$status" -ne 0 ]; then
  echo "fuzz.sh: a target failed; inputs are in $ART" >&2
  exit 1
fi
echo "fuzz.sh: no crashes (${SECONDS_PER_TARGET}s per target)"
