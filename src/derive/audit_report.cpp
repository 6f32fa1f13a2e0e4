#include "relctl/derive/audit_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "relctl/rules/orders.hpp"
#include "relctl/util/text.hpp"

namespace relctl::derive {

using nlohmann::json;
using rules::AssertionRecord;
using rules::GateRecord;
using rules::OpenDecisionRecord;
using rules::Strings;

namespace {

json strings(const Strings& v) { return json(v); }

// An object from key/value pairs, each value converted once and moved in:
// nlohmann's initializer lists build a two-element array per member first.
inline void put(json::object_t&) {}
template <class V, class... Rest>
void put(json::object_t& o, const char* key, V&& value, Rest&&... rest) {
  o.emplace(key, json(std::forward<V>(value)));
  put(o, std::forward<Rest>(rest)...);
}
template <class... Args>
json obj(Args&&... args) {
  json j(json::value_t::object);
  put(j.get_ref<json::object_t&>(), std::forward<Args>(args)...);
  return j;
}

json lane_json(const rules::LaneRecord& l) {
  json tracking = json::array();
  for (const auto& t : l.tracking) tracking.push_back(obj("kind", t.kind, "id", t.id));
  json blockers = json::array();
  for (const auto& b : l.blockers) blockers.push_back(obj("kind", b.kind, "id", b.id));
  return obj("id", l.id, "name", l.name, "target_score", l.target_score, "current_score",
             l.current_score, "gap", l.gap, "at_target", l.at_target, "status", l.status,
             "completion_state", l.completion_state, "completion_summary", l.completion_summary,
             "completion_tracking", tracking, "blockers", blockers, "subsystems",
             strings(l.subsystems), "repo_ids", strings(l.repo_ids), "cross_repo",
             l.repo_ids.size() > 1, "derived_status", l.derived_status, "all_evidence_present",
             l.all_evidence_present, "evidence_count", l.evidence_count, "missing_evidence",
             strings(l.missing_evidence));
}

json optional_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json gate_json(const GateRecord& g) {
  return {
      {"id", g.id},
      {"summary", g.summary},
      {"owner", g.owner},
      {"blocking_level", g.blocking_level},
      {"minimum_evidence_tier", g.minimum_evidence_tier},
      {"status", g.status},
      {"effective_status", g.effective_status},
      {"verification_doc", g.verification_doc},
      {"lane_ids", strings(g.lane_ids)},
      {"all_evidence_present", g.all_evidence_present},
      {"evidence_count", g.evidence_count},
      {"highest_evidence_tier", optional_string(g.highest_evidence_tier)},
      {"evidence_threshold_met", g.evidence_threshold_met},
      {"missing_evidence", strings(g.missing_evidence)},
      {"closure_contract_kind", optional_string(g.closure_contract_kind)},
      {"closure_contract_complete", g.closure_complete},
      {"closure_subject_count", g.closure_subject_count},
      {"provider_closure_count", g.provider_closure_count},
      {"replacement_deployment_count", g.replacement_deployment_count},
      {"missing_provider_closure_subject_ids", strings(g.missing_provider_subject_ids)},
      {"missing_replacement_deployment_subject_ids", strings(g.missing_replacement_subject_ids)},
      {"history_rewrite_blocking", json::parse(g.history_rewrite_blocking.dump())},
      {"repo_ids", strings(g.repo_ids)},
      {"cross_repo", g.repo_ids.size() > 1}};
}

json assertion_json(const AssertionRecord& a) {
  json commands = json::array();
  for (const auto& c : a.proof_commands) {
    json cmd = {{"id", c.id}, {"run", strings(c.run)}};
    if (c.cwd) cmd["cwd"] = *c.cwd;
    commands.push_back(std::move(cmd));
  }
  return obj("id", a.id, "summary", a.summary, "kind", a.kind, "blocking_level", a.blocking_level,
             "proof_type", a.proof_type, "lane_ids", strings(a.lane_ids), "subsystem_ids",
             strings(a.subsystem_ids), "release_gate_ids", strings(a.release_gate_ids),
             "proof_commands", std::move(commands), "derived_status", a.derived_status,
             "derived_pass", a.derived_pass(), "all_evidence_present", a.all_evidence_present,
             "evidence_count", a.evidence_count, "proof_command_count", a.proof_commands.size(),
             "has_executable_proof", a.has_executable_proof, "missing_evidence",
             strings(a.missing_evidence), "linked_release_gates_cleared",
             a.linked_release_gates_cleared, "repo_ids", strings(a.repo_ids), "cross_repo",
             a.repo_ids.size() > 1);
}

// The common shape of a blocking item (assertion, decision or gate).
json blocker_detail(const AssertionRecord& a) {
  return obj("id", a.id, "blocking_level", a.blocking_level, "status", a.derived_status, "summary",
             a.summary, "repo_ids", strings(a.repo_ids), "lane_ids", strings(a.lane_ids));
}
json blocker_detail(const OpenDecisionRecord& o) {
  return obj("id", o.id, "blocking_level", o.blocking_level, "status", o.status, "summary",
             o.summary, "repo_ids", strings(o.repo_ids), "lane_ids", strings(o.lane_ids));
}
json blocker_detail(const GateRecord& g) {
  json d = {{"id", g.id},
            {"blocking_level", g.blocking_level},
            {"status", g.effective_status},
            {"summary", g.summary},
            {"repo_ids", strings(g.repo_ids)},
            {"lane_ids", strings(g.lane_ids)},
            {"effective_status", g.effective_status},
            {"highest_evidence_tier", optional_string(g.highest_evidence_tier)},
            {"minimum_evidence_tier", g.minimum_evidence_tier}};
  if (g.closure_contract_kind && !g.closure_contract_kind->empty()) {
    d["closure_contract_kind"] = *g.closure_contract_kind;
    d["closure_contract_complete"] = g.closure_complete;
    d["closure_subject_count"] = g.closure_subject_count;
    d["provider_closure_count"] = g.provider_closure_count;
    d["replacement_deployment_count"] = g.replacement_deployment_count;
    d["missing_provider_closure_subject_ids"] = strings(g.missing_provider_subject_ids);
    d["missing_replacement_deployment_subject_ids"] = strings(g.missing_replacement_subject_ids);
    d["history_rewrite_blocking"] = json::parse(g.history_rewrite_blocking.dump());
  }
  return d;
}

json phase_details(const rules::AuditState& st, const std::set<std::string>& levels) {
  json a = json::array();
  json o = json::array();
  json g = json::array();
  for (const auto& x : st.assertions) {
    if (levels.count(x.blocking_level) && !x.derived_pass()) a.push_back(blocker_detail(x));
  }
  for (const auto& x : st.open_decisions) {
    if (levels.count(x.blocking_level)) o.push_back(blocker_detail(x));
  }
  for (const auto& x : st.gates) {
    if (levels.count(x.blocking_level) && x.effective_status != "passed") {
      g.push_back(blocker_detail(x));
    }
  }
  return obj("assertions", a, "open_decisions", o, "release_gates", g);
}

Strings contract_paths(const Strings& subsystem_ids, const rules::AuditContext& ctx) {
  std::set<std::string> ids;
  for (const auto& s : subsystem_ids) {
    auto t = text::strip(s);
    if (!t.empty()) ids.insert(t);
  }
  Strings out;
  for (const auto& id : ids) {
    if (auto it = ctx.registry.subsystem_contract.find(id);
        it != ctx.registry.subsystem_contract.end()) {
      out.push_back(it->second);
    }
  }
  return out;
}

json reference_details(const std::vector<rules::KindId>& refs, const rules::ReferenceIndex& idx,
                       Strings& labels, std::size_t& unresolved) {
  json details = json::array();
  for (const auto& r : refs) {
    const auto d = rules::resolve_reference(r, idx);
    labels.push_back(fmt::format("{}:{}[{}]", d.kind, d.id, d.status));
    if (!d.resolved) ++unresolved;
    json j = {{"kind", d.kind}, {"id", d.id}, {"status", d.status}, {"resolved", d.resolved}};
    if (d.summary) j["summary"] = *d.summary;
    details.push_back(j);
  }
  return details;
}

void add_unique(json& list, const std::string& v) {
  for (const auto& x : list) {
    if (x == v) return;
  }
  list.push_back(v);
}

}  // namespace

json build_audit_report(const rules::AuditState& st, const rules::AuditContext& ctx) {
  const auto& cp = ctx.control_plane;
  const auto& target = cp.active_target();
  json warnings = json::array();
  for (const auto& c : st.claims) {
    if (c.claim_state == "expired") {
      warnings.push_back(
          fmt::format("work claim {} on {}:{} expired at {}; it no longer reserves that work",
                      rules::quote(c.id), c.work_kind, c.work_id, c.expires_at));
    }
  }

  auto assertions_cleared = [&](const char* level) {
    return std::all_of(st.assertions.begin(), st.assertions.end(), [&](const auto& a) {
      return a.blocking_level != level || a.derived_pass();
    });
  };
  auto gates_cleared = [&](const char* level) {
    return std::all_of(st.gates.begin(), st.gates.end(), [&](const auto& g) {
      return g.blocking_level != level || g.effective_status == "passed";
    });
  };
  auto decisions_cleared = [&](const char* level) {
    return std::none_of(st.open_decisions.begin(), st.open_decisions.end(),
                        [&](const auto& o) { return o.blocking_level == level; });
  };
  const bool repo_a = assertions_cleared("repo-ready");
  const bool rc_a = assertions_cleared("rc-ready");
  const bool rel_a = assertions_cleared("release-ready");
  const bool rc_g = gates_cleared("rc-ready");
  const bool rel_g = gates_cleared("release-ready");
  const bool rc_d = decisions_cleared("rc-ready");
  const bool rel_d = decisions_cleared("release-ready");
  const bool repo_ready =
      std::all_of(st.lanes.begin(), st.lanes.end(),
                  [](const auto& l) { return l.at_target && l.all_evidence_present; }) &&
      repo_a;
  const bool rc_ready = repo_ready && rc_a && rc_d && rc_g;
  const bool release_ready = rc_ready && rel_a && rel_d && rel_g;

  std::string why;
  auto levels_opt = model::blocking_levels(target, &why);
  Strings levels;
  if (levels_opt) {
    levels = *levels_opt;
  } else {
    warnings.push_back(
        fmt::format("the active target's readiness levels cannot be derived: {}", why));
  }
  const std::set<std::string> level_set(levels.begin(), levels.end());

  // Current-target blockers.
  std::map<std::string, Strings> gate_links;  // gate id -> linked assertion ids
  std::map<std::string, Strings> assertion_subsystems;
  for (const auto& a : st.assertions) {
    if (!level_set.count(a.blocking_level)) continue;
    assertion_subsystems[a.id] = a.subsystem_ids;
    for (const auto& gid : a.release_gate_ids) {
      auto& linked = gate_links[gid];
      if (std::find(linked.begin(), linked.end(), a.id) == linked.end()) linked.push_back(a.id);
    }
  }
  json ct_assertions = json::array();
  for (const auto& a : st.assertions) {
    if (!level_set.count(a.blocking_level) || a.derived_pass()) continue;
    Strings proof_ids;
    for (const auto& c : a.proof_commands) proof_ids.push_back(c.id);
    ct_assertions.push_back(
        obj("id", a.id, "blocking_level", a.blocking_level, "derived_status", a.derived_status,
            "summary", a.summary, "repo_ids", strings(a.repo_ids), "lane_ids", strings(a.lane_ids),
            "subsystem_ids", strings(a.subsystem_ids), "contract_paths",
            strings(contract_paths(a.subsystem_ids, ctx)), "release_gate_ids",
            strings(a.release_gate_ids), "proof_command_ids", strings(proof_ids)));
  }
  json ct_gates = json::array();
  for (const auto& g : st.gates) {
    if (!level_set.count(g.blocking_level) || g.effective_status == "passed") continue;
    std::set<std::string> subs;
    for (const auto& l : g.lane_ids) {
      if (const auto* s = ctx.registry.subsystems_of(l)) subs.insert(s->begin(), s->end());
    }
    const Strings linked = gate_links.count(g.id) ? gate_links[g.id] : Strings{};
    for (const auto& aid : linked) {
      if (auto it = assertion_subsystems.find(aid); it != assertion_subsystems.end()) {
        subs.insert(it->second.begin(), it->second.end());
      }
    }
    const Strings sub_list(subs.begin(), subs.end());
    json d = blocker_detail(g);
    d["linked_assertion_ids"] = strings(linked);
    d["subsystem_ids"] = strings(sub_list);
    d["contract_paths"] = strings(contract_paths(sub_list, ctx));
    ct_gates.push_back(d);
  }
  json ct_decisions = json::array();
  for (const auto& o : st.open_decisions) {
    if (!level_set.count(o.blocking_level)) continue;
    json d = blocker_detail(o);
    d["subsystem_ids"] = strings(o.subsystem_ids);
    d["contract_paths"] = strings(contract_paths(o.subsystem_ids, ctx));
    ct_decisions.push_back(d);
  }

  // Workstreams: the blockers grouped by subsystem.
  std::vector<std::string> ws_order;
  std::map<std::string, json> ws;
  auto workstream = [&](const std::string& sub) -> json& {
    auto it = ws.find(sub);
    if (it == ws.end()) {
      ws_order.push_back(sub);
      auto c = ctx.registry.subsystem_contract.find(sub);
      it = ws.emplace(sub, json{{"subsystem_id", sub},
                                {"contract_path", c == ctx.registry.subsystem_contract.end()
                                                      ? json(nullptr)
                                                      : json(c->second)},
                                {"assertion_ids", json::array()},
                                {"release_gate_ids", json::array()},
                                {"open_decision_ids", json::array()},
                                {"proof_command_ids", json::array()},
                                {"lane_ids", json::array()},
                                {"repo_ids", json::array()}})
               .first;
    }
    return it->second;
  };
  for (const auto& a : ct_assertions) {
    for (const auto& sub : a["subsystem_ids"]) {
      json& w = workstream(sub.get<std::string>());
      add_unique(w["assertion_ids"], a["id"]);
      for (const auto& x : a["release_gate_ids"]) add_unique(w["release_gate_ids"], x);
      for (const auto& x : a["proof_command_ids"]) add_unique(w["proof_command_ids"], x);
      for (const auto& x : a["lane_ids"]) add_unique(w["lane_ids"], x);
      for (const auto& x : a["repo_ids"]) add_unique(w["repo_ids"], x);
    }
  }
  for (const auto& g : ct_gates) {
    for (const auto& sub : g["subsystem_ids"]) {
      json& w = workstream(sub.get<std::string>());
      add_unique(w["release_gate_ids"], g["id"]);
      for (const auto& x : g["lane_ids"]) add_unique(w["lane_ids"], x);
      for (const auto& x : g["repo_ids"]) add_unique(w["repo_ids"], x);
    }
  }
  for (const auto& o : ct_decisions) {
    for (const auto& sub : o["subsystem_ids"]) {
      json& w = workstream(sub.get<std::string>());
      add_unique(w["open_decision_ids"], o["id"]);
      for (const auto& x : o["lane_ids"]) add_unique(w["lane_ids"], x);
      for (const auto& x : o["repo_ids"]) add_unique(w["repo_ids"], x);
    }
  }
  std::vector<json> workstreams;
  for (const auto& sub : ws_order) {
    json w = ws[sub];
    w["blocker_count"] =
        w["assertion_ids"].size() + w["release_gate_ids"].size() + w["open_decision_ids"].size();
    workstreams.push_back(w);
  }
  std::stable_sort(workstreams.begin(), workstreams.end(), [](const json& a, const json& b) {
    const auto ca = a["blocker_count"].get<std::size_t>();
    const auto cb = b["blocker_count"].get<std::size_t>();
    if (ca != cb) return ca > cb;
    return rules::casefold(a["subsystem_id"].get<std::string>()) <
           rules::casefold(b["subsystem_id"].get<std::string>());
  });

  // Residuals and blocked lanes.
  std::vector<std::pair<std::string, json>> residuals, blocked;
  const rules::ReferenceIndex refs_idx(st);
  for (const auto& l : st.lanes) {
    if (l.completion_state == "bounded-residual") {
      Strings labels;
      std::size_t unresolved = 0;
      json details = reference_details(l.tracking, refs_idx, labels, unresolved);
      residuals.emplace_back(l.id, json{{"lane_id", l.id},
                                        {"lane_name", l.name},
                                        {"summary", l.completion_summary},
                                        {"tracking", strings(labels)},
                                        {"tracking_details", details},
                                        {"unresolved_tracking_count", unresolved},
                                        {"repo_ids", strings(l.repo_ids)},
                                        {"subsystem_ids", strings(l.subsystems)}});
    }
    if (l.status == "blocked") {
      Strings labels;
      std::size_t unresolved = 0;
      json details = reference_details(l.blockers, refs_idx, labels, unresolved);
      blocked.emplace_back(l.id, json{{"lane_id", l.id},
                                      {"lane_name", l.name},
                                      {"summary", l.completion_summary},
                                      {"blockers", strings(labels)},
                                      {"blocker_details", details},
                                      {"unresolved_blocker_count", unresolved},
                                      {"repo_ids", strings(l.repo_ids)},
                                      {"subsystem_ids", strings(l.subsystems)}});
    }
  }
  auto by_lane = [](const auto& a, const auto& b) { return rules::lane_less(a.first, b.first); };
  std::stable_sort(residuals.begin(), residuals.end(), by_lane);
  std::stable_sort(blocked.begin(), blocked.end(), by_lane);
  json residuals_json = json::array();
  for (auto& [id, j] : residuals) residuals_json.push_back(std::move(j));
  json blocked_json = json::array();
  for (auto& [id, j] : blocked) blocked_json.push_back(std::move(j));

  // Phase blockers, in our words (one sentence per unmet condition).
  Strings rc_blockers;
  if (!repo_ready) {
    rc_blockers.push_back(
        "repo_ready is false: every lane must be at target with its evidence "
        "present and every repo-ready assertion must pass first.");
  }
  if (!rc_a) rc_blockers.push_back("Some rc-ready readiness assertions have not passed.");
  if (!rc_d) rc_blockers.push_back("Open decisions at rc-ready still block the prerelease.");
  if (!rc_g) rc_blockers.push_back("Some rc-ready release gates have not passed.");
  Strings release_blockers = rc_blockers;
  if (!rel_a)
    release_blockers.push_back("Some release-ready readiness assertions have not passed.");
  if (!rel_d)
    release_blockers.push_back("Open decisions at release-ready still block the release.");
  if (!rel_g) release_blockers.push_back("Some release-ready release gates have not passed.");

  bool completion_met = false;
  if (target.completion_rule == "rc_ready") completion_met = rc_ready;
  if (target.completion_rule == "release_ready") completion_met = release_ready;
  if (target.completion_rule == "repo_ready") completion_met = repo_ready;
  if (completion_met) {
    warnings.push_back(fmt::format(
        "the active target {} already meets its completion rule ({}); mark it completed and "
        "promote the next target in docs/release-control/control_plane.json (relctl audit "
        "control-plane --check fails until then)",
        rules::quote(target.id), target.completion_rule));
  }
  const std::string& version = ctx.current_version;
  if (!version.empty() && !model::is_prerelease_version(version) &&
      target.id != "v6-ga-promotion" &&
      (target.kind == "release" || target.kind == "stabilization") && !release_ready) {
    warnings.push_back(fmt::format(
        "VERSION {} is a stable release while the active target {} is not a GA target and "
        "release_ready is false",
        rules::quote(version), target.id.empty() ? std::string("target") : target.id));
  }

  json overclosed = json::array();
  for (const auto& g : st.gates) {
    if (g.status == "passed" && g.effective_status != "passed") {
      json d = blocker_detail(g);
      d["raw_status"] = g.status;
      overclosed.push_back(d);
    }
  }

  // Scores.
  double total_target = 0;
  double total_current = 0;
  for (const auto& l : st.lanes) {
    total_target += l.target_score;
    total_current += l.current_score;
  }
  long long completion_score = 100;
  if (total_target > 0) {
    const double pct = std::nearbyint((total_current / total_target) * 100.0);
    completion_score = std::max(0LL, std::min(100LL, static_cast<long long>(pct)));
  }
  std::int64_t impact_total = 0;
  std::int64_t planned_impact = 0;
  std::int64_t unplanned_impact = 0;
  auto planned_count_of = [&](const std::string& id) {
    auto it = st.gap_planned_refs.find(id);
    return it == st.gap_planned_refs.end() ? 0 : it->second;
  };
  for (const auto& g : st.gaps) {
    impact_total += g.coverage_impact;
    (planned_count_of(g.id) > 0 ? planned_impact : unplanned_impact) += g.coverage_impact;
  }
  impact_total = std::min<std::int64_t>(100, impact_total);
  planned_impact = std::min<std::int64_t>(100, planned_impact);
  unplanned_impact = std::min<std::int64_t>(100, unplanned_impact);
  std::size_t planned_gaps = 0;
  std::size_t unplanned_gaps = 0;
  for (const auto& [id, n] : st.gap_planned_refs) (n > 0 ? planned_gaps : unplanned_gaps)++;
  const std::int64_t coverage_score = std::max<std::int64_t>(0, 100 - impact_total);
  const std::int64_t planning_score = std::max<std::int64_t>(0, 100 - unplanned_impact);
  const std::int64_t governed = std::min<std::int64_t>(completion_score, coverage_score);

  // Claims and the candidate queue.
  json claims = json::array();
  json active = json::array();
  json expired = json::array();
  std::set<std::string> claimed_candidates, claimed_gaps;
  for (const auto& c : st.claims) {
    json j = {{"id", c.id},
              {"agent_id", c.agent_id},
              {"summary", c.summary},
              {"target_id", c.target_id},
              {"claimed_at", c.claimed_at},
              {"heartbeat_at", c.heartbeat_at},
              {"expires_at", c.expires_at},
              {"claim_state", c.claim_state},
              {"work_kind", c.work_kind},
              {"work_id", c.work_id},
              {"lane_ids", strings(c.lane_ids)},
              {"coverage_gap_ids", strings(c.coverage_gap_ids)},
              {"repo_ids", strings(c.repo_ids)},
              {"cross_repo", c.repo_ids.size() > 1}};
    claims.push_back(j);
    if (c.claim_state == "active") {
      active.push_back(j);
      if (c.work_kind == "candidate-lane") claimed_candidates.insert(c.work_id);
      if (c.work_kind == "coverage-gap") claimed_gaps.insert(c.work_id);
    } else {
      expired.push_back(j);
    }
  }
  const auto gaps_by_id = rules::index_by_id(st.gaps);
  std::vector<json> queue;
  for (const auto& k : st.candidates) {
    std::int64_t impact = 0;
    for (const auto& gid : k.coverage_gap_ids) {
      if (auto it = gaps_by_id.find(gid); it != gaps_by_id.end()) {
        impact += it->second->coverage_impact;
      }
    }
    Strings claim_ids, agent_ids;
    for (const auto& c : st.claims) {
      if (c.claim_state != "active") continue;
      const bool hit = (c.work_kind == "candidate-lane" && c.work_id == k.id) ||
                       (c.work_kind == "coverage-gap" &&
                        std::find(k.coverage_gap_ids.begin(), k.coverage_gap_ids.end(),
                                  c.work_id) != k.coverage_gap_ids.end());
      if (hit) {
        claim_ids.push_back(c.id);
        agent_ids.push_back(c.agent_id);
      }
    }
    std::sort(claim_ids.begin(), claim_ids.end());
    std::sort(agent_ids.begin(), agent_ids.end());
    queue.push_back(
        obj("candidate_lane_id", k.id, "name", k.name, "target_id", k.target_id,
            "coverage_impact_total", impact, "coverage_gap_ids", strings(k.coverage_gap_ids),
            "current_lane_ids", strings(k.current_lane_ids), "repo_ids", strings(k.repo_ids),
            "subsystem_ids", strings(k.subsystem_ids), "cross_repo", k.repo_ids.size() > 1,
            "claim_ids", strings(claim_ids), "claim_agent_ids", strings(agent_ids)));
  }
  std::stable_sort(queue.begin(), queue.end(), [](const json& a, const json& b) {
    const auto ia = a["coverage_impact_total"].get<std::int64_t>();
    const auto ib = b["coverage_impact_total"].get<std::int64_t>();
    if (ia != ib) return ia > ib;
    if (a["current_lane_ids"].size() != b["current_lane_ids"].size()) {
      return a["current_lane_ids"].size() > b["current_lane_ids"].size();
    }
    if (a["repo_ids"].size() != b["repo_ids"].size()) {
      return a["repo_ids"].size() > b["repo_ids"].size();
    }
    return rules::casefold(a["candidate_lane_id"].get<std::string>()) <
           rules::casefold(b["candidate_lane_id"].get<std::string>());
  });
  json queue_json = json::array();
  json available = json::array();
  std::size_t rank = 0;
  for (auto& item : queue) {
    item["rank"] = ++rank;
    bool free = !claimed_candidates.count(item["candidate_lane_id"].get<std::string>());
    for (const auto& gid : item["coverage_gap_ids"]) {
      if (claimed_gaps.count(gid.get<std::string>())) free = false;
    }
    item["available"] = free;
    if (free) {
      item["available_rank"] = available.size() + 1;
      available.push_back(item);
    }
    queue_json.push_back(item);
  }

  json conflicts = json::array();
  for (const auto& c : st.conflicts) {
    conflicts.push_back(obj("kind", c.kind, "claim_ids", strings(c.claim_ids), "agent_ids",
                            strings(c.agent_ids), "summary", c.summary, "work_items",
                            strings(c.work_items), "lane_ids", strings(c.lane_ids),
                            "coverage_gap_ids", strings(c.coverage_gap_ids)));
  }

  auto count_if = [](const auto& v, auto pred) {
    return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), pred));
  };
  auto level_count = [&](const auto& v, const char* level) {
    return count_if(v, [&](const auto& x) { return x.blocking_level == level; });
  };
  json summary = {
      {"lane_count", st.lanes.size()},
      {"lanes_at_target", count_if(st.lanes, [](const auto& l) { return l.at_target; })},
      {"lanes_complete",
       count_if(st.lanes, [](const auto& l) { return l.completion_state == "complete"; })},
      {"lanes_bounded_residual",
       count_if(st.lanes, [](const auto& l) { return l.completion_state == "bounded-residual"; })},
      {"lanes_open",
       count_if(st.lanes, [](const auto& l) { return l.completion_state == "open"; })},
      {"lane_completion_score", completion_score},
      {"lane_coverage_score", coverage_score},
      {"coverage_planning_score", planning_score},
      {"governed_surface_score", governed},
      {"coverage_gap_count", st.gaps.size()},
      {"coverage_gap_total_impact", impact_total},
      {"candidate_lane_count", st.candidates.size()},
      {"available_candidate_lane_count", available.size()},
      {"planned_coverage_gap_count", planned_gaps},
      {"planned_coverage_gap_total_impact", planned_impact},
      {"unplanned_coverage_gap_count", unplanned_gaps},
      {"unplanned_coverage_gap_total_impact", unplanned_impact},
      {"work_claim_count", claims.size()},
      {"active_work_claim_count", active.size()},
      {"expired_work_claim_count", expired.size()},
      {"work_claim_conflict_count", conflicts.size()},
      {"lanes_missing_evidence",
       count_if(st.lanes, [](const auto& l) { return !l.all_evidence_present; })},
      {"all_evidence_present", std::all_of(st.lanes.begin(), st.lanes.end(),
                                           [](const auto& l) { return l.all_evidence_present; })},
      {"readiness_assertion_count", st.assertions.size()},
      {"readiness_assertions_passed",
       count_if(st.assertions, [](const auto& a) { return a.derived_pass(); })},
      {"repo_ready_assertion_count", level_count(st.assertions, "repo-ready")},
      {"repo_ready_assertions_passed", count_if(st.assertions,
                                                [](const auto& a) {
                                                  return a.blocking_level == "repo-ready" &&
                                                         a.derived_pass();
                                                })},
      {"rc_ready_assertion_count", level_count(st.assertions, "rc-ready")},
      {"rc_ready_assertions_passed",
       count_if(st.assertions,
                [](const auto& a) { return a.blocking_level == "rc-ready" && a.derived_pass(); })},
      {"release_ready_assertion_count", level_count(st.assertions, "release-ready")},
      {"release_ready_assertions_passed", count_if(st.assertions,
                                                   [](const auto& a) {
                                                     return a.blocking_level == "release-ready" &&
                                                            a.derived_pass();
                                                   })},
      {"release_gate_count", st.gates.size()},
      {"release_gates_passed",
       count_if(st.gates, [](const auto& g) { return g.effective_status == "passed"; })},
      {"overclosed_release_gate_count", overclosed.size()},
      {"rc_ready_release_gate_count", level_count(st.gates, "rc-ready")},
      {"rc_ready_release_gates_passed", count_if(st.gates,
                                                 [](const auto& g) {
                                                   return g.blocking_level == "rc-ready" &&
                                                          g.effective_status == "passed";
                                                 })},
      {"release_ready_release_gate_count", level_count(st.gates, "release-ready")},
      {"release_ready_release_gates_passed",
       count_if(st.gates,
                [](const auto& g) {
                  return g.blocking_level == "release-ready" && g.effective_status == "passed";
                })},
      {"open_decision_count", st.open_decisions.size()},
      {"rc_ready_open_decision_count", level_count(st.open_decisions, "rc-ready")},
      {"release_ready_open_decision_count", level_count(st.open_decisions, "release-ready")},
      {"resolved_decision_count", st.resolved_decisions.size()},
      {"repo_ready", repo_ready},
      {"rc_ready", rc_ready},
      {"release_ready", release_ready}};

  json readiness = {{"repo_ready", repo_ready},
                    {"rc_ready", rc_ready},
                    {"release_ready", release_ready},
                    {"repo_ready_rule", optional_string(st.readiness.repo_ready_rule)},
                    {"rc_ready_rule", optional_string(st.readiness.rc_ready_rule)},
                    {"release_ready_rule", optional_string(st.readiness.release_ready_rule)},
                    {"repo_ready_assertions_cleared", repo_a},
                    {"rc_ready_assertions_cleared", rc_a},
                    {"release_ready_assertions_cleared", rel_a},
                    {"rc_ready_open_decisions_cleared", rc_d},
                    {"release_ready_open_decisions_cleared", rel_d},
                    {"rc_ready_release_gates_cleared", rc_g},
                    {"release_ready_release_gates_cleared", rel_g},
                    {"current_target_blockers",
                     {{"assertions", ct_assertions},
                      {"open_decisions", ct_decisions},
                      {"release_gates", ct_gates}}},
                    {"current_target_workstreams", json(workstreams)},
                    {"lane_residuals", residuals_json},
                    {"blocked_lanes", blocked_json},
                    {"rc_blockers", strings(rc_blockers)},
                    {"rc_blocker_details", phase_details(st, {"rc-ready"})},
                    {"release_blockers", strings(release_blockers)},
                    {"release_blocker_details", phase_details(st, {"rc-ready", "release-ready"})},
                    {"overclosed_release_gates", overclosed}};

  json catalog = json::array();
  for (const auto& e : st.scope.repo_catalog) {
    catalog.push_back(obj("id", e.id, "purpose", e.purpose, "visibility", e.visibility));
  }
  json lanes = json::array();
  for (const auto& l : st.lanes) lanes.push_back(lane_json(l));
  json gates = json::array();
  for (const auto& g : st.gates) gates.push_back(gate_json(g));
  json assertions = json::array();
  for (const auto& a : st.assertions) assertions.push_back(assertion_json(a));
  json followups = json::array();
  for (const auto& f : st.followups) {
    followups.push_back(obj("id", f.id, "summary", f.summary, "owner", f.owner, "status", f.status,
                            "recorded_at", f.recorded_at, "lane_ids", strings(f.lane_ids),
                            "subsystem_ids", strings(f.subsystem_ids), "repo_ids",
                            strings(f.repo_ids), "cross_repo", f.repo_ids.size() > 1));
  }
  json gaps = json::array();
  for (const auto& g : st.gaps) {
    gaps.push_back(obj("id", g.id, "summary", g.summary, "owner", g.owner, "status", g.status,
                       "recorded_at", g.recorded_at, "lane_ids", strings(g.lane_ids),
                       "subsystem_ids", strings(g.subsystem_ids), "proposed_resolution",
                       g.proposed_resolution, "coverage_impact", g.coverage_impact, "repo_ids",
                       strings(g.repo_ids), "cross_repo", g.repo_ids.size() > 1, "evidence_count",
                       g.evidence_count, "missing_evidence", strings(g.missing_evidence),
                       "all_evidence_present", g.all_evidence_present));
  }
  json candidates = json::array();
  for (const auto& k : st.candidates) {
    candidates.push_back(obj("id", k.id, "name", k.name, "summary", k.summary, "status", k.status,
                             "recorded_at", k.recorded_at, "target_id", k.target_id,
                             "current_lane_ids", strings(k.current_lane_ids), "coverage_gap_ids",
                             strings(k.coverage_gap_ids), "subsystem_ids", strings(k.subsystem_ids),
                             "repo_ids", strings(k.repo_ids), "cross_repo", k.repo_ids.size() > 1));
  }
  json decisions = json::array();
  for (const auto& o : st.open_decisions) {
    decisions.push_back(obj("id", o.id, "summary", o.summary, "owner", o.owner, "blocking_level",
                            o.blocking_level, "status", o.status, "opened_at", o.opened_at,
                            "lane_ids", strings(o.lane_ids), "subsystem_ids",
                            strings(o.subsystem_ids), "repo_ids", strings(o.repo_ids), "cross_repo",
                            o.repo_ids.size() > 1));
  }
  json resolved = json::array();
  for (const auto& r : st.resolved_decisions) {
    resolved.push_back(obj("id", r.id, "summary", r.summary, "kind", r.kind, "decided_at",
                           r.decided_at, "lane_ids", strings(r.lane_ids), "subsystem_ids",
                           strings(r.subsystem_ids), "repo_ids", strings(r.repo_ids), "cross_repo",
                           r.repo_ids.size() > 1));
  }
  json errors = json::array();
  for (const auto& d : st.diags.all()) {
    if (d.severity == rules::Severity::kError) errors.push_back(d.text());
  }

  return {{"errors", std::move(errors)},
          {"warnings", std::move(warnings)},
          {"control_plane",
           {{"active_profile_id", cp.active_profile_id},
            {"active_target",
             {{"id", target.id},
              {"profile_id", target.profile_id},
              {"kind", target.kind},
              {"status", target.status},
              {"summary", target.summary},
              {"completion_rule", target.completion_rule},
              {"proof_scope", target.proof_scope},
              {"completion_met", completion_met},
              {"blocking_levels", strings(levels)}}},
            {"current_version", ctx.current_version}}},
          {"summary", std::move(summary)},
          {"readiness", std::move(readiness)},
          {"scope",
           {{"active_repos", strings(st.scope.active_repos)},
            {"control_plane_repo", optional_string(st.scope.control_plane_repo)},
            {"ignored_repos", strings(st.scope.ignored_repos)},
            {"repo_catalog", std::move(catalog)}}},
          {"lanes", std::move(lanes)},
          {"readiness_assertions", std::move(assertions)},
          {"release_gates", std::move(gates)},
          {"lane_followups", std::move(followups)},
          {"coverage_gaps", std::move(gaps)},
          {"candidate_lanes", std::move(candidates)},
          {"work_claims", std::move(claims)},
          {"active_work_claims", std::move(active)},
          {"expired_work_claims", std::move(expired)},
          {"work_claim_conflicts", std::move(conflicts)},
          {"candidate_lane_queue", std::move(queue_json)},
          {"available_candidate_lane_queue", std::move(available)},
          {"open_decisions", std::move(decisions)},
          {"resolved_decisions", std::move(resolved)}};
}

}  // namespace relctl::derive
