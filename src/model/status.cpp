#include "relctl/model/status.hpp"

#include "relctl/load/errors.hpp"

namespace relctl::model {
namespace {

void bind_evidence_ref(EvidenceRef& r, const JsonNode& o) {
  r.repo = bind_string(o, r.path, "repo");
  r.file_path = bind_string(o, r.path, "path");
  r.kind = bind_string(o, r.path, "kind");
  r.evidence_tier = bind_string(o, r.path, "evidence_tier");
}

RecordList<EvidenceRef> bind_evidence(const JsonNode& o, const JsonPath& at) {
  return bind_records<EvidenceRef>(o, at, "evidence", bind_evidence_ref);
}

void bind_kind_id(KindIdRef& r, const JsonNode& o) {
  r.kind = bind_string(o, r.path, "kind");
  r.id = bind_string(o, r.path, "id");
}

template <class T>
void start_section(T& s, const JsonNode* raw, const JsonPath& path) {
  s.raw = raw;
  s.path = path;
}

void bind_lane(Lane& l, const JsonNode& o) {
  l.id = bind_string(o, l.path, "id");
  l.name = bind_string(o, l.path, "name");
  l.status = bind_string(o, l.path, "status");
  l.target_score = bind_number(o, l.path, "target_score");
  l.current_score = bind_number(o, l.path, "current_score");
  if (const JsonNode* c = find_member(o, "completion"); c != nullptr && c->is_object()) {
    LaneCompletion lc;
    start_section(lc, c, l.path.key("completion"));
    lc.state = bind_string(*c, lc.path, "state");
    lc.summary = bind_string(*c, lc.path, "summary");
    lc.tracking = bind_records<KindIdRef>(*c, lc.path, "tracking", bind_kind_id);
    l.completion = std::move(lc);
  }
  l.blockers = bind_records<KindIdRef>(o, l.path, "blockers", bind_kind_id);
  l.subsystems = bind_string_list(o, l.path, "subsystems");
  l.evidence = bind_evidence(o, l.path);
}

void bind_proof_command(ProofCommand& p, const JsonNode& o) {
  p.id = bind_string(o, p.path, "id");
  p.cwd = bind_string(o, p.path, "cwd");
  p.run = bind_string_list(o, p.path, "run");
}

void bind_assertion(ReadinessAssertion& a, const JsonNode& o) {
  a.id = bind_string(o, a.path, "id");
  a.summary = bind_string(o, a.path, "summary");
  a.kind = bind_string(o, a.path, "kind");
  a.blocking_level = bind_string(o, a.path, "blocking_level");
  a.proof_type = bind_string(o, a.path, "proof_type");
  a.lane_ids = bind_string_list(o, a.path, "lane_ids");
  a.subsystem_ids = bind_string_list(o, a.path, "subsystem_ids");
  a.release_gate_ids = bind_string_list(o, a.path, "release_gate_ids");
  a.proof_commands = bind_records<ProofCommand>(o, a.path, "proof_commands", bind_proof_command);
  a.evidence = bind_evidence(o, a.path);
}

void bind_closure_record(ClosureRecord& r, const JsonNode& o) {
  r.subject_id = bind_string(o, r.path, "subject_id");
  r.disposition = bind_string(o, r.path, "disposition");
  r.recorded_at = bind_string(o, r.path, "recorded_at");
  r.verifier = bind_string(o, r.path, "verifier");
  r.evidence = bind_evidence(o, r.path);
}

void bind_gate(ReleaseGate& g, const JsonNode& o) {
  g.id = bind_string(o, g.path, "id");
  g.summary = bind_string(o, g.path, "summary");
  g.owner = bind_string(o, g.path, "owner");
  g.blocking_level = bind_string(o, g.path, "blocking_level");
  g.minimum_evidence_tier = bind_string(o, g.path, "minimum_evidence_tier");
  g.status = bind_string(o, g.path, "status");
  g.verification_doc = bind_string(o, g.path, "verification_doc");
  g.lane_ids = bind_string_list(o, g.path, "lane_ids");
  g.evidence = bind_evidence(o, g.path);
  if (const JsonNode* c = find_member(o, "closure_contract"); c != nullptr && c->is_object()) {
    ClosureContract cc;
    start_section(cc, c, g.path.key("closure_contract"));
    cc.kind = bind_string(*c, cc.path, "kind");
    cc.subject_ids = bind_string_list(*c, cc.path, "subject_ids");
    cc.provider_closure_records =
        bind_records<ClosureRecord>(*c, cc.path, "provider_closure_records", bind_closure_record);
    cc.replacement_deployment_records = bind_records<ClosureRecord>(
        *c, cc.path, "replacement_deployment_records", bind_closure_record);
    cc.history_rewrite = find_member(*c, "history_rewrite");
    if (cc.history_rewrite != nullptr && cc.history_rewrite->is_object()) {
      const JsonPath hp = cc.path.key("history_rewrite");
      cc.history_rewrite_blocking = bind_bool(*cc.history_rewrite, hp, "blocking");
      cc.history_rewrite_status = bind_string(*cc.history_rewrite, hp, "status");
    }
    g.closure_contract = std::move(cc);
  }
}

void bind_followup(LaneFollowup& f, const JsonNode& o) {
  f.id = bind_string(o, f.path, "id");
  f.summary = bind_string(o, f.path, "summary");
  f.owner = bind_string(o, f.path, "owner");
  f.status = bind_string(o, f.path, "status");
  f.recorded_at = bind_string(o, f.path, "recorded_at");
  f.lane_ids = bind_string_list(o, f.path, "lane_ids");
  f.subsystem_ids = bind_string_list(o, f.path, "subsystem_ids");
  f.repo_ids = bind_string_list(o, f.path, "repo_ids");
  f.cross_repo = bind_bool(o, f.path, "cross_repo");
}

void bind_gap(CoverageGap& g, const JsonNode& o) {
  g.id = bind_string(o, g.path, "id");
  g.summary = bind_string(o, g.path, "summary");
  g.owner = bind_string(o, g.path, "owner");
  g.status = bind_string(o, g.path, "status");
  g.recorded_at = bind_string(o, g.path, "recorded_at");
  g.proposed_resolution = bind_string(o, g.path, "proposed_resolution");
  g.lane_ids = bind_string_list(o, g.path, "lane_ids");
  g.subsystem_ids = bind_string_list(o, g.path, "subsystem_ids");
  g.coverage_impact = bind_number(o, g.path, "coverage_impact");
  g.evidence = bind_evidence(o, g.path);
}

void bind_candidate(CandidateLane& c, const JsonNode& o) {
  c.id = bind_string(o, c.path, "id");
  c.name = bind_string(o, c.path, "name");
  c.summary = bind_string(o, c.path, "summary");
  c.status = bind_string(o, c.path, "status");
  c.recorded_at = bind_string(o, c.path, "recorded_at");
  c.target_id = bind_string(o, c.path, "target_id");
  c.current_lane_ids = bind_string_list(o, c.path, "current_lane_ids");
  c.coverage_gap_ids = bind_string_list(o, c.path, "coverage_gap_ids");
  c.subsystem_ids = bind_string_list(o, c.path, "subsystem_ids");
}

void bind_claim(WorkClaim& w, const JsonNode& o) {
  w.id = bind_string(o, w.path, "id");
  w.agent_id = bind_string(o, w.path, "agent_id");
  w.summary = bind_string(o, w.path, "summary");
  w.target_id = bind_string(o, w.path, "target_id");
  w.claimed_at = bind_string(o, w.path, "claimed_at");
  w.heartbeat_at = bind_string(o, w.path, "heartbeat_at");
  w.expires_at = bind_string(o, w.path, "expires_at");
  w.work_item = find_member(o, "work_item");
  const JsonPath wp = w.path.key("work_item");
  const JsonNode& wi = (w.work_item != nullptr && w.work_item->is_object())
                           ? *w.work_item
                           : JsonNode::empty_object();
  w.work_item_kind = bind_string(wi, wp, "kind");
  w.work_item_id = bind_string(wi, wp, "id");
}

void bind_open_decision(OpenDecision& d, const JsonNode& o) {
  d.id = bind_string(o, d.path, "id");
  d.summary = bind_string(o, d.path, "summary");
  d.owner = bind_string(o, d.path, "owner");
  d.blocking_level = bind_string(o, d.path, "blocking_level");
  d.status = bind_string(o, d.path, "status");
  d.opened_at = bind_string(o, d.path, "opened_at");
  d.lane_ids = bind_string_list(o, d.path, "lane_ids");
  d.subsystem_ids = bind_string_list(o, d.path, "subsystem_ids");
}

void bind_resolved_decision(ResolvedDecision& d, const JsonNode& o) {
  d.id = bind_string(o, d.path, "id");
  d.summary = bind_string(o, d.path, "summary");
  d.kind = bind_string(o, d.path, "kind");
  d.decided_at = bind_string(o, d.path, "decided_at");
  d.lane_ids = bind_string_list(o, d.path, "lane_ids");
  d.subsystem_ids = bind_string_list(o, d.path, "subsystem_ids");
}

}  // namespace

Status bind_status(const JsonDocument& doc) {
  const JsonNode& o = doc.root();
  if (!o.is_object()) {
    throw LoadError(doc.file(), "expected a JSON object at the top level of status.json",
                    doc.locate({}), JsonPath{});
  }
  Status s;
  s.doc = &doc;
  const JsonPath root;
  s.version = bind_string(o, root, "version");
  s.updated_at = bind_string(o, root, "updated_at");
  s.execution_model = bind_string(o, root, "execution_model");
  s.source_of_truth_file = bind_string(o, root, "source_of_truth_file");
  s.source_precedence = bind_string_list(o, root, "source_precedence");

  if (const JsonNode* sc = find_member(o, "scope"); sc != nullptr && sc->is_object()) {
    Scope scope;
    start_section(scope, sc, root.key("scope"));
    scope.active_repos = bind_string_list(*sc, scope.path, "active_repos");
    scope.ignored_repos = bind_string_list(*sc, scope.path, "ignored_repos");
    scope.control_plane_repo = bind_string(*sc, scope.path, "control_plane_repo");
    scope.repo_catalog = bind_records<RepoCatalogEntry>(
        *sc, scope.path, "repo_catalog", [](RepoCatalogEntry& e, const JsonNode& eo) {
          e.id = bind_string(eo, e.path, "id");
          e.purpose = bind_string(eo, e.path, "purpose");
          e.visibility = bind_string(eo, e.path, "visibility");
        });
    s.scope = std::move(scope);
  }
  if (const JsonNode* r = find_member(o, "readiness"); r != nullptr && r->is_object()) {
    ReadinessRules rr;
    start_section(rr, r, root.key("readiness"));
    rr.repo_ready_rule = bind_string(*r, rr.path, "repo_ready_rule");
    rr.rc_ready_rule = bind_string(*r, rr.path, "rc_ready_rule");
    rr.release_ready_rule = bind_string(*r, rr.path, "release_ready_rule");
    s.readiness = std::move(rr);
  }
  if (const JsonNode* p = find_member(o, "evidence_reference_policy");
      p != nullptr && p->is_object()) {
    EvidencePolicy ep;
    start_section(ep, p, root.key("evidence_reference_policy"));
    ep.format = bind_string(*p, ep.path, "format");
    ep.local_repo = bind_string(*p, ep.path, "local_repo");
    ep.absolute_paths_forbidden = bind_bool(*p, ep.path, "absolute_paths_forbidden");
    ep.allowed_kinds = bind_string_list(*p, ep.path, "allowed_kinds");
    s.evidence_reference_policy = std::move(ep);
  }
  if (const JsonNode* p = find_member(o, "priority_engine"); p != nullptr && p->is_object()) {
    PriorityEngine pe;
    start_section(pe, p, root.key("priority_engine"));
    pe.formula = bind_string(*p, pe.path, "formula");
    pe.floor_rule = find_member(*p, "floor_rule");
    if (pe.floor_rule != nullptr && pe.floor_rule->is_object()) {
      const JsonPath fp = pe.path.key("floor_rule");
      pe.release_critical_lanes = bind_string_list(*pe.floor_rule, fp, "release_critical_lanes");
      pe.minimum_score = bind_number(*pe.floor_rule, fp, "minimum_score");
    }
    pe.weights = find_member(*p, "weights");
    if (pe.weights != nullptr && pe.weights->is_object()) {
      const JsonPath wp = pe.path.key("weights");
      pe.gap_multiplier = bind_number(*pe.weights, wp, "gap_multiplier");
      pe.blocker_bonus = bind_number(*pe.weights, wp, "blocker_bonus");
      pe.criticality_range = bind_string(*pe.weights, wp, "criticality_range");
      pe.staleness_range = bind_string(*pe.weights, wp, "staleness_range");
      pe.dependency_range = bind_string(*pe.weights, wp, "dependency_range");
    }
    s.priority_engine = std::move(pe);
  }
  s.lanes = bind_records<Lane>(o, root, "lanes", bind_lane);
  s.readiness_assertions =
      bind_records<ReadinessAssertion>(o, root, "readiness_assertions", bind_assertion);
  s.release_gates = bind_records<ReleaseGate>(o, root, "release_gates", bind_gate);
  s.lane_followups = bind_records<LaneFollowup>(o, root, "lane_followups", bind_followup);
  s.coverage_gaps = bind_records<CoverageGap>(o, root, "coverage_gaps", bind_gap);
  s.candidate_lanes = bind_records<CandidateLane>(o, root, "candidate_lanes", bind_candidate);
  s.work_claims = bind_records<WorkClaim>(o, root, "work_claims", bind_claim);
  s.open_decisions = bind_records<OpenDecision>(o, root, "open_decisions", bind_open_decision);
  s.resolved_decisions =
      bind_records<ResolvedDecision>(o, root, "resolved_decisions", bind_resolved_decision);
  return s;
}

}  // namespace relctl::model
