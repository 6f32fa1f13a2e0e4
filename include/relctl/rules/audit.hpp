#pragma once
// The governance rules over status.json. Families run in the reference's
// order and fill one AuditState: the findings and the records later families
// and the derivations build on. Each family lives in src/rules/<family>.cpp.
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "relctl/model/status.hpp"
#include "relctl/rules/context.hpp"
#include "relctl/rules/diagnostic.hpp"
#include "relctl/rules/records.hpp"

namespace relctl::rules {

struct ReadinessSentences {
  std::optional<std::string> repo_ready_rule, rc_ready_rule, release_ready_rule;
};

struct AuditState {
  Diagnostics diags;
  ScopeRecord scope;
  std::set<std::string> allowed_kinds;
  std::optional<std::string> local_repo;
  Strings release_critical_lanes;
  ReadinessSentences readiness;
  std::vector<LaneRecord> lanes;
  std::map<std::string, Strings> lane_repo_ids;  // by lane id, later lane wins
  std::vector<GateRecord> gates;
  std::vector<AssertionRecord> assertions;
  std::vector<OpenDecisionRecord> open_decisions;
  std::vector<FollowupRecord> followups;
  std::vector<GapRecord> gaps;
  std::vector<CandidateRecord> candidates;
  std::map<std::string, int> gap_planned_refs;  // by gap id, for the planning counts
  std::vector<ResolvedDecisionRecord> resolved_decisions;
  std::vector<ClaimRecord> claims;
  std::vector<ConflictRecord> conflicts;
  // Repository roots resolved so far (by repo name), with whether they exist.
  std::map<std::string, std::pair<std::string, bool>> repo_roots;
};

// Runs every rule family. Throws LoadError for the inputs the reference
// cannot audit at all (no lanes).
AuditState run_rules(const model::Status& status, const AuditContext& ctx);

// The families, in evaluation order.
void check_top_level(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_scope(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_source_precedence(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_priority_engine(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_readiness_sentences(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_evidence_policy(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_lanes(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_registry_bindings(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_release_gates(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_assertions(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_open_decisions(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_followups(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_coverage_gaps(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_candidate_lanes(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_residual_tracking(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_lane_blockers(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_resolved_decisions(const model::Status& s, const AuditContext& ctx, AuditState& st);
void check_work_claims(const model::Status& s, const AuditContext& ctx, AuditState& st);

// Shared by several families (src/rules/evidence.cpp): the evidence pipeline
// for one owner (`lanes[3]`, `release_gates[0].closure_contract...`).
EvidenceResult check_evidence(const std::string& owner,
                              const model::RecordList<model::EvidenceRef>& list,
                              const AuditContext& ctx, AuditState& st);

// Shared cross-reference checks (src/rules/cross_refs.cpp).
void check_lane_id_list(const std::string& owner, const JsonPath& at, const Strings& lane_ids,
                        AuditState& st);
void check_lane_ids_known(const std::string& owner, const JsonPath& at, const Strings& lane_ids,
                          const char* noun, AuditState& st);
void check_subsystem_ids(const std::string& owner, const JsonPath& at, const Strings& subsystem_ids,
                         const Strings& lane_ids, const AuditContext& ctx, AuditState& st);
// Union of the repos of the given lanes (by-id, later lane wins), fold order.
Strings repos_of_lanes(const Strings& lane_ids, const AuditState& st);

// Small helpers for the rule files.
bool is_date(const std::string& s);             // YYYY-MM-DD, one trailing newline tolerated
bool is_timestamp_shape(const std::string& s);  // YYYY-MM-DDTHH:MM:SS(Z|±HH:MM), full match
std::string quote(const std::string& s);        // 'value' for messages
std::string quote_list(const Strings& v);       // ['a', 'b']

}  // namespace relctl::rules

namespace relctl::rules {

// Evidence tiers, weakest first: test-proof, local-rehearsal,
// managed-runtime-exercise, real-external-e2e, production-observed.
int tier_rank(const std::optional<std::string>& tier);          // -1 when unknown or absent
std::optional<std::string> highest_tier(const Strings& tiers);  // first of the highest rank
bool tier_meets(const std::optional<std::string>& highest,
                const std::optional<std::string>& minimum);

}  // namespace relctl::rules

namespace relctl::rules {
// (date as written, id case-folded): the order of decisions, followups, gaps
// and candidates.
bool dated_less(const std::pair<std::string, std::string>& a,
                const std::pair<std::string, std::string>& b);
}  // namespace relctl::rules

namespace relctl::rules {
// What a tracking or blocker reference (kind, id) points at, resolved against
// the records: the referenced record's status and whether it is settled.
struct ReferenceDetail {
  std::string kind, id;
  std::string status = "unknown";
  bool resolved = false;
  std::optional<std::string> summary;  // set when the record exists
};
// The records a tracking or blocker reference can name, by id (the later of
// two records with one id wins, as in the reference). Built once per pass
// over the lanes, so that resolving every reference stays linear.
struct ReferenceIndex {
  explicit ReferenceIndex(const AuditState& st);
  std::unordered_map<std::string_view, const FollowupRecord*> followups;
  std::unordered_map<std::string_view, const AssertionRecord*> assertions;
  std::unordered_map<std::string_view, const GateRecord*> gates;
  std::unordered_map<std::string_view, const OpenDecisionRecord*> open_decisions;
};
ReferenceDetail resolve_reference(const KindId& ref, const ReferenceIndex& idx,
                                  bool include_followups = true);
}  // namespace relctl::rules
