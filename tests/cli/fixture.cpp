#include "fixture.hpp"

#include <vector>

namespace relctl::test {

using J = nlohmann::ordered_json;

Fixture Fixture::minimal() {
  Fixture f;
  f.control_plane = J::parse(R"({
    "version": "1", "system": "pulse-release-control", "execution_model": "direct-repo-sessions",
    "agent_values_doc": "docs/release-control/internal/AGENT_VALUES.md",
    "control_plane_doc": "docs/release-control/internal/CONTROL_PLANE.md",
    "control_plane_schema": "docs/release-control/control_plane.schema.json",
    "active_profile_id": "p1", "active_target_id": "t1",
    "profiles": [{"id": "p1", "lifecycle": "active", "root": "docs/release-control/p1",
      "prerelease_branch": "next", "stable_branch": "stable",
      "source_of_truth": "docs/release-control/p1/SOURCE.md",
      "status": "docs/release-control/p1/status.json",
      "status_schema": "docs/release-control/p1/status.schema.json",
      "development_protocol": "docs/release-control/p1/PROTOCOL.md",
      "high_risk_matrix": "docs/release-control/p1/RISK.md",
      "subsystems_dir": "docs/release-control/p1/subsystems",
      "registry": "docs/release-control/p1/registry.json",
      "registry_schema": "docs/release-control/p1/registry.schema.json",
      "subsystem_contract_template": "docs/release-control/p1/TEMPLATE.md"}],
    "targets": [{"id": "t1", "profile_id": "p1", "kind": "feature", "status": "active",
      "summary": "Ship the first feature set.", "completion_rule": "rc_ready"}]})");
  f.control_plane_schema = J::parse(R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "required": ["version", "profiles", "targets"],
    "properties": {"version": {"const": "1"},
      "profiles": {"type": "array", "minItems": 1, "items": {"type": "object"}},
      "targets": {"type": "array", "minItems": 1, "items": {"type": "object"}}}})");
  f.status = J::parse(R"({
    "version": "6.0", "updated_at": "2026-11-01",
    "source_precedence": ["a.md", "b.json"],
    "lanes": [{"id": "L1", "name": "Core", "target_score": 8, "current_score": 4,
               "status": "partial"}]})");
  f.status_schema = J::parse(R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "additionalProperties": false,
    "required": ["version", "lanes"],
    "properties": {
      "version": {"const": "6.0"},
      "updated_at": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
      "source_precedence": {"type": "array", "prefixItems": [{"const": "a.md"}, {"const": "b.json"}],
                            "items": false, "minItems": 2},
      "lanes": {"type": "array", "items": {"$ref": "#/$defs/lane"}}},
    "$defs": {"lane": {"type": "object", "additionalProperties": false,
      "required": ["id", "status"],
      "properties": {"id": {"type": "string", "pattern": "^L[0-9]+$"}, "name": {"type": "string"},
        "target_score": {"type": "number", "minimum": 0, "maximum": 10},
        "current_score": {"type": "number", "minimum": 0, "maximum": 10},
        "status": {"enum": ["not-started", "partial", "target-met", "blocked"]}}}}})");
  // The enumerations the audit reads from the status schema.
  auto e = [](std::initializer_list<std::pair<const char*, std::vector<std::string>>> props) {
    J o = J::object();
    for (const auto& [k, v] : props) o["properties"][k]["enum"] = v;
    return o;
  };
  auto& defs = f.status_schema["$defs"];
  defs["evidence_reference"] = e({{"evidence_tier", {"test-proof", "local-rehearsal"}}});
  defs["readiness_assertion"] = e({{"blocking_level", {"repo-ready", "rc-ready"}},
                                   {"kind", {"invariant"}},
                                   {"proof_type", {"automated", "manual"}}});
  defs["release_gate"] = e({{"blocking_level", {"rc-ready"}}, {"status", {"pending", "passed"}}});
  defs["lane_followup"] = e({{"status", {"planned"}}});
  defs["coverage_gap"] = e({{"status", {"planned"}}, {"proposed_resolution", {"new-lane"}}});
  defs["candidate_lane"] = e({{"status", {"proposed"}}});
  defs["work_claim_ref"] = e({{"kind", {"lane"}}});
  defs["open_decision"] = e({{"blocking_level", {"rc-ready"}}, {"status", {"open"}}});
  defs["resolved_decision"] = e({{"kind", {"governance"}}});
  f.registry = J::parse(R"({"version": 1, "shared_ownerships": [], "subsystems": [
    {"id": "core", "lane": "L1", "contract": "docs/release-control/p1/subsystems/core.md",
     "owned_prefixes": ["src/core/"], "owned_files": [],
     "verification": {"allow_same_subsystem_tests": true, "test_prefixes": [], "exact_files": [],
                      "require_explicit_path_policy_coverage": false, "path_policies": []}}]})");
  f.registry_schema = J::parse(R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "required": ["version", "subsystems"],
    "properties": {"version": {"const": 1}, "shared_ownerships": {"type": "array"},
      "subsystems": {"type": "array", "items": {"type": "object", "required": ["id", "lane"]}}}})");
  return f;
}

void Fixture::write(const TempDir& dir) const {
  dir.write("docs/release-control/control_plane.json", control_plane.dump(2) + "\n");
  dir.write("docs/release-control/control_plane.schema.json", control_plane_schema.dump(2));
  dir.write(kStatusPath, status.dump(2) + "\n");
  dir.write(kStatusSchemaPath, status_schema.dump(2));
  dir.write(kRegistryPath, registry.dump(2) + "\n");
  dir.write("docs/release-control/p1/registry.schema.json", registry_schema.dump(2));
  dir.write("VERSION", "1.0.0-rc.1\n");
}

}  // namespace relctl::test
