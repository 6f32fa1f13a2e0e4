"""Helpers shared by the corpus tests: find and materialize snapshots."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

SKIP = 77  # CTest SKIP_RETURN_CODE


def arguments() -> argparse.ArgumentParser:
    """The options every corpus test takes: the binary, ../shared, a work folder."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--relctl", required=True)
    ap.add_argument("--shared", required=True, type=Path)
    ap.add_argument("--work", required=True, type=Path)
    return ap


def snapshots(shared: Path) -> list[Path]:
    corpus = shared / "corpus"
    snaps = sorted(p for p in (corpus / "snapshots").glob("*/") if (p / "meta.json").exists())
    if not snaps:
        print(f"SKIP: no corpus at {corpus} (the parity corpus lives in ../shared/corpus)")
        sys.exit(SKIP)
    return snaps


def materialize(shared: Path, snap: Path, work: Path) -> Path:
    """Builds <work>/<snapshot>/pulse with materialize.sh; returns the tree."""
    ws = work / snap.name
    ws.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        ["bash", str(shared / "corpus" / "materialize.sh"), str(snap), str(ws)],
        capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"materialize.sh failed for {snap.name}: {out.stderr.strip()}")
    return ws / "pulse"
