#!/usr/bin/env python3
"""claim_race.py: how many claims do simultaneous writers lose?

Runs rounds of N claim writers released at the same moment, each a distinct
agent claiming a distinct lane with --write, against a copy of a Pulse
checkout, and counts after each round the claims that are missing although
their writer exited 0.

    claim_race.py --checkout COPY --relctl path/to/relctl
    claim_race.py --checkout COPY --reference

--reference runs the checkout's own scripts/release_control/work_claim.py
(python3); --relctl runs `relctl --root COPY claim ...`. The checkout is
written to: pass a copy (cp -a), never a tree you care about. Each round is
three hours after the one before (--now), so the previous round's two-hour
leases have expired and every writer claims afresh. docs/claims.md records
the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path


def status_rel(checkout: Path) -> str:
    cp = json.loads((checkout / "docs/release-control/control_plane.json").read_text())
    profile = next(p for p in cp["profiles"] if p["id"] == cp["active_profile_id"])
    return profile["status"]


def parse_time(raw: str) -> datetime:
    return datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(timezone.utc)


def free_lanes(status: dict, now: datetime, count: int) -> list[str]:
    """The first lanes no active claim touches (by lane id or a narrow item's lanes)."""
    busy: set[str] = set()
    for claim in status.get("work_claims", []):
        try:
            if parse_time(claim["expires_at"]) <= now:
                continue
        except (KeyError, ValueError):
            continue
        item = claim.get("work_item") or {}
        busy.add(str(item.get("id")))
        collection = {
            "lane-followup": "lane_followups", "readiness-assertion": "readiness_assertions",
            "release-gate": "release_gates", "open-decision": "open_decisions",
            "coverage-gap": "coverage_gaps", "candidate-lane": "candidate_lanes",
        }.get(item.get("kind"))
        for entry in status.get(collection, []) if collection else []:
            if entry.get("id") == item.get("id"):
                busy.update(entry.get("lane_ids", []) + entry.get("current_lane_ids", []))
    lanes = [lane["id"] for lane in status["lanes"] if lane["id"] not in busy]
    if len(lanes) < count:
        sys.exit(f"only {len(lanes)} free lanes, {count} needed")
    return lanes[:count]


def command(args: argparse.Namespace, lane: str, agent: str, now: str) -> list[str]:
    claim = ["--kind", "lane", "--id", lane, "--summary", f"race {agent}", "--agent-id", agent,
             "--write"]
    if args.reference:
        script = str(args.checkout / "scripts/release_control/work_claim.py")
        return [sys.executable, script, *claim, "--now", now]
    return [args.relctl, "--root", str(args.checkout), "--now", now, "claim", *claim]


def run_round(args: argparse.Namespace, lanes: list[str], now: str) -> tuple[int, int]:
    """Starts every writer at once; returns (writers that exited 0, claims that landed)."""
    gate_r, gate_w = os.pipe()
    procs = []
    for i, lane in enumerate(lanes):
        agent = f"race-agent-{i}"
        # Each child waits for the gate (EOF on its standard input, the
        # pipe), then execs the writer.
        procs.append((agent, subprocess.Popen(
            ["sh", "-c", 'read -r _; exec "$@" </dev/null', "sh", *command(args, lane, agent, now)],
            stdin=gate_r, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=args.checkout)))
    os.close(gate_r)
    os.close(gate_w)  # opens the gate
    ok = set()
    for agent, proc in procs:
        _, err = proc.communicate()
        if proc.returncode == 0:
            ok.add(agent)
        elif args.verbose:
            print(f"  {agent}: exit {proc.returncode}: {err.decode(errors='replace').strip().splitlines()[-1][:200]}")
    try:
        status = json.loads((args.checkout / status_rel(args.checkout)).read_text())
    except ValueError as exc:
        print(f"  status.json no longer parses after this round: {exc}")
        return len(ok), -1
    landed = {c.get("agent_id") for c in status.get("work_claims", [])
              if c.get("claimed_at") == now} & ok
    return len(ok), len(landed)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkout", required=True, type=Path, help="a COPY of a Pulse checkout")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--reference", action="store_true",
                      help="run the checkout's scripts/release_control/work_claim.py")
    mode.add_argument("--relctl", help="path to the relctl binary")
    ap.add_argument("--writers", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--now", default=None,
                    help="first round's time (default: the latest claimed_at/updated_at + 1 h, "
                         "or the wall clock)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    args.checkout = args.checkout.resolve()

    status = json.loads((args.checkout / status_rel(args.checkout)).read_text())
    start = parse_time(args.now) if args.now else datetime.now(timezone.utc).replace(microsecond=0)
    lanes = free_lanes(status, start, args.writers)
    status_file = args.checkout / status_rel(args.checkout)
    original = status_file.read_bytes()
    total_ok = total_lost = corrupt = 0
    for r in range(args.rounds):
        now = (start + timedelta(hours=3 * r)).strftime("%Y-%m-%dT%H:%M:%SZ")
        ok, landed = run_round(args, lanes, now)
        if landed < 0:
            # Everything this round wrote is lost; put the file back so the
            # next round can run.
            corrupt += 1
            landed = 0
            status_file.write_bytes(original)
        total_ok += ok
        total_lost += ok - landed
        print(f"round {r + 1}: {ok} writers reported success, {landed} claims present, "
              f"{ok - landed} lost")
    print(f"total: {total_ok} successes, {total_lost} claims lost, status.json corrupt after "
          f"{corrupt} of {args.rounds} rounds ({args.writers} writers x {args.rounds} rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
