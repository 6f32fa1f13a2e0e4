#!/usr/bin/env bash
# Every command's whole-process time, in rounds (docs/performance.md,
# "Session 4"). The development machine moves between a fast and a slow
# state from one minute to the next, so one long hyperfine batch per command
# measures the machine as much as the command. Here each command gets RUNS
# runs per round, round-robin over the commands, ROUNDS times; printed per
# command: the lowest round median (the fast state), the median of the round
# medians and the fastest single run.
#
#   bench/rounds.sh RELCTL CHECKOUT [ROUNDS] [RUNS]
#
# RELCTL    the relctl binary (a Release build: build-perf/src/relctl)
# CHECKOUT  a checkout with a control plane, e.g. a materialized corpus
#           snapshot's checkout folder (tests/corpus/README or ../shared/corpus)
# Needs hyperfine (Debian package) and python3. The clock is pinned with
# --now; `owners --stdin` reads every path tracked in CHECKOUT.
set -euo pipefail
relctl=$(realpath "$1")
tree=$(realpath "$2")
rounds=${3:-5}
runs=${4:-40}
now="--now 2026-08-22T14:52:27Z"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$tree" ls-files >"$work/paths.txt"

labels=() commands=()
add() {
  labels+=("$1")
  commands+=("$2")
}
r="$relctl --root $tree $now"
add "--version" "$relctl --version"
add "audit" "$r audit"
add "audit --no-cache" "$r --no-cache audit"
add "audit control-plane" "$r audit control-plane"
add "audit registry" "$r audit registry"
add "audit all" "$r audit all"
add "lookup lane L5" "$r lookup lane L5"
add "owners PATH" "$r owners internal/api/router.go"
add "preflight" "$r preflight"
add "entrypoint" "$r entrypoint"
add "branch-for-version" "$r branch-for-version 6.0.0"
add "claim (dry run)" "$r claim --kind lane --id L5 --agent-id bench-agent --summary bench"
add "owners --stdin" "sh -c 'exec $r owners --stdin < $work/paths.txt'"

# Warm the schema verdict cache, as every later run finds it.
$r audit all >/dev/null 2>&1 || true

for ((round = 1; round <= rounds; round++)); do
  for i in "${!labels[@]}"; do
    n=$runs
    [[ "${labels[$i]}" == *stdin* ]] && n=$(((runs + 2) / 3))
    hyperfine -N -i --warmup 5 --runs "$n" --export-json "$work/one.json" "${commands[$i]}" \
      >/dev/null 2>&1
    python3 - "${labels[$i]}" "$work/one.json" >>"$work/rounds.tsv" <<'PY'
import json, statistics, sys
times = json.load(open(sys.argv[2]))["results"][0]["times"]
print("%s\t%.3f\t%.3f" % (sys.argv[1], statistics.median(times) * 1e3, min(times) * 1e3))
PY
  done
done

python3 - "$work/rounds.tsv" <<'PY'
import collections, statistics, sys
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    label, median, fastest = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append((float(median), float(fastest)))
print("%-22s %12s %18s %12s" % ("command", "fast state", "median of rounds", "fastest"))
for label, v in rows.items():
    medians = [m for m, _ in v]
    print("%-22s %9.2f ms %15.2f ms %9.2f ms" % (
        label, min(medians), statistics.median(medians), min(f for _, f in v)))
PY
