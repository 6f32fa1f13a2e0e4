#!/usr/bin/env bash
# Builds the libFuzzer targets (clang; ASan + UBSan) and runs them one at a
# time, each for SECONDS (default 60), at the lowest priority and in one
# process (-jobs=1 -workers=1). docs/guarantees.md says what each checks.
#
#   fuzz/run.sh [SECONDS] [TARGET...]      targets: json_models schema audit claim caches
#
# Environment:
#   RELCTL_FUZZ_BUILD   build folder (default build-fuzz)
#   RELCTL_FUZZ_WORK    corpora, logs and findings (default $RELCTL_FUZZ_BUILD/work);
#                       a corpus grows from run to run; seeds are regenerated each time
#   RELCTL_SHARED_DIR   reference corpus and JSON-Schema-Test-Suite for extra seeds
#                       (default ../shared, used when present)
#   RELCTL_FUZZ_JOBS    build parallelism (default 2)
# Exit 1 when a target found a crash, a sanitizer report, a leak, a hang
# (over 30 s) or memory over 4 GB: the input is in $work/findings/<target>/,
# the log in $work/logs/<target>.log. Reproduce with
#   build-fuzz/fuzz/fuzz_<target> <input>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
if [ $# -gt 0 ]; then shift; fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(json_models schema audit claim caches); fi
build=${RELCTL_FUZZ_BUILD:-build-fuzz}
work=$(mkdir -p "${RELCTL_FUZZ_WORK:-$build/work}" && cd "${RELCTL_FUZZ_WORK:-$build/work}" && pwd)
shared=${RELCTL_SHARED_DIR:-../shared}

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DRELCTL_FUZZ=ON -DRELCTL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "${RELCTL_FUZZ_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

rm -rf "$work/seeds"
seed_args=(--out "$work/seeds")
if [ -d "$shared/corpus" ]; then seed_args+=(--shared "$shared"); fi
python3 fuzz/seeds.py "${seed_args[@]}" >/dev/null

dict=$(pwd)/fuzz/json.dict
status=0
for t in "${targets[@]}"; do
  bin=$(cd "$build/fuzz" && pwd)/fuzz_$t
  # Findings of an earlier run are cleared: each one became a regression test.
  rm -rf "$work/findings/$t"
  mkdir -p "$work/corpus/$t" "$work/findings/$t" "$work/logs"
  rm -f "$work/logs/$t.log"
  echo "== fuzz_$t for ${seconds}s"
  # -jobs=1 runs the fuzzer as one child writing fuzz-0.log in the current folder.
  (cd "$work/logs" && rm -f fuzz-0.log &&
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
      nice -n 19 "$bin" -jobs=1 -workers=1 -max_total_time="$seconds" -timeout=30 \
      -rss_limit_mb=4096 -dict="$dict" -print_final_stats=1 \
      -artifact_prefix="$work/findings/$t/" "$work/corpus/$t" "$work/seeds/$t" >/dev/null 2>&1 || true
    mv -f fuzz-0.log "$t.log" 2>/dev/null || true)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/logs/$t.log" | awk '{s+=$2} END {print s+0}')
  echo "   $execs executions; corpus $(ls "$work/corpus/$t" | wc -l) inputs"
  if ls "$work/findings/$t" | grep -q '^slow-unit-'; then
    echo "   slow inputs (over 10 s) in $work/findings/$t" >&2
  fi
  if ls "$work/findings/$t" | grep -qE '^(crash|leak|timeout|oom)-'; then
    echo "   FINDINGS in $work/findings/$t (log: $work/logs/$t.log):" >&2
    ls "$work/findings/$t" >&2
    grep -m1 -E 'ERROR: |FUZZ FINDING' "$work/logs/$t.log" >&2 || true
    status=1
  fi
done
exit $status
