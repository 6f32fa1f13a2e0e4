#!/usr/bin/env bash
# README command 2 (and CI): the whole test suite.
#   1. formatting (clang-format) of every C++ file;
#   2. a warnings-as-errors build and every CTest test (unit, CLI, schema
#      suite, corpus parity when ../shared/corpus exists);
#   3. the same tests built with AddressSanitizer + UndefinedBehaviorSanitizer
#      (-O1 and not a PIE, cmake/Sanitizers.cmake; corpus.cache_agrees runs a
#      sample there; docs/guarantees.md);
#   4. when clang and its libFuzzer runtime are installed, a short run of each
#      fuzz target (RELCTL_FUZZ_SECONDS, default 30 s each; docs/guarantees.md).
# Set RELCTL_SKIP_SANITIZE=1 / RELCTL_SKIP_FUZZ=1 to skip step 3 / 4 locally.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh --with-fuzz
jobs=$(nproc)

echo "== clang-format"
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find src include tests bench -name '*.[ch]pp')
clang-format --dry-run --Werror $files

echo "== build and test"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRELCTL_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

if [ "${RELCTL_SKIP_SANITIZE:-0}" != "1" ]; then
  echo "== build and test under ASan + UBSan"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRELCTL_SANITIZE=ON \
    -DRELCTL_WERROR=ON >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
fi

if [ "${RELCTL_SKIP_FUZZ:-0}" != "1" ]; then
  # libFuzzer comes with clang (Debian: clang, libclang-rt-14-dev); without
  # it the step is skipped, loudly.
  if command -v clang++ >/dev/null &&
    echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
    clang++ -x c++ -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
    echo "== fuzz targets, ${RELCTL_FUZZ_SECONDS:-30} s each"
    RELCTL_FUZZ_JOBS=$jobs fuzz/run.sh "${RELCTL_FUZZ_SECONDS:-30}"
  else
    echo "== fuzz targets: SKIPPED (clang++ with libFuzzer not installed)" >&2
  fi
fi
