// Family K: release gates, and family L: their credential-containment
// closure contracts.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/rules/readers.hpp"

namespace relctl::rules {
namespace {

struct ClosureResult {
  bool declared = false;
  bool complete = true;
  std::optional<std::string> kind;
  bool all_evidence_present = true;
  std::size_t evidence_count = 0;
  Strings repos;  // of counted records' field-valid evidence
  Strings missing;
  std::optional<std::string> highest_tier;
  std::size_t subject_count = 0, provider_count = 0, replacement_count = 0;
  Strings missing_provider, missing_replacement;
  Json history_rewrite_blocking;  // null
};

struct CountedRecord {
  std::string subject_id, disposition;
  bool tier_met = true;
  bool evidence_present = true;
  EvidenceResult evidence;
};

std::vector<CountedRecord> check_closure_records(
    const std::string& cc, const model::ClosureContract& c,
    const model::RecordList<model::ClosureRecord>& list, const std::set<std::string>& subjects,
    const std::set<std::string>& dispositions, const std::optional<std::string>& minimum_tier,
    const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  (void)c;
  const std::string field = field_key(list.path);
  std::vector<CountedRecord> out;
  if (!list.is_array()) {
    d.error("CLOSURE-RECORDS-NOT-LIST", cc + "." + field, list.path, "must be a list");
    return out;
  }
  for (std::size_t i : list.non_object_indices) {
    d.error("CLOSURE-RECORD-NOT-OBJECT", fmt::format("{}.{}[{}]", cc, field, i), list.path.index(i),
            "must be an object");
  }
  for (const auto& r : list.items) {
    const std::string rc = fmt::format("{}.{}[{}]", cc, field, r.index);
    auto subject = read_str(d, "CLOSURE-RECORD-FIELD", rc, r.subject_id);
    auto disposition = read_str(d, "CLOSURE-RECORD-FIELD", rc, r.disposition);
    auto recorded_at = read_str(d, "CLOSURE-RECORD-FIELD", rc, r.recorded_at);
    auto verifier = read_str(d, "CLOSURE-RECORD-FIELD", rc, r.verifier);
    if (subject && !subjects.count(*subject)) {
      d.error("CLOSURE-RECORD-SUBJECT-UNKNOWN", rc, r.subject_id.path,
              fmt::format("names subject {}, which subject_ids does not list", quote(*subject)));
    }
    if (disposition && !dispositions.count(*disposition)) {
      d.error("CLOSURE-RECORD-DISPOSITION", rc, r.disposition.path,
              fmt::format("disposition {} is not allowed here", quote(*disposition)));
    }
    if (recorded_at && !is_timestamp_shape(*recorded_at)) {
      d.error("CLOSURE-RECORD-TIMESTAMP", rc + ".recorded_at", r.recorded_at.path,
              "is not an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SS with Z or an offset)");
    }
    EvidenceResult ev = check_evidence(rc, r.evidence, ctx, st);
    if (subject && disposition && recorded_at && verifier) {
      CountedRecord cr;
      cr.subject_id = *subject;
      cr.disposition = *disposition;
      cr.tier_met = tier_meets(highest_tier(ev.tiers), minimum_tier);
      cr.evidence_present = ev.all_present();
      cr.evidence = std::move(ev);
      out.push_back(std::move(cr));
    }
  }
  Strings ids;
  for (const auto& r : out) ids.push_back(r.subject_id);
  if (has_duplicates(ids)) {
    d.error("CLOSURE-RECORDS-DUPLICATE-SUBJECT", cc + "." + field, list.path,
            "has two records for the same subject_id");
  }
  if (!std::is_sorted(ids.begin(), ids.end())) {
    d.error("CLOSURE-RECORDS-ORDER", cc + "." + field, list.path, "is not sorted by subject_id");
  }
  return out;
}

ClosureResult check_closure(const std::string& gate_ctx, const model::ReleaseGate& g,
                            const std::optional<std::string>& minimum_tier, const AuditContext& ctx,
                            AuditState& st) {
  auto& d = st.diags;
  ClosureResult res;
  const JsonNode* raw = model::find_member(*g.raw, "closure_contract");
  if (raw == nullptr || raw->is_null()) return res;
  res.declared = true;
  const std::string cc = gate_ctx + ".closure_contract";
  if (!g.closure_contract) {
    d.error("CLOSURE-NOT-OBJECT", cc, g.path.key("closure_contract"),
            "must be an object when given");
    res.complete = false;
    return res;
  }
  const auto& c = *g.closure_contract;
  res.kind = read_str(d, "CLOSURE-KIND", cc, c.kind);
  if (res.kind && *res.kind != "historical-credential-containment") {
    d.error("CLOSURE-KIND", cc + ".kind", c.kind.path,
            fmt::format("is {}; the only closure contract kind is "
                        "'historical-credential-containment'",
                        quote(*res.kind)));
  }
  const Strings subject_ids = read_strlist(d, "CLOSURE-SUBJECTS", cc, c.subject_ids);
  if (subject_ids.empty()) {
    d.error("CLOSURE-SUBJECTS-EMPTY", cc + ".subject_ids", c.subject_ids.path,
            "must list at least one subject");
  }
  if (has_duplicates(subject_ids)) {
    d.error("CLOSURE-SUBJECTS-DUPLICATE", cc + ".subject_ids", c.subject_ids.path,
            "lists a subject twice");
  }
  if (!std::is_sorted(subject_ids.begin(), subject_ids.end())) {
    d.error("CLOSURE-SUBJECTS-ORDER", cc + ".subject_ids", c.subject_ids.path,
            "is not in alphabetical order");
  }
  const std::set<std::string> subjects(subject_ids.begin(), subject_ids.end());
  const auto provider = check_closure_records(
      cc, c, c.provider_closure_records, subjects,
      {"revoked", "inventory-absent", "expired", "decommissioned"}, minimum_tier, ctx, st);
  const auto replacement =
      check_closure_records(cc, c, c.replacement_deployment_records, subjects,
                            {"validated", "not-applicable-retired"}, minimum_tier, ctx, st);

  // By subject, the later record wins; walk subjects in first-appearance order.
  auto by_subject = [](const std::vector<CountedRecord>& v) {
    std::vector<std::pair<std::string, const CountedRecord*>> m;
    for (const auto& r : v) {
      auto it = std::find_if(m.begin(), m.end(), [&](auto& p) { return p.first == r.subject_id; });
      if (it == m.end()) {
        m.emplace_back(r.subject_id, &r);
      } else {
        it->second = &r;
      }
    }
    return m;
  };
  const auto provider_by = by_subject(provider);
  const auto replacement_by = by_subject(replacement);
  auto provider_of = [&](const std::string& s) -> const CountedRecord* {
    for (const auto& [id, r] : provider_by) {
      if (id == s) return r;
    }
    return nullptr;
  };
  bool retired_ok = true;
  for (const auto& [subject, r] : replacement_by) {
    if (r->disposition != "not-applicable-retired") continue;
    const CountedRecord* p = provider_of(subject);
    if (p && p->disposition != "decommissioned") {
      d.error("CLOSURE-RETIRED-NEEDS-DECOMMISSIONED", cc + ".replacement_deployment_records",
              c.replacement_deployment_records.path,
              fmt::format("subject {} is 'not-applicable-retired', which needs the provider "
                          "disposition 'decommissioned'",
                          quote(subject)));
    }
  }
  for (const auto& r : replacement) {
    if (r.disposition != "not-applicable-retired") continue;
    const CountedRecord* p = provider_of(r.subject_id);
    if (!p || p->disposition != "decommissioned") retired_ok = false;
  }

  bool history_ok = false;
  if (c.history_rewrite == nullptr || !c.history_rewrite->is_object()) {
    d.error("CLOSURE-HISTORY-NOT-OBJECT", cc + ".history_rewrite", c.path.key("history_rewrite"),
            "must be an object");
  } else {
    const JsonNode* blocking = model::find_member(*c.history_rewrite, "blocking");
    res.history_rewrite_blocking = blocking ? blocking->to_json() : Json(nullptr);
    const bool blocking_false = blocking && blocking->is_boolean() && !blocking->get<bool>();
    if (!blocking_false) {
      d.error("CLOSURE-HISTORY-BLOCKING", cc + ".history_rewrite.blocking",
              c.history_rewrite_blocking.path, "must be false");
    }
    const bool status_ok =
        c.history_rewrite_status.ok() && *c.history_rewrite_status == "optional-after-containment";
    if (!status_ok) {
      d.error("CLOSURE-HISTORY-STATUS", cc + ".history_rewrite.status",
              c.history_rewrite_status.path, "must be 'optional-after-containment'");
    }
    history_ok = blocking_false && status_ok;
  }

  std::set<std::string> provider_ids, replacement_ids;
  for (const auto& [id, r] : provider_by) provider_ids.insert(id);
  for (const auto& [id, r] : replacement_by) replacement_ids.insert(id);
  for (const auto& s : subjects) {
    if (!provider_ids.count(s)) res.missing_provider.push_back(s);
    if (!replacement_ids.count(s)) res.missing_replacement.push_back(s);
  }
  bool records_ok = true;
  Strings record_tiers;
  for (const auto* side : {&provider, &replacement}) {
    for (const auto& r : *side) {
      records_ok = records_ok && r.evidence_present && r.tier_met;
      res.all_evidence_present = res.all_evidence_present && r.evidence.all_present();
      res.evidence_count += r.evidence.resolved;
      for (const auto& ref : r.evidence.refs) res.repos.push_back(ref[0]);
      res.missing.insert(res.missing.end(), r.evidence.missing.begin(), r.evidence.missing.end());
      if (auto t = highest_tier(r.evidence.tiers)) record_tiers.push_back(*t);
    }
  }
  res.highest_tier = highest_tier(record_tiers);
  res.subject_count = subject_ids.size();
  res.provider_count = provider_ids.size();
  res.replacement_count = replacement_ids.size();
  res.complete = res.kind && *res.kind == "historical-credential-containment" &&
                 !subject_ids.empty() && provider_ids == subjects && replacement_ids == subjects &&
                 records_ok && retired_ok && history_ok;
  return res;
}

}  // namespace

void check_release_gates(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  report_record_list(d, "GATES-SHAPE", "status.json", s.release_gates);
  std::set<std::string> seen;
  const std::string& matrix = ctx.control_plane.active_profile().high_risk_matrix;
  for (const auto& g : s.release_gates.items) {
    const std::string c = fmt::format("release_gates[{}]", g.index);
    auto id = read_str(d, "GATE-FIELD", c, g.id);
    if (id && !seen.insert(*id).second) {
      d.error("GATE-ID-DUPLICATE", c, g.id.path,
              fmt::format("repeats gate id {} of an earlier gate", quote(*id)));
    }
    auto summary = read_str(d, "GATE-FIELD", c, g.summary);
    auto owner = read_str(d, "GATE-FIELD", c, g.owner);
    auto level = read_str(d, "GATE-FIELD", c, g.blocking_level);
    auto minimum = read_str(d, "GATE-FIELD", c, g.minimum_evidence_tier);
    auto status = read_str(d, "GATE-FIELD", c, g.status);
    auto doc = read_str(d, "GATE-FIELD", c, g.verification_doc);
    const Strings lane_ids = read_strlist(d, "GATE-FIELD", c, g.lane_ids);
    if (level && !ctx.enums.gate_blocking_level.count(*level)) {
      d.error("GATE-BLOCKING-LEVEL-ENUM", c, g.blocking_level.path,
              fmt::format("blocking_level {} is not one the schema knows", quote(*level)));
    }
    if (minimum && !ctx.enums.evidence_tier.count(*minimum)) {
      d.error("GATE-MINIMUM-TIER-ENUM", c, g.minimum_evidence_tier.path,
              fmt::format("minimum_evidence_tier {} is not an evidence tier", quote(*minimum)));
    }
    if (status && !ctx.enums.gate_status.count(*status)) {
      d.error("GATE-STATUS-ENUM", c, g.status.path,
              fmt::format("status {} is not a gate status the schema knows", quote(*status)));
    }
    if (doc && *doc != matrix) {
      d.error("GATE-VERIFICATION-DOC", c + ".verification_doc", g.verification_doc.path,
              fmt::format("is {}; gates are verified in the profile's high-risk matrix {}",
                          quote(*doc), quote(matrix)));
    }
    check_lane_id_list(c, g.lane_ids.path, lane_ids, st);
    check_lane_ids_known(c, g.lane_ids.path, lane_ids, "lane_id", st);
    const EvidenceResult ev = check_evidence(c, g.evidence, ctx, st);
    const ClosureResult cl = check_closure(c, g, minimum, ctx, st);

    Strings tiers;
    if (auto t = highest_tier(ev.tiers)) tiers.push_back(*t);
    if (cl.highest_tier) tiers.push_back(*cl.highest_tier);
    GateRecord r;
    r.highest_evidence_tier = highest_tier(tiers);
    r.evidence_threshold_met = tier_meets(r.highest_evidence_tier, minimum);
    if (status && *status == "passed") {
      if (!ev.all_present() || !cl.all_evidence_present) {
        r.effective_status = "evidence-missing";
      } else if (cl.declared && !cl.complete) {
        r.effective_status = "closure-incomplete";
      } else if (!r.evidence_threshold_met) {
        r.effective_status = "threshold-unmet";
      } else {
        r.effective_status = "passed";
      }
    } else {
      r.effective_status = status.value_or("");
    }
    if (!(id && summary && owner && level && minimum && status && doc)) continue;
    r.index = g.index;
    r.id = *id;
    r.summary = *summary;
    r.owner = *owner;
    r.blocking_level = *level;
    r.minimum_evidence_tier = *minimum;
    r.status = *status;
    r.verification_doc = *doc;
    r.lane_ids = lane_ids;
    r.all_evidence_present = ev.all_present() && cl.all_evidence_present;
    r.evidence_count = ev.resolved + cl.evidence_count;
    r.missing_evidence = ev.missing;
    r.missing_evidence.insert(r.missing_evidence.end(), cl.missing.begin(), cl.missing.end());
    r.closure_declared = cl.declared;
    r.closure_contract_kind = cl.kind;
    r.closure_complete = cl.complete;
    r.closure_subject_count = cl.subject_count;
    r.provider_closure_count = cl.provider_count;
    r.replacement_deployment_count = cl.replacement_count;
    r.missing_provider_subject_ids = cl.missing_provider;
    r.missing_replacement_subject_ids = cl.missing_replacement;
    r.history_rewrite_blocking = cl.history_rewrite_blocking;
    Strings repos = repos_of_lanes(lane_ids, st);
    for (const auto& ref : ev.refs) repos.push_back(ref[0]);
    repos.insert(repos.end(), cl.repos.begin(), cl.repos.end());
    r.repo_ids = sorted_unique_fold(std::move(repos));
    st.gates.push_back(std::move(r));
  }
  if (st.gates.size() == s.release_gates.items.size()) {
    Strings ids;
    for (const auto& g : st.gates) ids.push_back(g.id);
    if (!std::is_sorted(ids.begin(), ids.end())) {
      d.error("GATES-ORDER", "status.json", s.release_gates.path,
              "release_gates are not sorted by id");
    }
  }
}

}  // namespace relctl::rules
