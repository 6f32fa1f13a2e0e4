// Family V: work claims (lease-style reservations of governed work) and the
// conflicts between active claims.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/rules/readers.hpp"
#include "relctl/rules/work_claims.hpp"

namespace relctl::rules {
namespace {

std::optional<TimePoint> read_timestamp(const std::string& owner,
                                        const model::Field<std::string>& f,
                                        const std::optional<std::string>& value, AuditState& st) {
  if (!value) return std::nullopt;
  std::optional<TimePoint> t;
  // Year 0 is not a date-time the reference (Python) can represent.
  if (is_timestamp_shape(*value) && value->compare(0, 4, "0000") != 0) t = parse_rfc3339(*value);
  if (!t) {
    st.diags.error("CLAIM-TIMESTAMP-FORMAT", owner + "." + field_key(f.path), f.path,
                   "is not an RFC 3339 date-time with a timezone (e.g. 2026-04-10T21:46:02Z)");
  }
  return t;
}

// Ordered grouping: keys in order of first appearance.
template <class K>
struct Groups {
  std::vector<K> order;
  std::map<K, std::vector<const ClaimRecord*>> members;
  void add(const K& k, const ClaimRecord* c) {
    auto [it, inserted] = members.try_emplace(k);
    if (inserted) order.push_back(k);
    it->second.push_back(c);
  }
};

Strings sorted_copy(Strings v) {
  std::sort(v.begin(), v.end());
  return v;
}

void find_conflicts(const model::Status& s, AuditState& st) {
  std::vector<const ClaimRecord*> active;
  for (const auto& c : st.claims) {
    if (c.claim_state == "active") active.push_back(&c);
  }
  Groups<std::pair<std::string, std::string>> exact;
  Groups<std::string> broad_by_lane, narrow_by_lane, candidate_by_gap, gap_by_gap;
  for (const auto* c : active) {
    exact.add({c->work_kind, c->work_id}, c);
    if (c->work_kind == "lane") broad_by_lane.add(c->work_id, c);
    if (is_narrow_claim_kind(c->work_kind)) {
      for (const auto& l : c->lane_ids) narrow_by_lane.add(l, c);
    }
    if (c->work_kind == "candidate-lane") {
      for (const auto& g : c->coverage_gap_ids) candidate_by_gap.add(g, c);
    }
    if (c->work_kind == "coverage-gap") gap_by_gap.add(c->work_id, c);
  }
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  const JsonPath at = s.work_claims.path;
  auto report = [&](ConflictRecord rec, const std::string& what, const std::string& why) {
    st.diags.error(
        rec.kind == "same-work-item" ? "CLAIM-CONFLICT-SAME-ITEM"
        : rec.kind == "lane-overlap" ? "CLAIM-CONFLICT-LANE-OVERLAP"
                                     : "CLAIM-CONFLICT-PROMOTION-OVERLAP",
        "active", at,
        fmt::format("work claims {} both reserve {}: {}", quote_list(rec.claim_ids), what, why));
    st.conflicts.push_back(std::move(rec));
  };

  for (const auto& key : exact.order) {
    const auto& group = exact.members[key];
    if (group.size() <= 1) continue;
    ConflictRecord rec;
    rec.kind = "same-work-item";
    Strings lanes, gaps;
    for (const auto* c : group) {
      rec.claim_ids.push_back(c->id);
      rec.agent_ids.push_back(c->agent_id);
      lanes.insert(lanes.end(), c->lane_ids.begin(), c->lane_ids.end());
      gaps.insert(gaps.end(), c->coverage_gap_ids.begin(), c->coverage_gap_ids.end());
    }
    rec.claim_ids = sorted_copy(rec.claim_ids);
    rec.agent_ids = sorted_copy(rec.agent_ids);
    if (!seen.insert({"same", rec.claim_ids.front(), rec.claim_ids.back()}).second) continue;
    const std::string item = key.first + ":" + key.second;
    rec.summary = fmt::format("Multiple active claims reserve {}.", item);
    rec.work_items = {item};
    rec.lane_ids = sorted_unique_lane(lanes);
    rec.coverage_gap_ids = sorted_unique_fold(gaps);
    report(std::move(rec), item, "one governed item takes one active claim at a time");
  }
  for (const auto& lane : broad_by_lane.order) {
    for (const auto* broad : broad_by_lane.members[lane]) {
      auto it = narrow_by_lane.members.find(lane);
      if (it == narrow_by_lane.members.end()) continue;
      for (const auto* narrow : it->second) {
        const Strings ids = sorted_copy({broad->id, narrow->id});
        if (broad->id == narrow->id || !seen.insert({"lane", ids[0], ids[1]}).second) continue;
        ConflictRecord rec;
        rec.kind = "lane-overlap";
        rec.claim_ids = ids;
        rec.agent_ids = sorted_copy({broad->agent_id, narrow->agent_id});
        rec.summary =
            fmt::format("Broad lane claim and narrower governed claim both reserve lane {}.", lane);
        rec.work_items = {broad->work_kind + ":" + broad->work_id,
                          narrow->work_kind + ":" + narrow->work_id};
        rec.lane_ids = {lane};
        report(std::move(rec), "lane " + lane,
               "a claim on the whole lane excludes narrower claims inside it until released");
      }
    }
  }
  for (const auto& gap : gap_by_gap.order) {
    for (const auto* gc : gap_by_gap.members[gap]) {
      auto it = candidate_by_gap.members.find(gap);
      if (it == candidate_by_gap.members.end()) continue;
      for (const auto* cc : it->second) {
        const Strings ids = sorted_copy({gc->id, cc->id});
        if (!seen.insert({"promotion", ids[0], ids[1]}).second) continue;
        ConflictRecord rec;
        rec.kind = "promotion-overlap";
        rec.claim_ids = ids;
        rec.agent_ids = sorted_copy({gc->agent_id, cc->agent_id});
        rec.summary =
            fmt::format("Coverage-gap claim and candidate-lane claim both reserve gap {}.", gap);
        rec.work_items = {gc->work_kind + ":" + gc->work_id, cc->work_kind + ":" + cc->work_id};
        Strings lanes = gc->lane_ids;
        lanes.insert(lanes.end(), cc->lane_ids.begin(), cc->lane_ids.end());
        rec.lane_ids = sorted_unique_lane(lanes);
        rec.coverage_gap_ids = {gap};
        report(std::move(rec), "coverage-gap " + gap,
               "promoting a gap through its candidate lane and working the gap directly exclude "
               "each other");
      }
    }
  }
}

}  // namespace

bool claim_is_active(TimePoint expires_at, TimePoint now) { return Now(now).before(expires_at); }
bool claim_is_active(TimePoint expires_at, const Now& now) { return now.before(expires_at); }

bool is_narrow_claim_kind(std::string_view kind) {
  return kind == "lane-followup" || kind == "readiness-assertion" || kind == "release-gate" ||
         kind == "open-decision";
}

std::vector<ClaimOverlap> claim_overlaps(const ClaimScope& wanted, const ClaimScope& held) {
  std::vector<ClaimOverlap> out;
  if (wanted.kind == held.kind && wanted.id == held.id) {
    out.push_back({OverlapKind::kSameItem, wanted.kind + ":" + wanted.id});
    return out;
  }
  // Shared ids, each once, in plain string order.
  auto shared = [](const Strings& a, const Strings& b) {
    const std::set<std::string> sa(a.begin(), a.end());
    std::set<std::string> common;
    for (const auto& x : b) {
      if (sa.count(x)) common.insert(x);
    }
    return common;
  };
  if (wanted.kind == "lane" && is_narrow_claim_kind(held.kind)) {
    for (const auto& l : shared(wanted.lane_ids, held.lane_ids))
      out.push_back({OverlapKind::kNarrowerInLane, l});
  } else if (held.kind == "lane" && is_narrow_claim_kind(wanted.kind)) {
    for (const auto& l : shared(wanted.lane_ids, held.lane_ids))
      out.push_back({OverlapKind::kBroadLane, l});
  }
  if (wanted.kind == "candidate-lane" && held.kind == "coverage-gap") {
    for (const auto& g : shared(wanted.coverage_gap_ids, held.coverage_gap_ids))
      out.push_back({OverlapKind::kGapHeld, g});
  } else if (wanted.kind == "coverage-gap" && held.kind == "candidate-lane") {
    for (const auto& g : shared(wanted.coverage_gap_ids, held.coverage_gap_ids))
      out.push_back({OverlapKind::kPromotionHeld, g});
  }
  return out;
}

const char* conflict_kind_name(OverlapKind kind) {
  switch (kind) {
    case OverlapKind::kSameItem:
      return "same-work-item";
    case OverlapKind::kNarrowerInLane:
    case OverlapKind::kBroadLane:
      return "lane-overlap";
    case OverlapKind::kGapHeld:
    case OverlapKind::kPromotionHeld:
      return "promotion-overlap";
  }
  return "overlap";
}

void check_work_claims(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  report_record_list(d, "CLAIMS-SHAPE", "status.json", s.work_claims);
  const auto lanes = index_by_id(st.lanes);
  const auto followups = index_by_id(st.followups);
  const auto gaps = index_by_id(st.gaps);
  const auto candidates = index_by_id(st.candidates);
  const auto assertions = index_by_id(st.assertions);
  const auto gates = index_by_id(st.gates);
  const auto decisions = index_by_id(st.open_decisions);
  const auto& cp = ctx.control_plane;
  std::set<std::string> seen;
  for (const auto& w : s.work_claims.items) {
    const std::string c = fmt::format("work_claims[{}]", w.index);
    const std::size_t errors_before = d.size();
    auto id = read_str(d, "CLAIM-FIELD", c, w.id);
    if (id && !seen.insert(*id).second) {
      d.error("CLAIM-ID-DUPLICATE", c, w.id.path, fmt::format("repeats claim id {}", quote(*id)));
    }
    auto agent = read_str(d, "CLAIM-FIELD", c, w.agent_id);
    auto summary = read_str(d, "CLAIM-FIELD", c, w.summary);
    auto target_id = read_str(d, "CLAIM-FIELD", c, w.target_id);
    auto claimed_at = read_str(d, "CLAIM-FIELD", c, w.claimed_at);
    auto heartbeat_at = read_str(d, "CLAIM-FIELD", c, w.heartbeat_at);
    auto expires_at = read_str(d, "CLAIM-FIELD", c, w.expires_at);
    if (w.work_item == nullptr || !w.work_item->is_object()) {
      d.error("CLAIM-WORK-ITEM-NOT-OBJECT", c + ".work_item", w.path.key("work_item"),
              "must be an object");
    }
    auto kind = read_str(d, "CLAIM-WORK-ITEM-FIELD", c + ".work_item", w.work_item_kind);
    auto work_id = read_str(d, "CLAIM-WORK-ITEM-FIELD", c + ".work_item", w.work_item_id);
    if (kind && !ctx.enums.claim_kind.count(*kind)) {
      d.error("CLAIM-WORK-KIND-ENUM", c + ".work_item.kind", w.work_item_kind.path,
              fmt::format("{} is not a kind of work that can be claimed", quote(*kind)));
    }
    const auto t_claimed = read_timestamp(c, w.claimed_at, claimed_at, st);
    const auto t_heartbeat = read_timestamp(c, w.heartbeat_at, heartbeat_at, st);
    const auto t_expires = read_timestamp(c, w.expires_at, expires_at, st);
    if (t_claimed && t_heartbeat && *t_claimed > *t_heartbeat) {
      d.error("CLAIM-HEARTBEAT-BEFORE-CLAIM", c + ".heartbeat_at", w.heartbeat_at.path,
              "is earlier than claimed_at");
    }
    if (t_heartbeat && t_expires && *t_heartbeat > *t_expires) {
      d.error("CLAIM-EXPIRY-BEFORE-HEARTBEAT", c + ".expires_at", w.expires_at.path,
              "is earlier than heartbeat_at");
    }
    if (target_id) {
      const auto* t = cp.find_target(*target_id);
      if (t == nullptr) {
        d.error("CLAIM-TARGET-UNKNOWN", c, w.target_id.path,
                fmt::format("names target {}, which the control plane does not define",
                            quote(*target_id)));
      } else {
        if (t->profile_id != cp.active_profile_id) {
          d.error(
              "CLAIM-TARGET-OTHER-PROFILE", c + ".target_id", w.target_id.path,
              fmt::format("{} belongs to profile {}, not the active profile {}", quote(*target_id),
                          quote(t->profile_id), quote(cp.active_profile_id)));
        }
        if (t->status == "completed") {
          d.error("CLAIM-TARGET-COMPLETED", c + ".target_id", w.target_id.path,
                  fmt::format("{} is a completed target", quote(*target_id)));
        }
      }
    }
    Strings lane_ids, repo_ids, gap_ids;
    if (kind && work_id) {
      auto unknown = [&](const char* noun) {
        d.error("CLAIM-WORK-ITEM-UNKNOWN", c + ".work_item", w.work_item_id.path,
                fmt::format("names {} {}, which does not exist", noun, quote(*work_id)));
      };
      auto take = [&](const auto& index, const char* noun, auto&& on_found) {
        auto it = index.find(*work_id);
        if (it == index.end()) {
          unknown(noun);
        } else {
          on_found(*it->second);
        }
      };
      const std::string& k = *kind;
      if (k == "lane") {
        take(lanes, "lane", [&](const LaneRecord& r) {
          lane_ids = {r.id};
          repo_ids = r.repo_ids;
        });
      } else if (k == "lane-followup") {
        take(followups, "lane followup", [&](const FollowupRecord& r) {
          lane_ids = r.lane_ids;
          repo_ids = r.repo_ids;
        });
      } else if (k == "coverage-gap") {
        take(gaps, "coverage gap", [&](const GapRecord& r) {
          lane_ids = r.lane_ids;
          repo_ids = r.repo_ids;
          gap_ids = {r.id};
        });
      } else if (k == "candidate-lane") {
        take(candidates, "candidate lane", [&](const CandidateRecord& r) {
          lane_ids = r.current_lane_ids;
          repo_ids = r.repo_ids;
          gap_ids = r.coverage_gap_ids;
          if (target_id && *target_id != r.target_id) {
            d.error("CLAIM-CANDIDATE-TARGET-MISMATCH", c + ".target_id", w.target_id.path,
                    fmt::format("{} differs from the candidate lane's target {}", quote(*target_id),
                                quote(r.target_id)));
          }
        });
      } else if (k == "readiness-assertion") {
        take(assertions, "readiness assertion", [&](const AssertionRecord& r) {
          lane_ids = r.lane_ids;
          repo_ids = r.repo_ids;
        });
      } else if (k == "release-gate") {
        take(gates, "release gate", [&](const GateRecord& r) {
          lane_ids = r.lane_ids;
          repo_ids = r.repo_ids;
        });
      } else if (k == "open-decision") {
        take(decisions, "open decision", [&](const OpenDecisionRecord& r) {
          lane_ids = r.lane_ids;
          repo_ids = r.repo_ids;
        });
      }
    }
    if (!(id && agent && summary && target_id && claimed_at && heartbeat_at && expires_at && kind &&
          work_id && t_claimed && t_heartbeat && t_expires) ||
        d.size() != errors_before) {
      continue;
    }
    ClaimRecord r;
    r.index = w.index;
    r.id = *id;
    r.agent_id = *agent;
    r.summary = *summary;
    r.target_id = *target_id;
    r.claimed_at = *claimed_at;
    r.heartbeat_at = *heartbeat_at;
    r.expires_at = *expires_at;
    r.claim_state = claim_is_active(*t_expires, ctx.now) ? "active" : "expired";
    r.work_kind = *kind;
    r.work_id = *work_id;
    r.lane_ids = std::move(lane_ids);
    r.coverage_gap_ids = std::move(gap_ids);
    r.repo_ids = std::move(repo_ids);
    st.claims.push_back(std::move(r));
  }
  if (st.claims.size() == s.work_claims.items.size()) {
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& r : st.claims) order.emplace_back(r.claimed_at, r.id);
    if (!is_sorted_by(order, dated_less)) {
      d.error("CLAIMS-ORDER", "status.json", s.work_claims.path,
              "work_claims are not sorted by claimed_at, then id");
    }
  }
  find_conflicts(s, st);
}

}  // namespace relctl::rules
