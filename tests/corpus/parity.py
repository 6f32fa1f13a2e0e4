#!/usr/bin/env python3
"""Corpus parity: relctl against the reference's recorded outputs.

For every snapshot of ../shared/corpus: materialize it (materialize.sh), run
the relctl side of the cases of the chosen reference tools (run_cases.py),
judge them with compare.py, which defines parity. Fails when any judged case
is not at parity.

A case whose recorded reference output shows that the reference never ran
(its stderr is the faketime wrapper's own failure, not a result of the
reference) is reported and not judged: there is nothing to be at parity with.
"""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import corpus_lib  # noqa: E402


def read_maybe_gz(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes()
    gz = Path(str(path) + ".gz")
    if gz.exists():
        with gzip.open(gz, "rb") as fh:
            return fh.read()
    return b""


def reference_did_not_run(case: dict, expected: Path) -> bool:
    exp = case["expect"]
    if exp.get("crashed"):
        return False
    err = read_maybe_gz(expected / exp.get("stderr", case["id"] + ".stderr"))
    return err.startswith(b"faketime:") or b"\nfaketime: " in err


def main() -> int:
    ap = corpus_lib.arguments()
    ap.add_argument("--tools", required=True,
                    help="comma-separated reference tools whose cases are judged")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    tools = set(args.tools.split(","))
    corpus = args.shared / "corpus"

    judged_root = args.work / "expected"
    actual_root = args.work / "actual"
    skipped = []
    total = 0
    for snap in corpus_lib.snapshots(args.shared):
        plan = json.loads((snap / "expected" / "cases.json").read_text())
        cases = []
        for c in plan["cases"]:
            if c["tool"] not in tools:
                continue
            if reference_did_not_run(c, snap / "expected"):
                skipped.append(f"{snap.name}/{c['id']}")
                continue
            cases.append(c)
        if not cases:
            continue
        total += len(cases)
        exp_dir = judged_root / snap.name
        exp_dir.mkdir(parents=True, exist_ok=True)
        for entry in (snap / "expected").iterdir():
            link = exp_dir / entry.name
            if entry.name != "cases.json" and not link.exists():
                os.symlink(entry, link)
        (exp_dir / "cases.json").write_text(json.dumps({**plan, "cases": cases}))
        tree = corpus_lib.materialize(args.shared, snap, args.work / "trees")
        run = subprocess.run(
            [sys.executable, str(corpus / "run_cases.py"), "--jobs", str(args.jobs), "--only",
             ",".join(c["id"] for c in cases), args.relctl, str(tree), str(exp_dir),
             str(actual_root / snap.name)], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            print(run.stdout, run.stderr)
            return 1
    for s in skipped:
        print(f"NOT JUDGED {s}: the recorded reference run failed in its faketime wrapper")
    if total == 0:
        print("SKIP: no cases for tools", args.tools)
        return corpus_lib.SKIP
    cmp = subprocess.run([sys.executable, str(corpus / "compare.py"), "--per-snapshot",
                          str(judged_root), str(actual_root)], capture_output=True, text=True)
    print(cmp.stdout, end="")
    print(cmp.stderr, end="", file=sys.stderr)
    return cmp.returncode


if __name__ == "__main__":
    sys.exit(main())
