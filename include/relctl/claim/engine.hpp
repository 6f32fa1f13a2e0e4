#pragma once
// Work claims: leases an agent takes on one governed work item (a lane, a
// followup, a coverage gap, a candidate lane, a readiness assertion, a
// release gate, an open decision), recorded in status.json `work_claims`.
//
// This is the pure part: given the parsed status.json, a request and the
// clock, what the new `work_claims` list is and what to report. No file is
// touched here (src/claim/status_file.cpp does the locking and writing).
// The semantics are the reference's (work_claim.py); docs/claims.md.
#include <cstddef>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "relctl/load/json_document.hpp"
#include "relctl/model/control_plane.hpp"
#include "relctl/util/clock.hpp"

namespace relctl::claim {

// The longest lease relctl grants. The reference accepts any positive
// length (and crashes past ~2.7e8 hours); a lease is a heartbeat, not a
// reservation for the month.
inline constexpr double kMaxTtlHours = 168;
inline constexpr double kDefaultTtlHours = 2;

// What the claim writer takes from the control plane and the status schema.
struct Policy {
  const model::ControlPlane* control_plane = nullptr;
  std::set<std::string> valid_kinds;  // status schema $defs.work_claim_ref.properties.kind.enum
  std::string status_path;            // the active profile's status path (reported)
};

struct ClaimRequest {
  std::string kind, work_id, summary, agent_id;
  std::optional<std::string> target_id;
  double ttl_hours = kDefaultTtlHours;
};

struct ReleaseRequest {
  std::string agent_id;
  std::optional<std::string> kind, work_id;  // both or neither
};

// A request the rules refuse (exit 1, as the reference). kConflict: another
// agent actively holds overlapping work.
class Refusal : public std::runtime_error {
 public:
  enum class Kind { kInvalid, kConflict, kNothingToRelease };
  Refusal(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  [[nodiscard]] Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// One element of the new work_claims list.
struct PlannedClaim {
  Json value;
  // Index of the stored claim it was taken from (kept or renewed), nullopt
  // for a new claim.
  std::optional<std::size_t> origin;
  bool renewed = false;
};

struct Plan {
  std::string action;         // claimed | renewed | released
  std::optional<Json> claim;  // the new or renewed claim
  std::vector<Json> replaced, pruned, released;
  std::vector<PlannedClaim> work_claims;  // the list to store, in its order
};

// The work_claims list must be present; throws LoadError (exit 2) for a
// status.json the claim rules cannot work with (no work_claims list, a claim
// without a readable expires_at, a missing collection, an active claim on an
// item that no longer exists) and Refusal for requests the rules refuse.
// `now` is taken in whole seconds.
Plan plan_claim(const JsonDocument& status, const ClaimRequest& req, const Policy& policy,
                TimePoint now);
Plan plan_release(const JsonDocument& status, const ReleaseRequest& req, const Policy& policy,
                  TimePoint now);

// The report the reference prints (action, active_target_id, claim,
// replaced/released/pruned claims, status_path, write_applied).
Json result_json(const Plan& plan, const Policy& policy, bool write_applied);
std::string result_pretty(const Plan& plan, const Policy& policy, bool write_applied);

// status.json with `work_claims` replaced by the plan's list, as the
// reference writes it: json.dumps(payload, indent=2) + "\n". The document is
// changed while rendering and restored before returning.
std::string render_status(JsonDocument& status, const Plan& plan);

// The claim id the reference derives: <agent>-<kind>-<work id>, each part
// stripped, casefolded, with every run of characters outside [a-z0-9]
// turned into one '-', '-' trimmed, "claim" when nothing is left.
std::string claim_id_for(const std::string& agent_id, const std::string& kind,
                         const std::string& work_id);

// expires_at = now + ttl as Python's timedelta(hours=ttl) computes it,
// fractional seconds dropped.
TimePoint lease_end(TimePoint now, double ttl_hours);

// Why an agent id is refused (blank, whitespace or control characters), or
// nullopt when it is acceptable.
std::optional<std::string> agent_id_problem(const std::string& agent_id);

// --- claim --list ---------------------------------------------------------

struct ListedConflict {
  std::string kind;  // same-work-item | lane-overlap | promotion-overlap
  std::vector<std::string> claim_ids, agent_ids, work_items, shared_ids;
};

struct ClaimListing {
  std::vector<Json> active, expired;
  // Claims whose expiry cannot be read: {index, id, problem}.
  std::vector<Json> unreadable;
  std::vector<ListedConflict> conflicts;
};

// Never throws for odd claims: they are listed as unreadable instead.
ClaimListing list_claims(const JsonDocument& status, const Policy& policy, TimePoint now);
Json listing_json(const ClaimListing& listing, const Policy& policy, TimePoint now);
std::string listing_pretty(const ClaimListing& listing, const Policy& policy, TimePoint now);

}  // namespace relctl::claim
