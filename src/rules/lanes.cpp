// Family H: lanes (scores, status and completion pairing, tracking and
// blocker references, subsystems, evidence) and family I: the lanes'
// bindings to the subsystem registry.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "relctl/load/errors.hpp"
#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/rules/readers.hpp"

namespace relctl::rules {
namespace {

std::string g(double v) { return fmt::format("{:g}", v); }

std::vector<KindId> read_kind_id_list(const std::string& owner_key,
                                      const model::RecordList<model::KindIdRef>& list,
                                      AuditState& st) {
  std::vector<KindId> out;
  for (std::size_t i : list.non_object_indices) {
    st.diags.error("LANE-REF-NOT-OBJECT", fmt::format("{}[{}]", owner_key, i), list.path.index(i),
                   "must be an object");
  }
  for (const auto& r : list.items) {
    const std::string owner = fmt::format("{}[{}]", owner_key, r.index);
    auto kind = read_str(st.diags, "LANE-REF-FIELD", owner, r.kind);
    auto id = read_str(st.diags, "LANE-REF-FIELD", owner, r.id);
    if (kind && id) out.push_back({*kind, *id});
  }
  return out;
}

bool kind_id_less(const KindId& a, const KindId& b) {
  if (const int c = fold_compare(a.kind, b.kind); c != 0) return c < 0;
  return fold_compare(a.id, b.id) < 0;
}

bool has_duplicate_pairs(const std::vector<KindId>& v) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& k : v) {
    if (!seen.insert({k.kind, k.id}).second) return true;
  }
  return false;
}

}  // namespace

