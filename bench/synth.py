#!/usr/bin/env python3
"""Write a synthetic control plane at a chosen scale (bench tool, issue 6).

usage: synth.py BASE_TREE SCALE OUT_TREE

BASE_TREE  a repository holding docs/release-control/control_plane.json (a
           materialized corpus snapshot, or examples/harbor)
SCALE      how many copies of the base's governed records to write (1, 10, 100)
OUT_TREE   the new repository (replaced when it exists); committed with git so
           `relctl audit registry` and `--staged` work on it

Every record of status.json (lanes, readiness assertions, release gates, lane
followups, coverage gaps, candidate lanes, work claims, open and resolved
decisions) and every subsystem of registry.json is written SCALE times. Copy k
renames every id consistently (L7 -> L<7 + k*stride>, RA3 -> RA<3 + k*stride>,
other ids get a -x<k> suffix) and every reference to an id inside the copy
follows, so cross-references stay valid and the rules do real work at every
size. Evidence paths are kept (they exist); copied subsystems own
synthetic/x<k>/... paths, which are created, and get their own contract file.
When the base has no coverage gaps, candidate lanes or work claims, each copy
gets one linked gap, one candidate lane reserving it and one active claim, so
those rules run too.

Standard library only; deterministic (no randomness, no clock).
"""
from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

COLLECTIONS = ["lanes", "readiness_assertions", "release_gates", "lane_followups", "coverage_gaps",
               "candidate_lanes", "work_claims", "open_decisions", "resolved_decisions"]
NUMBERED = {"lanes": "L", "readiness_assertions": "RA"}


def load(p: Path):
    return json.loads(p.read_text(encoding="utf-8"))


def dump(p: Path, value) -> None:
    p.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")


def numbered_stride(records, prefix: str) -> int:
    top = 0
    for r in records:
        m = re.fullmatch(prefix + r"([0-9]+)", str(r.get("id", "")))
        if m:
            top = max(top, int(m.group(1)))
    return top + 1


