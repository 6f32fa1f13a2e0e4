// Runs the rule families in the reference's evaluation order.
#include "relctl/rules/audit.hpp"

namespace relctl::rules {

AuditState run_rules(const model::Status& status, const AuditContext& ctx) {
  AuditState st;
  st.diags.set_file(status.doc->file());
  check_top_level(status, ctx, st);
  check_scope(status, ctx, st);
  check_source_precedence(status, ctx, st);
  check_priority_engine(status, ctx, st);
  check_readiness_sentences(status, ctx, st);
  check_evidence_policy(status, ctx, st);
  check_lanes(status, ctx, st);
  check_registry_bindings(status, ctx, st);
  check_release_gates(status, ctx, st);
  check_assertions(status, ctx, st);
  check_open_decisions(status, ctx, st);
  check_followups(status, ctx, st);
  check_coverage_gaps(status, ctx, st);
  check_candidate_lanes(status, ctx, st);
  check_residual_tracking(status, ctx, st);
  check_lane_blockers(status, ctx, st);
  check_resolved_decisions(status, ctx, st);
  check_work_claims(status, ctx, st);
  return st;
}

}  // namespace relctl::rules