void check_lanes(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  if (!s.lanes.is_array() || s.lanes.raw->empty()) {
    // The reference cannot audit a status file without lanes (it stops with
    // a traceback); neither can we, but we say why.
    throw LoadError(s.doc->file(), "expected a non-empty 'lanes' list", s.doc->locate(s.lanes.path),
                    s.lanes.raw ? s.lanes.path : JsonPath{});
  }
  for (std::size_t i : s.lanes.non_object_indices) {
    d.error("LANE-NOT-OBJECT", fmt::format("lanes[{}]", i), s.lanes.path.index(i),
            "must be an object");
  }
  static const std::set<std::string> kStates{"open", "bounded-residual", "complete"};
  static const std::set<std::string> kTrackingKinds{"lane-followup", "readiness-assertion",
                                                    "release-gate", "open-decision"};
  static const std::set<std::string> kBlockerKinds{"readiness-assertion", "release-gate",
                                                   "open-decision"};
  std::set<std::string> seen;
  Strings order;
  for (const auto& l : s.lanes.items) {
    const std::string c = fmt::format("lanes[{}]", l.index);
    LaneRecord r;
    r.index = l.index;
    r.id = read_str(d, "LANE-FIELD", c, l.id).value_or(fmt::format("lane-{}", l.index));
    if (!seen.insert(r.id).second) {
      d.error("LANE-ID-DUPLICATE", c, l.id.path,
              fmt::format("repeats lane id {} of an earlier lane", quote(r.id)));
    }
    order.push_back(r.id);
    r.name = read_str(d, "LANE-FIELD", c, l.name).value_or(r.id);
    r.target_score = read_number(d, "LANE-SCORE", c, l.target_score).value_or(0.0);
    r.current_score = read_number(d, "LANE-SCORE", c, l.current_score).value_or(0.0);
    r.status = read_str(d, "LANE-FIELD", c, l.status).value_or("partial");
    const double t = r.target_score;
    const double cur = r.current_score;
    if (t < 0 || t > 10 || cur < 0 || cur > 10) {
      d.error("LANE-SCORE-RANGE", c, l.path, "has a score outside 0-10");
    }
    if (cur > t) {
      d.error("LANE-SCORE-EXCEEDS-TARGET", c, l.current_score.path,
              fmt::format("current_score {} is above target_score {}", g(cur), g(t)));
    }
    if (!ctx.enums.lane_status.count(r.status)) {
      d.error("LANE-STATUS-ENUM", c, l.status.path,
              fmt::format("status {} is not a lane status the schema knows", quote(r.status)));
    }
    r.completion_state = "open";
    if (!l.completion) {
      d.error("LANE-COMPLETION", c + ".completion", l.path.key("completion"), "must be an object");
    } else {
      const auto& comp = *l.completion;
      r.completion_state =
          read_str(d, "LANE-COMPLETION", c + ".completion", comp.state).value_or("open");
      r.completion_summary =
          read_str(d, "LANE-COMPLETION", c + ".completion", comp.summary).value_or("");
      if (!comp.tracking.is_array()) {
        d.error("LANE-TRACKING-NOT-LIST", c + ".completion.tracking", comp.tracking.path,
                "must be a list");
      } else {
        r.tracking = read_kind_id_list(c + ".completion.tracking", comp.tracking, st);
      }
    }
    if (!l.blockers.is_array()) {
      d.error("LANE-BLOCKERS-NOT-LIST", c + ".blockers", l.blockers.path, "must be a list");
    } else {
      r.blockers = read_kind_id_list(c + ".blockers", l.blockers, st);
    }
    const JsonPath state_path = l.completion ? l.completion->state.path : l.path.key("completion");
    if (!kStates.count(r.completion_state)) {
      d.error("LANE-COMPLETION-STATE-ENUM", c + ".completion.state", state_path,
              fmt::format("{} is not one of open, bounded-residual, complete",
                          quote(r.completion_state)));
    }
    const JsonPath tracking_path =
        l.completion ? l.completion->tracking.path : l.path.key("completion");
    for (const auto& k : r.tracking) {
      if (!kTrackingKinds.count(k.kind)) {
        d.error("LANE-TRACKING-KIND", c + ".completion.tracking", tracking_path,
                fmt::format("kind {} cannot track a residual (use lane-followup, "
                            "readiness-assertion, release-gate or open-decision)",
                            quote(k.kind)));
      }
    }
    for (const auto& k : r.blockers) {
      if (!kBlockerKinds.count(k.kind)) {
        d.error("LANE-BLOCKER-KIND", c + ".blockers", l.blockers.path,
                fmt::format("kind {} cannot block a lane (use readiness-assertion, "
                            "release-gate or open-decision)",
                            quote(k.kind)));
      }
    }
    if (has_duplicate_pairs(r.tracking)) {
      d.error("LANE-TRACKING-DUPLICATE", c + ".completion.tracking", tracking_path,
              "lists the same kind/id pair twice");
    }
    if (!is_sorted_by(r.tracking, kind_id_less)) {
      d.error("LANE-TRACKING-ORDER", c + ".completion.tracking", tracking_path,
              "is not sorted by kind, then id");
    }
    if (has_duplicate_pairs(r.blockers)) {
      d.error("LANE-BLOCKERS-DUPLICATE", c + ".blockers", l.blockers.path,
              "lists the same kind/id pair twice");
    }
    if (!is_sorted_by(r.blockers, kind_id_less)) {
      d.error("LANE-BLOCKERS-ORDER", c + ".blockers", l.blockers.path,
              "is not sorted by kind, then id");
    }
    r.subsystems = read_strlist(d, "LANE-SUBSYSTEMS", c, l.subsystems);
    if (has_duplicates(r.subsystems)) {
      d.error("LANE-SUBSYSTEMS-DUPLICATE", c + ".subsystems", l.subsystems.path,
              "lists a subsystem twice");
    }
    if (!std::is_sorted(r.subsystems.begin(), r.subsystems.end())) {
      d.error("LANE-SUBSYSTEMS-ORDER", c + ".subsystems", l.subsystems.path,
              "is not in alphabetical order");
    }

    const EvidenceResult ev = check_evidence(c, l.evidence, ctx, st);
    r.at_target = cur >= t;
    r.gap = std::max(0.0, t - cur);
    r.all_evidence_present = ev.all_present();
    r.evidence_count = ev.resolved;
    r.missing_evidence = ev.missing;
    r.repo_ids = ev.repo_ids();
    st.lane_repo_ids[r.id] = r.repo_ids;
    r.derived_status = !r.all_evidence_present ? "evidence-missing"
                       : r.at_target           ? "target-met"
                                               : "behind-target";

    // Status and completion must tell the same story.
    const std::string& S = r.status;
    const std::string& C = r.completion_state;
    const bool T = r.at_target;
    const bool B = !r.blockers.empty();
    const bool K = !r.tracking.empty();
    struct Pairing {
      bool fires;
      const char* rule;
      const char* message;
    };
    const Pairing pairings[] = {
        {S == "target-met" && !T, "LANE-TARGET-MET-BELOW-TARGET",
         "is target-met although current_score is below target_score"},
        {S == "target-met" && !r.all_evidence_present, "LANE-TARGET-MET-EVIDENCE-MISSING",
         "is target-met although evidence is missing"},
        {C == "open" && S == "target-met", "LANE-OPEN-TARGET-MET",
         "pairs an open completion with status 'target-met'"},
        {S == "partial" && cur == 0, "LANE-PARTIAL-ZERO-SCORE",
         "is partial with a current_score of 0 (not-started, or raise the score)"},
        {S == "not-started" && cur != 0, "LANE-NOT-STARTED-NONZERO",
         "is not-started but has a current_score above 0"},
        {S == "not-started" && C != "open", "LANE-NOT-STARTED-NOT-OPEN",
         "is not-started, so completion.state must be 'open'"},
        {S == "blocked" && C != "open", "LANE-BLOCKED-NOT-OPEN",
         "is blocked, so completion.state must be 'open'"},
        {S == "blocked" && T, "LANE-BLOCKED-AT-TARGET",
         "is blocked although it already meets target_score"},
        {S == "blocked" && !B, "LANE-BLOCKED-WITHOUT-BLOCKERS", "is blocked but names no blocker"},
        {S != "blocked" && B, "LANE-BLOCKERS-ON-UNBLOCKED",
         "names blockers but its status is not 'blocked'"},
        {C == "bounded-residual" && S != "partial", "LANE-BOUNDED-RESIDUAL-NOT-PARTIAL",
         "has a bounded-residual completion, which goes with status 'partial'"},
        {C == "complete" && S != "target-met", "LANE-COMPLETE-NOT-TARGET-MET",
         "has a complete completion, which goes with status 'target-met'"},
        {S == "target-met" && C != "complete", "LANE-TARGET-MET-NOT-COMPLETE",
         "is target-met, so completion.state must be 'complete'"},
        {T && S == "partial" && C != "bounded-residual", "LANE-PARTIAL-AT-TARGET-NOT-BOUNDED",
         "is partial at target_score, so completion.state must be 'bounded-residual'"},
        {!T && C != "open", "LANE-BELOW-TARGET-NOT-OPEN",
         "is below target_score, so completion.state must be 'open'"},
        {C == "open" && K, "LANE-OPEN-WITH-TRACKING",
         "has an open completion but tracks residual references"},
        {C == "bounded-residual" && !K, "LANE-BOUNDED-RESIDUAL-WITHOUT-TRACKING",
         "has a bounded-residual completion but tracks no reference"},
        {C == "complete" && K, "LANE-COMPLETE-WITH-TRACKING",
         "is complete but still tracks residual references"},
    };
    for (const auto& p : pairings) {
      if (p.fires) d.error(p.rule, c, l.path, p.message);
    }
    st.lanes.push_back(std::move(r));
  }
  if (!is_sorted_by(order, lane_less)) {
    d.error("LANES-ORDER", "status.json", s.lanes.path, "lanes are not sorted by lane id");
  }
}

