#!/usr/bin/env bash
# Builds relctl in Release, materializes the newest corpus snapshot, and
# measures: the in-process stages (Google Benchmark) and the whole process
# (hyperfine, median of many runs).
# usage: bench/run.sh [SHARED_DIR]   (default: ../shared next to the checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
work=build-bench/work
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELCTL_BUILD_BENCH=ON \
  -DRELCTL_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench
snap=$(ls -d "$shared"/corpus/snapshots/*/ | sort | tail -n 1)
name=$(basename "$snap")
bash "$shared/corpus/materialize.sh" "$snap" "$work/$name" >/dev/null
tree=$(cd "$work/$name/pulse" && pwd)
now=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['now'])" "$snap/meta.json")
echo "== snapshot $name (now $now)"
RELCTL_BENCH_ROOT=$tree RELCTL_BENCH_NOW=$now ./build-bench/bench/relctl_bench
if command -v hyperfine >/dev/null; then
  # The first command fills the schema verdict cache (docs/performance.md);
  # the second is what a pre-commit hook pays when nothing changed in the
  # schemas' inputs, the third what it pays when something did.
  cache=$(mktemp -d)
  RELCTL_CACHE_DIR=$cache hyperfine -N --warmup 10 --runs 200 \
    --export-json build-bench/whole-process.json \
    "./build-bench/src/relctl --root $tree --now $now audit" \
    "./build-bench/src/relctl --root $tree --now $now --no-cache audit" \
    "./build-bench/src/relctl --version"
  rm -rf "$cache"
  python3 - build-bench/whole-process.json <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['median'] * 1000:7.2f} ms median  {r['command']}")
PY
else
  echo "hyperfine is not installed (apt-get install hyperfine): whole-process timing skipped" >&2
fi
