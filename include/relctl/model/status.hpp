#pragma once
// status.json: the release status of the active profile (lanes, readiness
// assertions, release gates, followups, coverage gaps, candidate lanes, work
// claims, decisions). Fields are those the reference reads at HEAD; see
// docs/models.md.
#include <optional>
#include <string>

#include "relctl/load/json_document.hpp"
#include "relctl/model/field.hpp"

namespace relctl::model {

struct EvidenceRef : Record {
  Field<std::string> repo, file_path, kind, evidence_tier;  // file_path is the "path" key
};

struct KindIdRef : Record {
  Field<std::string> kind, id;
};

struct RepoCatalogEntry : Record {
  Field<std::string> id, purpose, visibility;
};

struct Scope {
  const JsonNode* raw = nullptr;
  JsonPath path;
  Field<StrList> active_repos, ignored_repos;
  Field<std::string> control_plane_repo;
  RecordList<RepoCatalogEntry> repo_catalog;
};

struct EvidencePolicy {
  const JsonNode* raw = nullptr;
  JsonPath path;
  Field<std::string> format, local_repo;
  Field<bool> absolute_paths_forbidden;
  Field<StrList> allowed_kinds;
};

struct PriorityEngine {
  const JsonNode* raw = nullptr;
  JsonPath path;
  Field<std::string> formula;
  const JsonNode* floor_rule = nullptr;
  Field<StrList> release_critical_lanes;
  Field<double> minimum_score;
  const JsonNode* weights = nullptr;
  Field<double> gap_multiplier, blocker_bonus;
  Field<std::string> criticality_range, staleness_range, dependency_range;
};

struct ReadinessRules {
  const JsonNode* raw = nullptr;
  JsonPath path;
  Field<std::string> repo_ready_rule, rc_ready_rule, release_ready_rule;
};

struct LaneCompletion {
  const JsonNode* raw = nullptr;
  JsonPath path;
  Field<std::string> state, summary;
  RecordList<KindIdRef> tracking;
};

struct Lane : Record {
  Field<std::string> id, name, status;
  Field<double> target_score, current_score;
  std::optional<LaneCompletion> completion;  // set when "completion" is an object
  RecordList<KindIdRef> blockers;
  Field<StrList> subsystems;
  RecordList<EvidenceRef> evidence;
};

struct ProofCommand : Record {
  Field<std::string> id, cwd;
  Field<StrList> run;
};

struct ReadinessAssertion : Record {
  Field<std::string> id, summary, kind, blocking_level, proof_type;
  Field<StrList> lane_ids, subsystem_ids, release_gate_ids;
  RecordList<ProofCommand> proof_commands;
  RecordList<EvidenceRef> evidence;
};

struct ClosureRecord : Record {
  Field<std::string> subject_id, disposition, recorded_at, verifier;
  RecordList<EvidenceRef> evidence;
};

struct ClosureContract {
  const JsonNode* raw = nullptr;
  JsonPath path;
  Field<std::string> kind;
  Field<StrList> subject_ids;
  RecordList<ClosureRecord> provider_closure_records, replacement_deployment_records;
  const JsonNode* history_rewrite = nullptr;
  Field<bool> history_rewrite_blocking;
  Field<std::string> history_rewrite_status;
};

struct ReleaseGate : Record {
  Field<std::string> id, summary, owner, blocking_level, minimum_evidence_tier, status,
      verification_doc;
  Field<StrList> lane_ids;
  RecordList<EvidenceRef> evidence;
  std::optional<ClosureContract> closure_contract;  // set when present as an object
};

struct LaneFollowup : Record {
  Field<std::string> id, summary, owner, status, recorded_at;
  Field<StrList> lane_ids, subsystem_ids, repo_ids;
  Field<bool> cross_repo;
};

struct CoverageGap : Record {
  Field<std::string> id, summary, owner, status, recorded_at, proposed_resolution;
  Field<StrList> lane_ids, subsystem_ids;
  Field<double> coverage_impact;
  RecordList<EvidenceRef> evidence;
};

struct CandidateLane : Record {
  Field<std::string> id, name, summary, status, recorded_at, target_id;
  Field<StrList> current_lane_ids, coverage_gap_ids, subsystem_ids;
};

struct WorkClaim : Record {
  Field<std::string> id, agent_id, summary, target_id, claimed_at, heartbeat_at, expires_at;
  const JsonNode* work_item = nullptr;  // {kind, id}
  Field<std::string> work_item_kind, work_item_id;
};

struct OpenDecision : Record {
  Field<std::string> id, summary, owner, blocking_level, status, opened_at;
  Field<StrList> lane_ids, subsystem_ids;
};

struct ResolvedDecision : Record {
  Field<std::string> id, summary, kind, decided_at;
  Field<StrList> lane_ids, subsystem_ids;
};

struct Status {
  const JsonDocument* doc = nullptr;  // the file it was bound from
  Field<std::string> version, updated_at, execution_model, source_of_truth_file;
  Field<StrList> source_precedence;
  std::optional<Scope> scope;
  std::optional<ReadinessRules> readiness;
  std::optional<EvidencePolicy> evidence_reference_policy;
  std::optional<PriorityEngine> priority_engine;
  RecordList<Lane> lanes;
  RecordList<ReadinessAssertion> readiness_assertions;
  RecordList<ReleaseGate> release_gates;
  RecordList<LaneFollowup> lane_followups;
  RecordList<CoverageGap> coverage_gaps;
  RecordList<CandidateLane> candidate_lanes;
  RecordList<WorkClaim> work_claims;
  RecordList<OpenDecision> open_decisions;
  RecordList<ResolvedDecision> resolved_decisions;
};

// Binds the typed view over a parsed status.json. The document must outlive
// the model. Throws LoadError when the top level is not an object (nothing
// else about the content is refused here: the rules judge it).
Status bind_status(const JsonDocument& doc);

}  // namespace relctl::model
