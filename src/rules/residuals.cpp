// Family S: the references a bounded-residual lane tracks, and family T: the
// blockers a blocked lane names. Each must exist, point back at the lane and
// still be open.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"

namespace relctl::rules {
namespace {

std::string label(const std::string& kind) {
  if (kind == "lane-followup") return "lane followup";
  if (kind == "readiness-assertion") return "readiness assertion";
  if (kind == "release-gate") return "release gate";
  if (kind == "open-decision") return "open decision";
  return kind;
}

// The lane ids of the referenced record, or nullopt when there is none.
std::optional<Strings> lanes_of(const KindId& ref, const ReferenceIndex& idx, bool followups) {
  auto find = [&](const auto& map) -> std::optional<Strings> {
    auto it = map.find(ref.id);
    if (it == map.end()) return std::nullopt;
    return it->second->lane_ids;
  };
  if (ref.kind == "lane-followup" && followups) return find(idx.followups);
  if (ref.kind == "readiness-assertion") return find(idx.assertions);
  if (ref.kind == "release-gate") return find(idx.gates);
  if (ref.kind == "open-decision") return find(idx.open_decisions);
  return std::nullopt;
}

template <class R>
const R* lookup(const std::unordered_map<std::string_view, const R*>& map, const std::string& id) {
  auto it = map.find(id);
  return it == map.end() ? nullptr : it->second;
}

template <class R>
void index_into(std::unordered_map<std::string_view, const R*>& map,
                const std::vector<R>& records) {
  map.reserve(records.size());
  for (const auto& r : records) map[r.id] = &r;  // the later record wins
}

}  // namespace

ReferenceIndex::ReferenceIndex(const AuditState& st) {
  index_into(followups, st.followups);
  index_into(assertions, st.assertions);
  index_into(gates, st.gates);
  index_into(open_decisions, st.open_decisions);
}

ReferenceDetail resolve_reference(const KindId& ref, const ReferenceIndex& idx,
                                  bool include_followups) {
  ReferenceDetail d;
  d.kind = ref.kind;
  d.id = ref.id;
  if (ref.kind == "lane-followup") {
    if (!include_followups) return d;
    if (const auto* f = lookup(idx.followups, ref.id)) {
      d.status = f->status;
      d.resolved = f->status == "done";
      d.summary = f->summary;
    }
  } else if (ref.kind == "readiness-assertion") {
    if (const auto* a = lookup(idx.assertions, ref.id)) {
      d.status = a->derived_status;
      d.resolved = a->derived_pass();
      d.summary = a->summary;
    }
  } else if (ref.kind == "release-gate") {
    if (const auto* g = lookup(idx.gates, ref.id)) {
      d.status = g->effective_status;
      d.resolved = g->effective_status == "passed";
      d.summary = g->summary;
    }
  } else if (ref.kind == "open-decision") {
    if (const auto* o = lookup(idx.open_decisions, ref.id)) {
      d.status = o->status;
      d.summary = o->summary;
    }
  }
  return d;
}

void check_residual_tracking(const model::Status& s, const AuditContext&, AuditState& st) {
  auto& d = st.diags;
  // Followup id -> lanes that validly track it, in order of first record.
  Strings followup_order;
  std::map<std::string, std::set<std::string>> referenced;
  for (const auto& f : st.followups) {
    if (!referenced.count(f.id)) followup_order.push_back(f.id);
    referenced[f.id];
  }
  const ReferenceIndex refs_idx(st);
  for (const auto& lane : st.lanes) {
    if (lane.completion_state != "bounded-residual") continue;
    const std::string c = fmt::format("lanes[{}].completion.tracking", lane.id);
    const JsonPath at = s.lanes.path.index(lane.index).key("completion").key("tracking");
    for (const auto& ref : lane.tracking) {
      const auto lanes = lanes_of(ref, refs_idx, true);
      if (!lanes) {
        d.error("TRACKING-UNKNOWN-TARGET", c, at,
                fmt::format("names {} {}, which does not exist", label(ref.kind), quote(ref.id)));
        continue;
      }
      if (std::find(lanes->begin(), lanes->end(), lane.id) == lanes->end()) {
        d.error("TRACKING-LANE-NOT-LINKED", c, at,
                fmt::format("names {} {}, whose lane_ids do not include this lane", label(ref.kind),
                            quote(ref.id)));
        continue;
      }
      if (ref.kind == "lane-followup") referenced[ref.id].insert(lane.id);
      if (resolve_reference(ref, refs_idx).resolved) {
        d.error("TRACKING-ALREADY-RESOLVED", c, at,
                fmt::format("names {} {}, which is already settled and cannot keep a residual "
                            "open",
                            label(ref.kind), quote(ref.id)));
      }
    }
  }
  const auto followups = index_by_id(st.followups);
  for (const auto& id : followup_order) {
    const auto& refs = referenced[id];
    const std::string c = fmt::format("lane_followups[{}]", id);
    const JsonPath at = s.lane_followups.path.index(followups.at(id)->index);
    if (refs.empty()) {
      d.error("FOLLOWUP-UNREFERENCED", c, at,
              "is not tracked by any bounded-residual lane (completion.tracking)");
      continue;
    }
    const auto& declared = followups.at(id)->lane_ids;
    if (refs != std::set<std::string>(declared.begin(), declared.end())) {
      d.error("FOLLOWUP-REFERENCE-MISMATCH", c, at,
              "is tracked by other lanes than the ones it names");
    }
  }
}

void check_lane_blockers(const model::Status& s, const AuditContext&, AuditState& st) {
  auto& d = st.diags;
  const ReferenceIndex refs_idx(st);
  for (const auto& lane : st.lanes) {
    if (lane.status != "blocked") continue;
    const std::string c = fmt::format("lanes[{}].blockers", lane.id);
    const JsonPath at = s.lanes.path.index(lane.index).key("blockers");
    for (const auto& ref : lane.blockers) {
      const auto lanes = lanes_of(ref, refs_idx, false);
      const std::string l = ref.kind == "lane-followup" ? ref.kind : label(ref.kind);
      if (!lanes) {
        d.error("BLOCKER-UNKNOWN-TARGET", c, at,
                fmt::format("names {} {}, which does not exist", l, quote(ref.id)));
        continue;
      }
      if (std::find(lanes->begin(), lanes->end(), lane.id) == lanes->end()) {
        d.error(
            "BLOCKER-LANE-NOT-LINKED", c, at,
            fmt::format("names {} {}, whose lane_ids do not include this lane", l, quote(ref.id)));
        continue;
      }
      if (resolve_reference(ref, refs_idx, false).resolved) {
        d.error("BLOCKER-ALREADY-RESOLVED", c, at,
                fmt::format("names {} {}, which is already settled and cannot keep the lane "
                            "blocked",
                            l, quote(ref.id)));
      }
    }
  }
}

}  // namespace relctl::rules
