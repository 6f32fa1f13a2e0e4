#!/usr/bin/env bash
# Times whole processes of relctl and of the reference scripts side by side
# (issue 6): for every command pair, ROUNDS rounds in which hyperfine runs the
# two commands alternately; prints per-command medians over all runs, the
# ratio, and peak memory (max RSS, from GNU time when installed).
#
# usage: bench/compare.sh REFERENCE_CHECKOUT [RELCTL] [ROUNDS] [RUNS_PER_ROUND]
#   REFERENCE_CHECKOUT  a checkout of the reference project, holding
#                       scripts/release_control; its folder must carry the
#                       name status.json gives the local repository
#   RELCTL              the relctl binary (default: build-release/src/relctl)
# Needs: hyperfine, python3 (Debian packages). Writes nothing but temp files.
set -euo pipefail
checkout=$(cd "${1:?usage: bench/compare.sh REFERENCE_CHECKOUT [RELCTL] [ROUNDS] [RUNS]}" && pwd)
relctl=$(realpath "${2:-build-release/src/relctl}")
rounds=${3:-5}
runs=${4:-10}
command -v hyperfine >/dev/null || { echo "compare.sh: hyperfine is missing (apt-get install hyperfine)" >&2; exit 2; }
[ -f "$checkout/scripts/release_control/status_audit.py" ] || { echo "compare.sh: $checkout has no scripts/release_control" >&2; exit 2; }
# The first lane, and the first file the first subsystem owns.
read -r lane path < <(python3 -c 'import json,sys
cp=json.load(open(sys.argv[1]+"/docs/release-control/control_plane.json"))
p=[p for p in cp["profiles"] if p["id"]==cp["active_profile_id"]][0]
s=json.load(open(sys.argv[1]+"/"+p["status"]))
r=json.load(open(sys.argv[1]+"/"+p["registry"]))
print(s["lanes"][0]["id"], r["subsystems"][0]["owned_files"][0])' "$checkout")
ref="python3 scripts/release_control"
rel="$relctl --root $checkout"
pairs=(
  "audit|$rel audit|$ref/status_audit.py"
  "audit control-plane|$rel audit control-plane|$ref/control_plane_audit.py"
  "audit registry|$rel audit registry|$ref/registry_audit.py"
  "owners PATH|$rel owners $path|$ref/subsystem_lookup.py $path"
  "lookup lane|$rel lookup lane $lane|$ref/status_lookup.py --lane $lane"
  "preflight|$rel preflight|$ref/agent_preflight.py"
  "entrypoint|$rel entrypoint|$ref/control_plane.py --agent-entrypoint"
  "branch-for-version|$rel branch-for-version 6.0.0|$ref/control_plane.py --branch-for-version 6.0.0"
  "claim (dry run)|$rel claim --kind lane --id $lane --summary bench --agent-id bench|$ref/work_claim.py --kind lane --id $lane --summary bench --agent-id bench"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$checkout"
for r in $(seq 1 "$rounds"); do
  for i in "${!pairs[@]}"; do
    IFS='|' read -r name mine theirs <<<"${pairs[$i]}"
    hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$tmp/$i-$r.json" \
      -n relctl "$mine" -n reference "$theirs" >/dev/null 2>&1 || true
  done
done
maxrss() {  # kB of max RSS of one run, or "-" without GNU time
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
  else echo -; fi
}
for i in "${!pairs[@]}"; do
  IFS='|' read -r name mine theirs <<<"${pairs[$i]}"
  # shellcheck disable=SC2086
  echo "$name|$(maxrss $mine)|$(maxrss $theirs)" >>"$tmp/rss"
done
python3 - "$tmp" "${#pairs[@]}" "$rounds" <<'PY'
import json, statistics, sys
from pathlib import Path
tmp, n, rounds = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rss = [line.rstrip("\n").split("|") for line in (tmp / "rss").read_text().splitlines()]
print(f"{'command':<22} {'relctl':>10} {'reference':>10} {'ratio':>7} {'relctl RSS':>11} {'ref RSS':>9}")
for i in range(n):
    times = {"relctl": [], "reference": []}
    for r in range(1, rounds + 1):
        f = tmp / f"{i}-{r}.json"
        if not f.exists():
            continue
        for res in json.loads(f.read_text())["results"]:
            times[res["command"]].extend(res["times"])
    if not times["relctl"] or not times["reference"]:
        continue
    a, b = statistics.median(times["relctl"]), statistics.median(times["reference"])
    name, ra, rb = rss[i]
    mb = lambda kb: f"{int(kb)/1024:.1f} MB" if kb.isdigit() else "-"
    print(f"{name:<22} {a*1e3:>8.1f}ms {b*1e3:>8.1f}ms {b/a:>6.0f}x {mb(ra):>11} {mb(rb):>9}")
PY
