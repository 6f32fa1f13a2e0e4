#pragma once
// The start-of-session check for an agent (relctl preflight): the checkout is
// on the active profile's prerelease branch and, when asked, the agent holds
// exactly one active work claim.
#include <optional>
#include <string>
#include <vector>

#include "relctl/load/json_document.hpp"
#include "relctl/model/control_plane.hpp"
#include "relctl/util/clock.hpp"

namespace relctl::agent {

struct PreflightInput {
  const model::ControlPlane* control_plane = nullptr;
  const JsonDocument* status = nullptr;  // status.json as parsed
  std::string branch;                    // "" on a detached HEAD
  std::string agent_id = "codex";
  bool require_active_claim = false;
  TimePoint now;
};

struct PreflightReport {
  std::string branch, expected_branch, active_profile_id, active_target_id, agent_id;
  bool require_active_claim = false;
  std::vector<std::string> active_claim_ids, agent_active_claim_ids;
  std::size_t expired_claim_count = 0;
  std::vector<std::string> errors;
};

// Throws LoadError (status.json, JSON path, line:col) when work_claims is not
// a list of objects or a claim has no valid expires_at: its state is then
// unknown, and a preflight must not guess.
PreflightReport run_preflight(const PreflightInput& in);

// The report as the reference prints it: keys sorted, the counts derived
// from the id lists.
nlohmann::json preflight_json(const PreflightReport& r);

}  // namespace relctl::agent
