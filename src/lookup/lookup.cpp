#include "relctl/lookup/lookup.hpp"

#include <algorithm>
#include <tuple>

namespace relctl::lookup {
namespace {

using nlohmann::json;

const json& member(const json& o, const char* key) {
  static const json kNull;
  if (!o.is_object()) return kNull;
  auto it = o.find(key);
  return it == o.end() ? kNull : *it;
}

const json& collection(const json& report, Kind k) { return member(report, info(k).collection); }

std::string str(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "None";  // how the reference compares a missing id
  return v.dump();
}

bool list_has(const json& list, const std::string& v) {
  if (!list.is_array()) return false;
  return std::any_of(list.begin(), list.end(), [&](const json& x) {
    return x.is_string() && x.get_ref<const std::string&>() == v;
  });
}

bool refs_have(const json& refs, const char* ref_kind, const std::string& id) {
  if (!refs.is_array()) return false;
  return std::any_of(refs.begin(), refs.end(), [&](const json& r) {
    return str(member(r, "kind")) == ref_kind && str(member(r, "id")) == id;
  });
}

const json* entry_of(const json& report, Kind k, const std::string& id) {
  const json& list = collection(report, k);
  if (!list.is_array()) return nullptr;
  for (const auto& e : list) {
    if (e.is_object() && str(member(e, "id")) == id) return &e;
  }
  return nullptr;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

class Linker {
 public:
  explicit Linker(const json& report) : report_(report) {}

  LinkedItem item(std::optional<Kind> k, std::string kind_word, std::string id) const {
    std::string state = "unknown";
    if (k) {
      if (const json* e = entry_of(report_, *k, id)) state = state_of(*k, *e);
    }
    return {k, std::move(kind_word), std::move(id), std::move(state)};
  }
  LinkedItem item(Kind k, std::string id) const { return item(k, info(k).ref_kind, std::move(id)); }

  // The ids listed under `key` of the entry, as items of kind `k`.
  void ids(const char* label, Kind k, const json& list) {
    LinkGroup g{label, false, {}};
    if (list.is_array()) {
      for (const auto& v : list) g.items.push_back(item(k, str(v)));
    }
    add(std::move(g));
  }
  // {kind, id} references (lane tracking and blockers).
  void refs(const char* label, const json& list) {
    LinkGroup g{label, true, {}};
    if (list.is_array()) {
      for (const auto& r : list) {
        const std::string word = str(member(r, "kind"));
        g.items.push_back(item(kind_of_ref(word), word, str(member(r, "id"))));
      }
    }
    add(std::move(g));
  }
  // Entries of kind `k` whose `key` satisfies `pred`.
  template <class Pred>
  void entries(const char* label, Kind k, Pred pred) {
    LinkGroup g{label, false, {}};
    const json& list = collection(report_, k);
    if (list.is_array()) {
      for (const auto& e : list) {
        if (e.is_object() && pred(e)) g.items.push_back(item(k, str(member(e, "id"))));
      }
    }
    add(std::move(g));
  }
  void entries_listing(const char* label, Kind k, const char* key, const std::string& id) {
    entries(label, k, [&](const json& e) { return list_has(member(e, key), id); });
  }
  // Lanes that track or are blocked by the item; claims on it.
  void referrers(Kind k, const std::string& id) {
    const char* word = info(k).ref_kind;
    entries("tracked by lanes", Kind::kLane,
            [&](const json& e) { return refs_have(member(e, "completion_tracking"), word, id); });
    entries("blocks lanes", Kind::kLane,
            [&](const json& e) { return refs_have(member(e, "blockers"), word, id); });
  }
  void claims_on(Kind k, const std::string& id) {
    entries("claims", Kind::kClaim, [&](const json& e) {
      return str(member(e, "work_kind")) == info(k).ref_kind && str(member(e, "work_id")) == id;
    });
  }

  std::vector<LinkGroup> take() { return std::move(groups_); }

 private:
  void add(LinkGroup g) {
    if (!g.items.empty()) groups_.push_back(std::move(g));
  }
  const json& report_;
  std::vector<LinkGroup> groups_;
};

}  // namespace

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> k{
      {Kind::kLane, "lane", "lane", "lanes", "lane", "lane", "lanes"},
      {Kind::kAssertion, "assertion", "assertion", "readiness_assertions", "readiness-assertion",
       "readiness assertion", "readiness assertions"},
      {Kind::kGate, "gate", "release_gate", "release_gates", "release-gate", "release gate",
       "release gates"},
      {Kind::kGap, "gap", "coverage_gap", "coverage_gaps", "coverage-gap", "coverage gap",
       "coverage gaps"},
      {Kind::kCandidate, "candidate", "candidate_lane", "candidate_lanes", "candidate-lane",
       "candidate lane", "candidate lanes"},
      {Kind::kFollowup, "followup", "followup", "lane_followups", "lane-followup", "lane followup",
       "lane followups"},
      {Kind::kDecision, "decision", "decision", "open_decisions", "open-decision", "open decision",
       "open decisions"},
      {Kind::kResolvedDecision, "resolved-decision", "resolved_decision", "resolved_decisions",
       "resolved-decision", "resolved decision", "resolved decisions"},
      {Kind::kClaim, "claim", "work_claim", "work_claims", "work-claim", "work claim",
       "work claims"},
  };
  return k;
}

const KindInfo& info(Kind k) { return kinds()[static_cast<std::size_t>(k)]; }

std::optional<Kind> parse_kind(std::string_view cli) {
  for (const auto& k : kinds()) {
    if (cli == k.cli) return k.kind;
  }
  return std::nullopt;
}

std::optional<Kind> kind_of_ref(std::string_view ref_kind) {
  for (const auto& k : kinds()) {
    if (ref_kind == k.ref_kind) return k.kind;
  }
  return std::nullopt;
}

std::optional<json> find(const json& report, Kind kind, const std::string& id) {
  const json* entry = entry_of(report, kind, id);
  if (!entry) return std::nullopt;
  json answer(json::value_t::object);
  answer["kind"] = info(kind).name;
  answer["collection"] = info(kind).collection;
  answer["id"] = id;
  answer["entry"] = *entry;
  const json& cp = member(report, "control_plane");
  answer["control_plane"] = cp.is_null() ? json::object() : cp;
  const json& summary = member(report, "summary");
  answer["summary"] = summary.is_null() ? json::object() : summary;
  if (kind == Kind::kCandidate) {
    const json& queue = member(report, "candidate_lane_queue");
    if (queue.is_array()) {
      for (const auto& item : queue) {
        if (item.is_object() && str(member(item, "candidate_lane_id")) == id) {
          answer["queue_item"] = item;
          break;
        }
      }
    }
  }
  if (kind == Kind::kGap) {
    json linked = json::array();
    const json& candidates = collection(report, Kind::kCandidate);
    if (candidates.is_array()) {
      for (const auto& c : candidates) {
        if (!c.is_object()) continue;
        const json& gaps = member(c, "coverage_gap_ids");
        const bool hit =
            gaps.is_array() &&
            std::any_of(gaps.begin(), gaps.end(), [&](const json& g) { return str(g) == id; });
        if (hit) linked.push_back(str(member(c, "id")));
      }
    }
    answer["linked_candidate_lane_ids"] = std::move(linked);
  }
  return answer;
}

std::vector<std::string> known_ids(const json& report, Kind kind) {
  std::vector<std::string> out;
  const json& list = collection(report, kind);
  if (!list.is_array()) return out;
  for (const auto& e : list) {
    if (e.is_object()) out.push_back(str(member(e, "id")));
  }
  return out;
}

std::size_t edit_distance(std::string_view a_in, std::string_view b_in) {
  const std::string a = lower(a_in);
  const std::string b = lower(b_in);
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  // Three rolling rows: the transposition step looks two rows back.
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::vector<std::string> suggest(const std::string& id, const std::vector<std::string>& known,
                                 std::size_t max) {
  const std::string q = lower(id);
  // A typo budget that grows with the length: one edit for short ids like
  // L12, about one in three characters for long slugs.
  const std::size_t budget = std::max<std::size_t>(1, q.size() / 3);
  struct Scored {
    int tier;
    std::size_t distance;
    std::size_t order;
    const std::string* id;
  };
  std::vector<Scored> scored;
  for (std::size_t i = 0; i < known.size(); ++i) {
    const std::string& k = known[i];
    if (k == id) continue;
    const std::string kl = lower(k);
    const std::size_t d = edit_distance(q, kl);
    int tier = -1;
    if (kl == q) {
      tier = 0;
    } else if (!q.empty() && (kl.rfind(q, 0) == 0 || q.rfind(kl, 0) == 0)) {
      tier = 1;
    } else if (!q.empty() && kl.find(q) != std::string::npos) {
      tier = 2;
    } else if (d <= budget) {
      tier = 3;
    }
    if (tier >= 0) scored.push_back({tier, d, i, &k});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return std::tie(a.tier, a.distance, a.order) < std::tie(b.tier, b.distance, b.order);
  });
  std::vector<std::string> out;
  for (const auto& s : scored) {
    if (out.size() >= max) break;
    if (std::find(out.begin(), out.end(), *s.id) == out.end()) out.push_back(*s.id);
  }
  return out;
}

std::string state_of(Kind kind, const json& entry) {
  const char* key = "status";
  switch (kind) {
    case Kind::kLane:
    case Kind::kAssertion:
      key = "derived_status";
      break;
    case Kind::kGate:
      key = "effective_status";
      break;
    case Kind::kClaim:
      key = "claim_state";
      break;
    case Kind::kResolvedDecision:
      return "resolved";
    default:
      break;
  }
  const json& v = member(entry, key);
  if (v.is_null()) return "-";
  const std::string s = str(v);
  return s.empty() ? "-" : s;
}

std::vector<LinkGroup> links(const json& report, Kind kind, const json& answer) {
  Linker l(report);
  const json& e = member(answer, "entry");
  const std::string id = str(member(e, "id"));
  switch (kind) {
    case Kind::kLane:
      l.refs("tracking", member(e, "completion_tracking"));
      l.refs("blockers", member(e, "blockers"));
      l.entries_listing("gates", Kind::kGate, "lane_ids", id);
      l.entries_listing("assertions", Kind::kAssertion, "lane_ids", id);
      l.entries_listing("followups", Kind::kFollowup, "lane_ids", id);
      l.entries_listing("gaps", Kind::kGap, "lane_ids", id);
      l.entries_listing("candidates", Kind::kCandidate, "current_lane_ids", id);
      l.entries_listing("decisions", Kind::kDecision, "lane_ids", id);
      l.entries_listing("resolved", Kind::kResolvedDecision, "lane_ids", id);
      l.entries_listing("claims", Kind::kClaim, "lane_ids", id);
      break;
    case Kind::kAssertion:
      l.ids("lanes", Kind::kLane, member(e, "lane_ids"));
      l.ids("gates", Kind::kGate, member(e, "release_gate_ids"));
      l.referrers(kind, id);
      l.claims_on(kind, id);
      break;
    case Kind::kGate:
      l.ids("lanes", Kind::kLane, member(e, "lane_ids"));
      l.entries_listing("assertions", Kind::kAssertion, "release_gate_ids", id);
      l.referrers(kind, id);
      l.claims_on(kind, id);
      break;
    case Kind::kGap:
      l.ids("lanes", Kind::kLane, member(e, "lane_ids"));
      l.ids("candidates", Kind::kCandidate, member(answer, "linked_candidate_lane_ids"));
      l.entries_listing("claims", Kind::kClaim, "coverage_gap_ids", id);
      break;
    case Kind::kCandidate:
      l.ids("lanes", Kind::kLane, member(e, "current_lane_ids"));
      l.ids("gaps", Kind::kGap, member(e, "coverage_gap_ids"));
      l.ids("claims", Kind::kClaim, member(member(answer, "queue_item"), "claim_ids"));
      break;
    case Kind::kFollowup:
    case Kind::kDecision:
      l.ids("lanes", Kind::kLane, member(e, "lane_ids"));
      l.referrers(kind, id);
      l.claims_on(kind, id);
      break;
    case Kind::kResolvedDecision:
      l.ids("lanes", Kind::kLane, member(e, "lane_ids"));
      break;
    case Kind::kClaim: {
      json ref(json::value_t::object);
      ref["kind"] = member(e, "work_kind");
      ref["id"] = member(e, "work_id");
      json work = json::array();
      work.push_back(std::move(ref));
      l.refs("work", work);
      // A lane claim's lanes are its work item; other claims reach lanes through it.
      if (str(member(e, "work_kind")) != info(Kind::kLane).ref_kind) {
        l.ids("lanes", Kind::kLane, member(e, "lane_ids"));
      }
      l.ids("gaps", Kind::kGap, member(e, "coverage_gap_ids"));
      break;
    }
  }
  return l.take();
}

}  // namespace relctl::lookup
