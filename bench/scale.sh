#!/usr/bin/env bash
# Time against input size (issue 6): writes synthetic control planes at x1,
# x10 and x100 the base's records (bench/synth.py), times `relctl audit` on
# each (hyperfine medians, --no-cache so schema validation is included; max
# RSS from GNU time) and, when the base is a checkout of the reference
# project with its scripts, the reference's status_audit.py on the same trees. Prints a
# table, writes bench/out/scale.dat and, with gnuplot, docs/scale.png.
#
# usage: bench/scale.sh BASE_TREE [RELCTL] [SCALES]
#   BASE_TREE  a repository with a control plane: a checkout of the reference
#              project (for the reference side), a materialized corpus
#              snapshot, or examples/harbor. The copies keep its folder name,
#              which status.json's local repository names.
#   RELCTL     default build-release/src/relctl
#   SCALES     default "1 10 100"
# Needs: python3, hyperfine, GNU time, optionally gnuplot (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
base=$(cd "${1:?usage: bench/scale.sh BASE_TREE [RELCTL] [SCALES]}" && pwd)
relctl=$(realpath "${2:-build-release/src/relctl}")
scales=${3:-1 10 100}
now=2026-08-22T14:52:27Z
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p bench/out
dat=bench/out/scale.dat
has_ref=0
[ -f "$base/scripts/release_control/status_audit.py" ] && has_ref=1
echo "# scale input_bytes relctl_median_s relctl_rss_kb reference_median_s reference_rss_kb" >"$dat"
printf '%-6s %10s %12s %10s %12s %10s %7s\n' scale "input MB" relctl "RSS" reference "RSS" ratio
for s in $scales; do
  tree="$work/x$s/$(basename "$base")"
  python3 bench/synth.py "$base" "$s" "$tree" >"$work/synth.json"
  bytes=$(python3 -c 'import json,sys,os
cp=json.load(open(sys.argv[1]+"/docs/release-control/control_plane.json"))
p=[p for p in cp["profiles"] if p["id"]==cp["active_profile_id"]][0]
print(sum(os.path.getsize(sys.argv[1]+"/"+p[k]) for k in ("status","status_schema","registry","registry_schema"))
      + os.path.getsize(sys.argv[1]+"/docs/release-control/control_plane.json"))' "$tree")
  runs=$((s >= 100 ? 5 : 30))
  hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$work/rel.json" \
    "$relctl --root $tree --now $now --no-cache audit" >/dev/null 2>&1
  rel=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/rel.json")
  rel_rss=$(/usr/bin/time -f %M "$relctl" --root "$tree" --now "$now" --no-cache audit 2>&1 >/dev/null | tail -1)
  ref=nan ref_rss=nan
  if [ "$has_ref" = 1 ]; then
    rruns=$((s >= 100 ? 2 : 5))
    (cd "$tree" && hyperfine -N -i --warmup 1 --runs "$rruns" --export-json "$work/ref.json" \
      "python3 scripts/release_control/status_audit.py" >/dev/null 2>&1)
    ref=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/ref.json")
    ref_rss=$(cd "$tree" && /usr/bin/time -f %M python3 scripts/release_control/status_audit.py 2>&1 >/dev/null | tail -1)
  fi
  echo "$s $bytes $rel $rel_rss $ref $ref_rss" >>"$dat"
  python3 -c 'import sys
s,b,a,ar,r,rr=sys.argv[1:]
f=lambda x: "-" if x=="nan" else f"{float(x)*1e3:.1f} ms"
m=lambda x: "-" if x=="nan" else f"{int(x)/1024:.1f} MB"
ratio="-" if r=="nan" else f"{float(r)/float(a):.0f}x"
print(f"{s:<6} {int(b)/1e6:>10.2f} {f(a):>12} {m(ar):>10} {f(r):>12} {m(rr):>10} {ratio:>7}")' "$s" "$bytes" "$rel" "$rel_rss" "$ref" "$ref_rss"
  rm -rf "$work/x$s"
done
if command -v gnuplot >/dev/null; then
  gnuplot -e "datafile='$dat'; outfile='docs/scale.png'" bench/scale.gp && echo "plot: docs/scale.png"
fi
