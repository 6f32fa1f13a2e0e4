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

namespace relctl::model {

// Readiness levels the active target's proof covers (proof_scope, else its
// completion_rule). nullopt when they cannot be derived (a manual target
// with a derived proof scope); `why` then says so.
std::optional<std::vector<std::string>> blocking_levels(const Target& t, std::string* why);

// A semantic-version prerelease: "-" then dot-separated identifiers of
// [0-9A-Za-z-], optionally "+build", at the end ("6.0.0-rc.1", "5.2.0-beta").
bool is_prerelease_version(const std::string& v);

// The release branch for a version: the longest matching legacy release line
// (version prefix after one leading "v"), else the active profile; its
// prerelease or stable branch by is_prerelease_version.
std::string branch_for_version(const ControlPlane& cp, const std::string& version);

}  // namespace relctl::model
