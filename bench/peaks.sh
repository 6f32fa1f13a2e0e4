#!/usr/bin/env bash
# Peak memory of every command that reads the control files, against the
# size of the files it reads (docs/performance.md, "Memory of every command
# at x100"; issue 6: peak memory <= 4x the input).
#
#   bench/peaks.sh RELCTL CHECKOUT [OWNED-PATH]
#
# RELCTL      the relctl binary (a Release build: build-perf/src/relctl)
# CHECKOUT    a checkout with a control plane, e.g. the x100 tree that
#             bench/synth.py writes (bench/scale.sh)
# OWNED-PATH  the path `owners` is asked about (default internal/api/router.go)
#
# Each command runs three times: without the caches (--no-cache), with an
# empty cache folder (the first run, which also writes the entries), and
# again (warm). The peak is GNU time's maximum resident set size. What a
# command reads: every command the three control files and their schemas;
# `owners` also the subsystem contracts; `audit registry` and `audit all`
# also the git index (through git ls-files). Needs GNU time and python3.
set -euo pipefail
relctl=$(realpath "$1")
tree=$(realpath "$2")
owned=${3:-internal/api/router.go}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Bytes of the files each kind of command reads, from the control plane.
read -r control contracts index < <(python3 - "$tree" <<'EOF'
import json, os, sys
root = sys.argv[1]
cp_rel = "docs/release-control/control_plane.json"
cp = json.load(open(os.path.join(root, cp_rel)))
profile = next(p for p in cp["profiles"] if p["id"] == cp["active_profile_id"])
files = [cp_rel, cp["control_plane_schema"], profile["status"], profile["status_schema"],
         profile["registry"], profile["registry_schema"]]
control = sum(os.path.getsize(os.path.join(root, f)) for f in files)
folder = os.path.join(root, profile["subsystems_dir"])
contracts = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)
                if f.endswith(".md"))
index = os.path.getsize(os.path.join(root, ".git", "index"))
print(control, contracts, index)
EOF
)

peak() {  # peak KiB of one run; the command's own exit code is not ours
  (cd "$tree" && env "$@" >/dev/null 2>"$work/err") || true
  tail -n 1 "$work/err"
}

printf '%-22s %10s %10s %10s %12s %7s\n' command "no-cache" first warm "input" "ratio"
run() {
  local label=$1 input=$2
  shift 2
  local cache="$work/cache"
  rm -rf "$cache"
  local a b c
  a=$(peak /usr/bin/time -f %M "$relctl" --no-cache "$@")
  b=$(peak RELCTL_CACHE_DIR="$cache" /usr/bin/time -f %M "$relctl" "$@")
  c=$(peak RELCTL_CACHE_DIR="$cache" /usr/bin/time -f %M "$relctl" "$@")
  python3 - "$label" "$a" "$b" "$c" "$input" <<'EOF'
import sys
label, a, b, c, inp = sys.argv[1], *map(int, sys.argv[2:])
worst = max(a, b, c) * 1024 / inp
print(f"{label:<22} {a:>10} {b:>10} {c:>10} {inp / 1e6:>9.2f} MB {worst:>6.2f}x")
EOF
}

run "audit" "$control" audit
run "lookup lane L5" "$control" lookup lane L5
run "audit control-plane" "$control" audit control-plane
run "owners" "$((control + contracts))" owners "$owned"
run "audit registry" "$((control + index))" audit registry
run "audit all" "$((control + index))" audit all
echo "(peaks in KiB; ratio: the largest of the three peaks over the input;"
echo " control files and schemas $control bytes, contracts $contracts, git index $index)"