class Renamer:
    """Maps the ids of copy k to their new names, and remaps values."""

    def __init__(self, status, registry, k: int):
        self.map: dict[str, str] = {}
        if k == 0:
            return
        for coll in COLLECTIONS:
            records = status.get(coll) or []
            prefix = NUMBERED.get(coll)
            stride = numbered_stride(records, prefix) if prefix else 0
            for r in records:
                rid = r.get("id")
                if not isinstance(rid, str):
                    continue
                m = re.fullmatch(prefix + r"([0-9]+)", rid) if prefix else None
                self.map[rid] = f"{prefix}{int(m.group(1)) + k * stride}" if m else f"{rid}-x{k}"
        for s in registry.get("subsystems") or []:
            if isinstance(s.get("id"), str):
                self.map[s["id"]] = f"{s['id']}-x{k}"

    def value(self, v):
        if isinstance(v, dict):
            return {key: self.value(x) for key, x in v.items()}
        if isinstance(v, list):
            return [self.value(x) for x in v]
        if isinstance(v, str) and self.map:
            if v in self.map:
                return self.map[v]
            # Labels such as "lane-followup:x[planned]" or "lane:L3".
            m = re.fullmatch(r"([a-z-]+:)([^/\[\s]+)(\[[^\]]*\])?", v)
            if m and m.group(2) in self.map:
                return m.group(1) + self.map[m.group(2)] + (m.group(3) or "")
        return v


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    base, scale, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    if scale < 1:
        print("synth.py: SCALE must be at least 1", file=sys.stderr)
        return 2
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(base, out, ignore=shutil.ignore_patterns(".git"), symlinks=True)

    cp = load(out / "docs/release-control/control_plane.json")
    profile = next(p for p in cp["profiles"] if p["id"] == cp["active_profile_id"])
    status_path, registry_path = out / profile["status"], out / profile["registry"]
    status, registry = load(status_path), load(registry_path)
    subsystems_dir = profile["subsystems_dir"]

    new_status = {key: value for key, value in status.items()}
    for coll in COLLECTIONS:
        if coll in status and isinstance(status[coll], list):
            new_status[coll] = []
    new_subsystems = []
    lanes = [r for r in status.get("lanes", []) if isinstance(r, dict)]
    subsystems = [s for s in registry.get("subsystems", []) if isinstance(s, dict)]
    synth_gaps = not status.get("coverage_gaps") and not status.get("candidate_lanes")
    synth_claims = not status.get("work_claims")

    for k in range(scale):
        ren = Renamer(status, registry, k)
        for coll in COLLECTIONS:
            for r in status.get(coll) or []:
                new_status[coll].append(ren.value(copy.deepcopy(r)))
        lane = ren.value(lanes[k % len(lanes)]["id"]) if lanes else None
        subsystem = ren.value(subsystems[0]["id"]) if subsystems else None
        if synth_gaps and lane and subsystem:
            evidence = copy.deepcopy((lanes[0].get("evidence") or [])[:1])
            gap = f"synthetic-gap-{k}"
            new_status.setdefault("coverage_gaps", []).append({
                "id": gap, "summary": f"Synthetic coverage gap {k} for scale benchmarks.",
                "owner": "project-owner", "status": "planned", "recorded_at": "2026-01-01",
                "lane_ids": [lane], "subsystem_ids": [subsystem], "proposed_resolution": "new-lane",
                "coverage_impact": 5, "evidence": evidence})
            new_status.setdefault("candidate_lanes", []).append({
                "id": f"synthetic-candidate-{k}", "name": f"Synthetic candidate {k}",
                "summary": f"Synthetic candidate lane {k} closing {gap}.", "status": "planned",
                "recorded_at": "2026-01-01", "target_id": cp["active_target_id"],
                "current_lane_ids": [lane], "coverage_gap_ids": [gap],
                "subsystem_ids": [subsystem]})
        if synth_claims and lane:
            new_status.setdefault("work_claims", []).append({
                "id": f"synthetic-agent-{k}-lane-{lane.lower()}", "agent_id": f"synthetic-agent-{k}",
                "summary": f"Synthetic claim {k}.", "target_id": cp["active_target_id"],
                "claimed_at": "2026-01-01T00:00:00Z", "heartbeat_at": "2026-01-01T00:00:00Z",
                "expires_at": "2099-01-01T00:00:00Z", "work_item": {"kind": "lane", "id": lane}})
        for s in subsystems:
            c = ren.value(copy.deepcopy(s))
            if k > 0:
                root = f"synthetic/x{k}/"
                c["owned_prefixes"] = [root + p for p in s.get("owned_prefixes") or []
                                       if isinstance(p, str)]
                c["owned_files"] = [root + f for f in s.get("owned_files") or [] if isinstance(f, str)]
                for p in c["owned_prefixes"]:
                    (out / p).mkdir(parents=True, exist_ok=True)
                    (out / p / "placeholder.txt").write_text("synthetic\n")
                for f in c["owned_files"]:
                    (out / f).parent.mkdir(parents=True, exist_ok=True)
                    (out / f).write_text("synthetic\n")
                contract = s.get("contract")
                if isinstance(contract, str) and (out / contract).is_file():
                    new_contract = f"{subsystems_dir}/{c['id']}.md"
                    shutil.copyfile(out / contract, out / new_contract)
                    c["contract"] = new_contract
            new_subsystems.append(c)

    # The audit requires these collections in a fixed order; copies appended
    # after the originals would break it (lanes and assertions keep theirs:
    # their new numbers grow with k).
    orders = {"release_gates": None, "coverage_gaps": "recorded_at", "candidate_lanes": "recorded_at",
              "lane_followups": "recorded_at", "open_decisions": "opened_at",
              "resolved_decisions": "decided_at", "work_claims": "claimed_at"}
    for coll, field in orders.items():
        if isinstance(new_status.get(coll), list):
            new_status[coll].sort(key=lambda r: (str(r.get(field, "")) if field else "",
                                                 str(r.get("id", "")).casefold()))

    new_registry = dict(registry)
    new_registry["subsystems"] = new_subsystems
    dump(status_path, new_status)
    dump(registry_path, new_registry)
    git = ["git", "-C", str(out)]
    subprocess.run(git + ["init", "-q", "-b", "main"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["-c", "user.name=synth", "-c", "user.email=synth@invalid", "commit", "-qm",
                          f"synthetic control plane x{scale}"], check=True)
    counts = {c: len(new_status.get(c) or []) for c in COLLECTIONS}
    counts["subsystems"] = len(new_subsystems)
    print(json.dumps({"scale": scale, "tree": str(out), "counts": counts,
                      "bytes": {"status": status_path.stat().st_size,
                                "registry": registry_path.stat().st_size}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
