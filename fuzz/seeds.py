#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/run.sh calls it).

Seeds come from examples/harbor and from small inputs written here; with
--shared, also from the reference corpus's snapshots (their smaller data
files) and the JSON-Schema-Test-Suite, when those are present. Nothing here
is committed data: the seeds are made at run time into OUT/<target>/.
"""
import argparse
import hashlib
import json
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
HARBOR = ROOT / "examples" / "harbor"
H2 = "docs/release-control/h2/"
FILES = {
    "status": H2 + "status.json",
    "registry": H2 + "subsystems/registry.json",
    "control_plane": "docs/release-control/control_plane.json",
    "status_schema": H2 + "status.schema.json",
    "registry_schema": H2 + "subsystems/registry.schema.json",
    "control_plane_schema": "docs/release-control/control_plane.schema.json",
}
SEPARATOR = b"\n=====\n"  # fuzz/schema.cpp

SMALL_JSON = [
    b"{}", b"[]", b"null", b"NaN", b"-Infinity", b"1e400", b"-0", b"0.1e-7",
    b"123456789012345678901234567890", b'"\\ud800"', b'"\\ud83d\\ude00"',
    b'{"a": 1, "a": 2}', b'{"lanes": [{"id": "L1", "evidence": [{"repo": "r", "path": "..", "kind": "file"}]}]}',
    b'{"work_claims": [{"id": "c", "expires_at": "2026-01-01T00:00:00+01:00", "work_item": {"kind": "lane", "id": "L1"}}]}',
    b'{"version": 1, "subsystems": [{"id": "s", "lane": "L1", "verification": {}}]}',
]
SMALL_SCHEMAS = [
    (b'{"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}', b"1"),
    (b'{"type": "string", "pattern": "^(a+)+$"}', b'"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!"'),
    (b'{"prefixItems": [{"type": "integer"}], "items": false}', b"[1, 2]"),
    (b'{"patternProperties": {"^x-": {"type": "number"}}, "additionalProperties": false}', b'{"x-a": "s"}'),
    (b'{"dependentRequired": {"a": ["b"]}, "minProperties": 2}', b'{"a": 1}'),
    (b'{"anyOf": [{"const": 1}, {"enum": [2, 3]}], "not": {"multipleOf": 0.5}}', b"2.5"),
]
REGEXES = [b"re:^[a-z0-9-]+$\nclaim-1", b"re:(a|b)*c{2,5}\\d\nababcc1", b"re:^\\p{L}$\nx",
           b"re:[^\\s]+\\b\nword", b"re:(?:x{1000}){1000}\nx"]


def s(b):
    """A string of a binary cache entry (cache::ByteWriter::str): a 32-bit
    length, then the bytes."""
    b = b.encode() if isinstance(b, str) else b
    return struct.pack("<I", len(b)) + b


def contracts_cache(entries):
    """A contracts cache file (src/registry/contract_cache.cpp): entries of
    (name, signature, subsystem id or None, [(heading index, path, line,
    heading line)])."""
    out = b"relctl contracts cache 1\n" + struct.pack("<I", len(entries))
    for name, sig, sid, refs in entries:
        out += s(name) + s(sig)
        out += (b"\x01" + s(sid)) if sid is not None else b"\x00"
        out += struct.pack("<I", len(refs))
        for h, path, line, hline in refs:
            out += bytes([h]) + s(path) + struct.pack("<II", line, hline)
    return out


def audit_result_body(inputs, since, until, errors, questions, text):
    """The body of an audit result entry (src/report/audit_cache.cpp);
    fuzz/caches.cpp adds the magic line and the hash."""
    def t(v):
        return struct.pack("<BQ", 0, 0) if v is None else struct.pack("<BQ", 1, v)
    out = s(inputs) + t(since) + t(until) + struct.pack("<II", errors, len(questions))
    for ask, a, b, answer in questions:
        out += bytes([ask]) + s(a) + s(b) + s(answer)
    return out + s(text)


def status_facts_body(text_key, is_object, cp_repo, local_repo, active, lanes):
    """The body of a status facts entry (src/report/status_facts.cpp);
    fuzz/caches.cpp adds the magic line and the hash."""
    def o(v):
        return bytes([0]) + s("") if v is None else bytes([1]) + s(v)
    out = s(text_key) + bytes([is_object]) + o(cp_repo) + o(local_repo)
    out += struct.pack("<I", len(active)) + b"".join(s(a) for a in active)
    return out + struct.pack("<I", len(lanes)) + b"".join(s(lane) for lane in lanes)


# The signature fuzz/caches.cpp looks its names up with (inode 1 and 2).
def old_signature(ino):
    return f"0:{ino}:33188:100:1000.000000000:1000.000000000"


def write(out, target, data):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True, type=pathlib.Path)
    ap.add_argument("--shared", type=pathlib.Path, help="the folder holding corpus/ and jsonschema-suite/")
    args = ap.parse_args()
    out = args.out
    harbor = {k: (HARBOR / v).read_bytes() for k, v in FILES.items()}

    # 1. JSON loader and models: every control file, small oddities.
    for data in list(harbor.values()) + SMALL_JSON:
        write(out, "json_models", data)
    # 2. Schema layer: each schema with its instance, small schemas, patterns.
    for schema, instance in [("status_schema", "status"), ("registry_schema", "registry"),
                             ("control_plane_schema", "control_plane")]:
        write(out, "schema", harbor[schema] + SEPARATOR + harbor[instance])
    for schema, instance in SMALL_SCHEMAS:
        write(out, "schema", schema + SEPARATOR + instance)
    for r in REGEXES:
        write(out, "schema", r)
    # 3. The audits: a selector byte (fuzz/audit.cpp) and the file's content.
    for tag, name in enumerate(["status", "registry", "control_plane", "status_schema"]):
        write(out, "audit", bytes([tag]) + harbor[name])
    # 4. The claim writer: every request kind over harbor's status.json, and
    #    over variants with expired, several and odd claims.
    status = json.loads(harbor["status"])
    variants = [harbor["status"]]
    expired = json.loads(harbor["status"])
    expired["work_claims"][0]["expires_at"] = "2026-11-01T00:00:00Z"
    variants.append(json.dumps(expired, indent=2).encode())
    several = json.loads(harbor["status"])
    for lane in status["lanes"][:3]:
        several["work_claims"].append({
            "id": "fuzz-agent-lane-" + lane["id"].lower(), "agent_id": "fuzz-agent",
            "summary": "x\u00e9\U0001F600", "target_id": "h2-rc-stabilization",
            "claimed_at": "2026-11-20T10:00:00Z", "heartbeat_at": "2026-11-20T10:00:00Z",
            "expires_at": "2026-11-20T13:00:00+00:00",
            "work_item": {"kind": "lane", "id": lane["id"]}})
    variants.append(json.dumps(several, indent=2).encode())
    variants.append(harbor["status"].replace(b'"work_claims": [', b'"x_big": 123456789012345678901234567890, "x_s": "\\udc00", "work_claims": [', 1))
    for op in range(0, 256, 9):
        for v in variants:
            write(out, "claim", bytes([op]) + v)

    # 5. The cache files: contracts caches that load, and damaged ones.
    good = contracts_cache([
        ("a.md", old_signature(1), "web-console",
         [(0, "web/console/src/main.ts", 12, 10), (2, "web/console/plugins/", 20, 18)]),
        ("b.md", old_signature(2), None, []),
        ("web-console.md", old_signature(1), "x\u00e9", [(1, "a/\xff", 1, 1)]),
    ])
    for data in [good, good[:-3], good + b"x", good.replace(b"\x02", b"\x07", 1),
                 contracts_cache([]), b"{\"errors\": [], \"summary\": {}}"]:
        write(out, "caches", data)
    body = audit_result_body(
        "0" * 32, 1_700_000_000_000_000, None, 2,
        [(3, "/repo", "docs/a.md", "1"), (1, "side", "repo", "+/work/side"),
         (1, "gone", "repo", "-"), (2, "/work/side", "", "0")],
        "{\n  \"errors\": [\"a\", \"b\"]\n}\n")
    for data in [body, body[:-5], audit_result_body("", None, None, 0, [], "")]:
        write(out, "caches", data)
    facts = status_facts_body("k", 1, "hub", None, ["hub", "spoke"], ["L1", "L10", "L2"])
    for data in [facts, facts[:-3], status_facts_body("k", 0, None, None, [], [])]:
        write(out, "caches", data)

    if args.shared:
        snaps = sorted((args.shared / "corpus" / "snapshots").glob("*/files"))
        for files in snaps[:1] + snaps[-1:]:
            for p in files.rglob("*.json"):
                data = p.read_bytes()
                if len(data) <= 64 * 1024:
                    write(out, "json_models", data)
                    if p.name.endswith(".schema.json"):
                        instance = "status" if "status" in p.name else (
                            "registry" if "registry" in p.name else "control_plane")
                        write(out, "schema", data + SEPARATOR + harbor[instance])
        suite = args.shared / "jsonschema-suite" / "tests" / "draft2020-12"
        for p in sorted(suite.glob("*.json")):
            for group in json.loads(p.read_text()):
                for test in group.get("tests", [])[:2]:
                    write(out, "schema", json.dumps(group["schema"]).encode() + SEPARATOR +
                          json.dumps(test["data"]).encode())
    for t in ["json_models", "schema", "audit", "claim", "caches"]:
        print(f"{t}: {len(list((out / t).iterdir()))} seeds")


if __name__ == "__main__":
    main()
