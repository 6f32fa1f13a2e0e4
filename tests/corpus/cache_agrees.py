#!/usr/bin/env python3
"""Corpus: relctl's caches change nothing but speed.

For every snapshot of ../shared/corpus, every stateless case of the tools
whose results relctl remembers (the status audit's, the registry audit's,
the contracts' and the schema verdicts': status_audit, status_lookup,
subsystem_lookup, control_plane_audit, registry_audit, agent_preflight;
of the many lookups, three of each kind and those that find nothing) is
run three times: with the caches off, then twice with a fresh cache folder
(the first run fills it, the second answers from it). The three must agree
byte for byte on stdout and stderr, and on the exit code. compare.py judges
parity loosely (wording is ours); this judges the caches exactly.

With --sample (the sanitizer build, whose binary is many times slower),
each snapshot runs one case of each tool, command and exit code: the
caches are filled and read under ASan and UBSan by every command and on
every outcome, in a tenth of the runs.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import corpus_lib  # noqa: E402

TOOLS = {"status_audit", "status_lookup", "subsystem_lookup", "control_plane_audit",
         "registry_audit", "agent_preflight"}


def stateless(case: dict) -> bool:
    return not case.get("state") and not case.get("expect", {}).get("written")


def chosen(cases: list[dict]) -> list[dict]:
    """All cases but the lookups, of which (there are about 180 a snapshot)
    the first three of each kind and every one that finds nothing."""
    out, seen = [], {}
    for c in cases:
        argv = c["relctl"]["argv"]
        if c["tool"] == "status_lookup" and "lookup" in argv:
            kind = argv[argv.index("lookup") + 1]
            seen[kind] = seen.get(kind, 0) + 1
            if seen[kind] > 3 and c["expect"].get("exit_code", 0) == 0:
                continue
        out.append(c)
    return out


def sampled(cases: list[dict]) -> list[dict]:
    """The first case of each tool, command (argv[1]) and expected exit code."""
    out, seen = [], set()
    for c in cases:
        argv = c["relctl"]["argv"]
        kind = (c["tool"], argv[1] if len(argv) > 1 else "", c["expect"].get("exit_code", 0))
        if kind not in seen:
            seen.add(kind)
            out.append(c)
    return out


def main() -> int:
    ap = corpus_lib.arguments()
    ap.add_argument("--sample", action="store_true",
                    help="one case of each tool, command and exit code per snapshot")
    args = ap.parse_args()
    failures = []
    runs = 0
    for snap in corpus_lib.snapshots(args.shared):
        plan = json.loads((snap / "expected" / "cases.json").read_text())
        cases = chosen([c for c in plan["cases"] if c["tool"] in TOOLS and stateless(c)])
        if args.sample:
            cases = sampled(cases)
        if not cases:
            continue
        tree = corpus_lib.materialize(args.shared, snap, args.work / "trees")
        home = Path(tempfile.mkdtemp(prefix="relctl-cache-agrees-"))
        try:
            base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
                    "LANG": "C.UTF-8", "TZ": "UTC"}
            off = {**base, "RELCTL_NO_CACHE": "1"}
            on = {**base, "RELCTL_NO_CACHE": "0", "RELCTL_CACHE_DIR": str(home / "cache")}
            for case in cases:
                argv = [os.path.abspath(args.relctl)] + [a.replace("${REPO_ROOT}", str(tree))
                                        for a in case["relctl"]["argv"][1:]]
                results = []
                for env in (off, on, on):
                    r = subprocess.run(argv, cwd=tree, env=env, capture_output=True, timeout=120)
                    results.append((r.returncode, r.stdout, r.stderr))
                    runs += 1
                names = ("without the caches", "filling them", "from them")
                for name, got in zip(names[1:], results[1:]):
                    if got != results[0]:
                        what = [k for k, a, b in zip(("exit code", "stdout", "stderr"),
                                                     results[0], got) if a != b]
                        failures.append(f"{snap.name}/{case['id']}: {name}, "
                                        f"{', '.join(what)} differ from a run {names[0]}")
        finally:
            shutil.rmtree(home, ignore_errors=True)
    for f in failures:
        print("DIFFERS", f)
    print(f"{runs} runs, {len(failures)} disagreements")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
