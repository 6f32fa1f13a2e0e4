#pragma once
// The records the audit derives from status.json: one per well-formed
// element of each collection, with the figures the rules compute for it.
// They are plain values; report/ turns them into JSON and text.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "relctl/load/json_document.hpp"

namespace relctl::rules {

using Strings = std::vector<std::string>;

struct KindId {
  std::string kind, id;
  friend bool operator==(const KindId&, const KindId&) = default;
};

// What the evidence pipeline found for one owner's `evidence` array.
struct EvidenceResult {
  Strings missing;            // "<repo>:<path>" of absent files, in order
  std::size_t resolved = 0;   // references that fully resolved
  std::vector<Strings> refs;  // field-valid (repo, path, kind)
  Strings tiers;              // valid tiers of field-valid references
  [[nodiscard]] bool all_present() const { return missing.empty(); }
  [[nodiscard]] Strings repo_ids() const;  // distinct repos, fold order
};

struct LaneRecord {
  std::size_t index = 0;
  std::string id, name;
  double target_score = 0, current_score = 0, gap = 0;
  bool at_target = false;
  std::string status, completion_state, completion_summary;
  std::vector<KindId> tracking, blockers;
  Strings subsystems, repo_ids;
  std::string derived_status;
  bool all_evidence_present = true;
  std::size_t evidence_count = 0;
  Strings missing_evidence;
};

struct GateRecord {
  std::size_t index = 0;
  std::string id, summary, owner, blocking_level, minimum_evidence_tier, status, verification_doc;
  Strings lane_ids;
  std::string effective_status;
  bool all_evidence_present = true;
  std::size_t evidence_count = 0;
  std::optional<std::string> highest_evidence_tier;
  bool evidence_threshold_met = true;
  Strings missing_evidence;
  std::optional<std::string> closure_contract_kind;
  bool closure_declared = false;
  bool closure_complete = true;
  std::size_t closure_subject_count = 0, provider_closure_count = 0,
              replacement_deployment_count = 0;
  Strings missing_provider_subject_ids, missing_replacement_subject_ids;
  Json history_rewrite_blocking;  // null without a contract; else the raw value
  Strings repo_ids;
};

struct ProofCommandRecord {
  std::string id;
  Strings run;
  std::optional<std::string> cwd;
};

struct AssertionRecord {
  std::size_t index = 0;
  std::string id, summary, kind, blocking_level, proof_type;
  Strings lane_ids, subsystem_ids, release_gate_ids;
  std::vector<ProofCommandRecord> proof_commands;
  std::string derived_status;
  bool all_evidence_present = true;
  std::size_t evidence_count = 0;
  Strings missing_evidence;
  bool has_executable_proof = false;
  bool linked_release_gates_cleared = true;
  Strings repo_ids;
  [[nodiscard]] bool derived_pass() const { return derived_status == "passed"; }
};

struct OpenDecisionRecord {
  std::size_t index = 0;
  std::string id, summary, owner, blocking_level, opened_at, status;
  Strings lane_ids, subsystem_ids, repo_ids;
};

struct FollowupRecord {
  std::size_t index = 0;
  std::string id, summary, owner, status, recorded_at;
  Strings lane_ids, subsystem_ids, repo_ids;
};

struct GapRecord {
  std::size_t index = 0;
  std::string id, summary, owner, status, recorded_at, proposed_resolution;
  std::int64_t coverage_impact = 0;
  Strings lane_ids, subsystem_ids, repo_ids;
  std::size_t evidence_count = 0;
  Strings missing_evidence;
  bool all_evidence_present = true;
};

struct CandidateRecord {
  std::size_t index = 0;
  std::string id, name, summary, status, recorded_at, target_id;
  Strings current_lane_ids, coverage_gap_ids, subsystem_ids, repo_ids;
};

struct ClaimRecord {
  std::size_t index = 0;
  std::string id, agent_id, summary, target_id, claimed_at, heartbeat_at, expires_at;
  std::string claim_state;  // active | expired
  std::string work_kind, work_id;
  Strings lane_ids, coverage_gap_ids, repo_ids;
};

struct ConflictRecord {
  std::string kind;  // same-work-item | lane-overlap | promotion-overlap
  Strings claim_ids, agent_ids;
  std::string summary;
  Strings work_items, lane_ids, coverage_gap_ids;
};

struct ResolvedDecisionRecord {
  std::size_t index = 0;
  std::string id, summary, kind, decided_at;
  Strings lane_ids, subsystem_ids, repo_ids;
};

struct CatalogEntry {
  std::string id, purpose, visibility;
};

struct ScopeRecord {
  Strings active_repos, ignored_repos;
  std::optional<std::string> control_plane_repo;
  std::vector<CatalogEntry> repo_catalog;
};

// A by-id index over records where the later record wins, as in the reference.
template <class R>
std::map<std::string, const R*> index_by_id(const std::vector<R>& records) {
  std::map<std::string, const R*> m;
  for (const auto& r : records) m[r.id] = &r;
  return m;
}

}  // namespace relctl::rules
