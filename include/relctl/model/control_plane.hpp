#pragma once
// control_plane.json: profiles, targets and which of them are active. Unlike
// status.json, a control plane that breaks its rules makes every command
// meaningless, so the loader refuses it (exit 2) with the path and line:col of
// the first problem, as the reference refuses it (with a traceback).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "relctl/load/json_document.hpp"

namespace relctl::model {

struct Profile {
  std::string id, lifecycle, root, prerelease_branch, stable_branch, source_of_truth, status,
      status_schema, development_protocol, high_risk_matrix, subsystems_dir, registry,
      registry_schema, subsystem_contract_template;
  JsonPath path;
};

struct Target {
  std::string id, profile_id, kind, status, summary, completion_rule;
  std::string proof_scope = "derived";  // default when the key is absent
  bool proof_scope_declared = false;
  JsonPath path;
};

struct LegacyReleaseLine {
  std::string version_prefix, prerelease_branch, stable_branch;
  JsonPath path;
};

struct ControlPlane {
  std::string version, system, execution_model, agent_values_doc, control_plane_doc,
      control_plane_schema, active_profile_id, active_target_id;
  std::vector<LegacyReleaseLine> legacy_release_lines;
  std::vector<Profile> profiles;
  std::vector<Target> targets;

  [[nodiscard]] const Profile& active_profile() const;
  [[nodiscard]] const Target& active_target() const;
  [[nodiscard]] const Target* find_target(const std::string& id) const;
  [[nodiscard]] const Profile* find_profile(const std::string& id) const;
};

// The fixed values the reference requires of every control plane.
namespace control_plane_constants {
inline constexpr const char* kPath = "docs/release-control/control_plane.json";
inline constexpr const char* kVersion = "1";
inline constexpr const char* kSystem = "pulse-release-control";
inline constexpr const char* kExecutionModel = "direct-repo-sessions";
inline constexpr const char* kAgentValuesDoc = "docs/release-control/internal/AGENT_VALUES.md";
inline constexpr const char* kControlPlaneDoc = "docs/release-control/internal/CONTROL_PLANE.md";
inline constexpr const char* kControlPlaneSchema = "docs/release-control/control_plane.schema.json";
}  // namespace control_plane_constants

// Validates and binds; throws LoadError (file, JSON path, line:col).
ControlPlane bind_control_plane(const JsonDocument& doc);

// The path rule the reference applies to repository paths: relative, and
// written in normal form (no "./", "//", trailing "/", leading "../" or "/../").
bool is_clean_relative_path(const std::string& p);
// Branch names: no whitespace anywhere, not empty, not "refs/..." or "/...",
// no trailing "/".
std::optional<std::string> branch_name_problem(const std::string& b);

}  // namespace relctl::model