void check_registry_bindings(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  const auto& reg = ctx.registry;
  for (const auto& [lane, subs] : reg.lane_subsystems) {
    if (!st.lane_repo_ids.count(lane)) {
      d.error(
          "REGISTRY-LANE-ABSENT", "status.json", s.lanes.path,
          fmt::format("has no lane {}, which the subsystem registry assigns subsystems to", lane));
    }
  }
  for (const auto& lane : st.lanes) {
    const std::string c = fmt::format("lanes[{}].subsystems", lane.id);
    const JsonPath at = s.lanes.path.index(lane.index).key("subsystems");
    for (const auto& sub : lane.subsystems) {
      if (!reg.subsystem_lane.count(sub)) {
        d.error("LANE-SUBSYSTEM-UNKNOWN", c, at,
                fmt::format("names subsystem {}, which the registry does not define", quote(sub)));
      }
    }
    const Strings* expected = reg.subsystems_of(lane.id);
    const Strings want = expected ? *expected : Strings{};
    if (lane.subsystems != want) {
      d.error("LANE-SUBSYSTEMS-REGISTRY-MISMATCH", c, at,
              fmt::format("is {}; the subsystem registry assigns {} to this lane",
                          quote_list(lane.subsystems), quote_list(want)));
    }
  }
  for (const auto& l : st.release_critical_lanes) {
    if (!st.lane_repo_ids.count(l)) {
      d.error("PRIORITY-CRITICAL-LANE-UNKNOWN", "priority_engine.floor_rule.release_critical_lanes",
              JsonPath{"priority_engine", "floor_rule", "release_critical_lanes"},
              fmt::format("names lane {}, but no lane has that id", quote(l)));
    }
  }
}

}  // namespace relctl::rules
