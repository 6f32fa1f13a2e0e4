// Claim, renew and release: the reference's work_claim.py semantics over the
// parsed status.json (docs/claims.md). Values are compared the way the
// reference compares them, through Python's str() (report::py_str), so a
// stored claim with odd types is matched as the reference matches it.
#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "items.hpp"
#include "relctl/claim/engine.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/report/python_json.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/rules/work_claims.hpp"
#include "relctl/util/text.hpp"

namespace relctl::claim {
namespace {

using detail::collection_of;
using detail::context_of;
using detail::find_item;
using detail::ItemContext;
using detail::member;
using detail::str_of;

// 'value', as the messages quote names.
std::string q(const std::string& s) { return "'" + s + "'"; }

TimePoint whole_seconds(TimePoint t) { return std::chrono::floor<std::chrono::seconds>(t); }

// A status.json the rules cannot work with: exit 2, with the place.
[[noreturn]] void bad_data(const JsonDocument& doc, const JsonPath& at, const std::string& what) {
  throw LoadError(doc.file(), what, doc.locate(at), at);
}

// One stored claim, as the rules see it.
struct Stored {
  std::size_t index = 0;
  const Json* value = nullptr;
  TimePoint expires_at{};
};

struct Split {
  std::vector<Stored> active, expired;
};

const Json& work_claims_list(const JsonDocument& doc) {
  const Json& root = doc.json();
  const Json* claims = member(root, "work_claims");
  const JsonPath at{"work_claims"};
  if (claims == nullptr || !claims->is_array()) {
    bad_data(doc, claims == nullptr ? JsonPath{} : at,
             "status.json needs a work_claims list (an empty list when nothing is claimed)");
  }
  std::size_t i = 0;
  for (const auto& c : *claims) {
    if (!c.is_object()) bad_data(doc, at.index(i), "every work claim must be an object");
    ++i;
  }
  return *claims;
}

// The stored expiry, read like the reference: stripped, RFC 3339 with a
// timezone, fractional seconds dropped.
std::optional<TimePoint> read_expiry(const std::string& raw, std::string* problem) {
  const std::string s = text::strip(raw);
  auto t = parse_rfc3339(s);
  if (t && s.compare(0, 4, "0000") != 0) return whole_seconds(*t);
  if (!t && parse_rfc3339(s + "Z")) {
    *problem = fmt::format("{} has no timezone (write it like 2026-03-19T12:00:00Z)", q(raw));
  } else {
    *problem =
        fmt::format("{} is not an RFC 3339 date-time (write it like 2026-03-19T12:00:00Z)", q(raw));
  }
  return std::nullopt;
}

Split split_by_state(const JsonDocument& doc, const Json& claims, TimePoint now) {
  Split out;
  std::size_t i = 0;
  for (const auto& c : claims) {
    const JsonPath at = JsonPath{"work_claims"}.index(i);
    const Json* exp = member(c, "expires_at");
    if (exp == nullptr || !exp->is_string()) {
      bad_data(doc, exp == nullptr ? at : at.key("expires_at"),
               fmt::format("work claim {} has no expires_at string, so whether it is still "
                           "active cannot be told",
                           q(str_of(c, "id"))));
    }
    std::string problem;
    auto t = read_expiry(exp->get<std::string>(), &problem);
    if (!t) {
      bad_data(doc, at.key("expires_at"),
               fmt::format("expiry of work claim {}: {}", q(str_of(c, "id")), problem));
    }
    Stored s{i, &c, *t};
    (rules::claim_is_active(*t, now) ? out.active : out.expired).push_back(s);
    ++i;
  }
  return out;
}

// The item a claim names; bad_data when its collection is missing.
const Json* find_item_or_fail(const JsonDocument& doc, const std::string& kind,
                              const std::string& id) {
  const char* collection = collection_of(kind);
  if (collection == nullptr) return nullptr;
  const Json* entries = member(doc.json(), collection);
  if (entries == nullptr || !entries->is_array()) {
    bad_data(doc, entries == nullptr ? JsonPath{} : JsonPath{collection},
             fmt::format("status.json needs a {} list to claim {} work", collection, kind));
  }
  return find_item(doc.json(), kind, id);
}

std::string kinds_list(const Policy& policy) {
  std::string out;
  for (const auto& k : policy.valid_kinds) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

void require_kind(const Policy& policy, const std::string& kind) {
  if (!policy.valid_kinds.count(kind) || collection_of(kind) == nullptr) {
    throw Refusal(Refusal::Kind::kInvalid,
                  fmt::format("{} is not a kind of work that can be claimed (kinds: {})", q(kind),
                              kinds_list(policy)));
  }
}

void require_agent(const std::string& agent_id) {
  if (auto problem = agent_id_problem(agent_id)) {
    throw Refusal(Refusal::Kind::kInvalid, *problem);
  }
}

void require_ttl(double ttl) {
  if (std::isnan(ttl) || ttl <= 0) {
    throw Refusal(Refusal::Kind::kInvalid,
                  fmt::format("--ttl-hours must be a number greater than 0 (got {})",
                              report::py_float_repr(ttl)));
  }
  if (ttl > kMaxTtlHours) {
    throw Refusal(Refusal::Kind::kInvalid,
                  fmt::format("--ttl-hours {} is longer than the longest lease relctl grants, {:g} "
                              "hours; renew the claim instead",
                              report::py_float_repr(ttl), kMaxTtlHours));
  }
}

std::string resolve_target(const Policy& policy, const ItemContext& ctx,
                           const std::optional<std::string>& explicit_target) {
  const auto& cp = *policy.control_plane;
  std::string target;
  if (explicit_target && !text::strip(*explicit_target).empty()) {
    target = text::strip(*explicit_target);
  } else if (ctx.candidate_target) {
    target = *ctx.candidate_target;
  } else {
    target = cp.active_target_id;
  }
  const auto* t = cp.find_target(target);
  if (t == nullptr) {
    throw Refusal(
        Refusal::Kind::kInvalid,
        fmt::format("unknown target {}: the control plane defines no such target", q(target)));
  }
  if (text::strip(t->profile_id) != cp.active_profile_id) {
    throw Refusal(Refusal::Kind::kInvalid,
                  fmt::format("target {} belongs to profile {}, not to the active profile {}",
                              q(target), q(t->profile_id), q(cp.active_profile_id)));
  }
  if (text::strip(t->status) == "completed") {
    throw Refusal(Refusal::Kind::kInvalid,
                  fmt::format("target {} is completed; work can only be claimed for a target "
                              "that is not",
                              q(target)));
  }
  if (ctx.scope.kind == "candidate-lane" && ctx.candidate_target &&
      target != *ctx.candidate_target) {
    throw Refusal(Refusal::Kind::kInvalid,
                  fmt::format("candidate lane {} belongs to target {}; it cannot be claimed for {}",
                              q(ctx.scope.id), q(*ctx.candidate_target), q(target)));
  }
  return target;
}

// str(work_item.get(key, fallback)) when work_item is an object.
struct WorkRef {
  bool is_object = false;
  std::string kind, id;
};
WorkRef work_ref(const Json& claim, const char* fallback) {
  WorkRef r;
  const Json* wi = member(claim, "work_item");
  if (wi == nullptr || !wi->is_object()) return r;
  r.is_object = true;
  r.kind = fallback == nullptr ? str_of(*wi, "kind") : str_of(*wi, "kind", fallback);
  r.id = fallback == nullptr ? str_of(*wi, "id") : str_of(*wi, "id", fallback);
  return r;
}

std::string overlap_reason(const rules::ClaimOverlap& o) {
  switch (o.kind) {
    case rules::OverlapKind::kSameItem:
      return fmt::format("already reserves {}", o.shared_id);
    case rules::OverlapKind::kNarrowerInLane:
      return fmt::format("reserves narrower work inside lane {}", o.shared_id);
    case rules::OverlapKind::kBroadLane:
      return fmt::format("reserves the whole lane {}", o.shared_id);
    case rules::OverlapKind::kGapHeld:
      return fmt::format("reserves coverage-gap {}, which this candidate lane would close",
                         o.shared_id);
    case rules::OverlapKind::kPromotionHeld:
      return fmt::format("reserves the candidate lane that promotes coverage-gap {}", o.shared_id);
  }
  return "overlaps";
}

// The reference's order of work_claims: claimed_at as written, then the id
// casefolded; stable.
void sort_claims(std::vector<PlannedClaim>& claims) {
  std::stable_sort(claims.begin(), claims.end(), [](const PlannedClaim& a, const PlannedClaim& b) {
    const std::string ca = str_of(a.value, "claimed_at", "");
    const std::string cb = str_of(b.value, "claimed_at", "");
    if (ca != cb) return ca < cb;
    return rules::casefold(str_of(a.value, "id", "")) < rules::casefold(str_of(b.value, "id", ""));
  });
}

std::string sanitize_token(const std::string& value) {
  const std::string folded = rules::casefold(text::strip(value));
  std::string out;
  bool in_run = false;
  for (const char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
      in_run = false;
    } else if (!in_run) {
      // Every byte of a non-ASCII character is outside [a-z0-9] too, so a
      // run of bytes is a run of characters.
      out += '-';
      in_run = true;
    }
  }
  const auto first = out.find_first_not_of('-');
  if (first == std::string::npos) return "claim";
  const auto last = out.find_last_not_of('-');
  return out.substr(first, last - first + 1);
}

}  // namespace

std::string claim_id_for(const std::string& agent_id, const std::string& kind,
                         const std::string& work_id) {
  return sanitize_token(agent_id) + "-" + sanitize_token(kind) + "-" + sanitize_token(work_id);
}

TimePoint lease_end(TimePoint now, double ttl_hours) {
  // CPython's timedelta(hours=h): the whole hours exactly, the fraction in
  // float arithmetic, the leftover microsecond rounded half to even.
  constexpr std::int64_t kUsPerHour = 3'600'000'000;
  double whole_hours = 0;
  const double frac_hours = std::modf(ttl_hours, &whole_hours);
  auto us = static_cast<std::int64_t>(whole_hours) * kUsPerHour;
  if (frac_hours != 0.0) {
    double whole_us = 0;
    const double leftover = std::modf(static_cast<double>(kUsPerHour) * frac_hours, &whole_us);
    us += static_cast<std::int64_t>(whole_us);
    double rounded = std::round(leftover);
    if (std::fabs(rounded - leftover) == 0.5) {
      const double odd = static_cast<double>(us % 2 != 0 ? 1 : 0);
      rounded = 2.0 * std::round((leftover + odd) * 0.5) - odd;
    }
    us += static_cast<std::int64_t>(rounded);
  }
  return whole_seconds(now + std::chrono::microseconds(us));
}

std::optional<std::string> agent_id_problem(const std::string& agent_id) {
  if (text::is_blank(agent_id)) return "--agent-id must not be empty";
  for (std::size_t i = 0; i < agent_id.size(); ++i) {
    const auto c = static_cast<unsigned char>(agent_id[i]);
    const bool c1 = c == 0xC2 && i + 1 < agent_id.size() &&
                    static_cast<unsigned char>(agent_id[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(agent_id[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F || c1) {
      return fmt::format(
          "--agent-id {} holds a control character; an agent id is one word, "
          "e.g. codex-7f3a",
          q(agent_id));
    }
  }
  if (text::has_whitespace(agent_id)) {
    return fmt::format("--agent-id {} holds whitespace; an agent id is one word, e.g. codex-7f3a",
                       q(agent_id));
  }
  return std::nullopt;
}

Plan plan_claim(const JsonDocument& status, const ClaimRequest& req, const Policy& policy,
                TimePoint now) {
  now = whole_seconds(now);
  // The reference's order of checks: kind, lease, summary, agent, then the file.
  require_kind(policy, req.kind);
  require_ttl(req.ttl_hours);
  if (text::is_blank(req.summary)) {
    throw Refusal(Refusal::Kind::kInvalid,
                  "--summary must say what the claim is for (it is empty)");
  }
  require_agent(req.agent_id);
  const Json& claims = work_claims_list(status);
  const Split split = split_by_state(status, claims, now);
  const Json* item = find_item_or_fail(status, req.kind, req.work_id);
  if (item == nullptr) {
    throw Refusal(Refusal::Kind::kInvalid,
                  fmt::format("status.json has no {} with id {}: nothing to claim", req.kind,
                              q(req.work_id)));
  }
  const ItemContext wanted = context_of(*item, req.kind, req.work_id);
  const std::string target = resolve_target(policy, wanted, req.target_id);

  std::vector<const Stored*> mine;
  std::vector<const Stored*> exact;
  for (const auto& s : split.active) {
    if (str_of(*s.value, "agent_id") != req.agent_id) continue;
    mine.push_back(&s);
    const WorkRef w = work_ref(*s.value, nullptr);
    if (w.is_object && str_of(*s.value, "target_id") == target && w.kind == req.kind &&
        w.id == req.work_id) {
      exact.push_back(&s);
    }
  }

  Plan plan;
  std::vector<const Stored*> kept;
  PlannedClaim next;
  const std::string now_text = format_rfc3339(now);
  const std::string expires_text = format_rfc3339(lease_end(now, req.ttl_hours));
  if (mine.size() == 1 && exact.size() == 1) {
    // Renewal: the stored claim keeps its id, claimed_at, target and any
    // other keys, in their order; three values change in place. Every other
    // active claim is kept, also one that happens to share the renewed
    // claim's id (the reference drops those by id, unreported: a lost
    // claim; docs/compat.md).
    for (const auto& s : split.active) {
      if (&s != exact[0]) kept.push_back(&s);
    }
    next.value = *exact[0]->value;
    next.value["summary"] = req.summary;
    next.value["heartbeat_at"] = now_text;
    next.value["expires_at"] = expires_text;
    next.origin = exact[0]->index;
    next.renewed = true;
    plan.action = "renewed";
  } else {
    // A new claim replaces every active claim of this agent: one lease each.
    // The replaced claims are those claims themselves, not their ids: another
    // agent's claim (or one without an agent) that shares an id with one of
    // them is kept (the reference drops it, unreported; docs/compat.md).
    for (const auto* s : mine) plan.replaced.push_back(*s->value);
    for (const auto& s : split.active) {
      if (std::find(mine.begin(), mine.end(), &s) == mine.end()) kept.push_back(&s);
    }
    Json c = Json::object();
    c["id"] = claim_id_for(req.agent_id, req.kind, req.work_id);
    c["agent_id"] = req.agent_id;
    c["summary"] = req.summary;
    c["target_id"] = target;
    c["claimed_at"] = now_text;
    c["heartbeat_at"] = now_text;
    c["expires_at"] = expires_text;
    Json wi = Json::object();
    wi["kind"] = req.kind;
    wi["id"] = req.work_id;
    c["work_item"] = std::move(wi);
    next.value = std::move(c);
    plan.action = "claimed";
  }

  // Conflicts with the active claims that stay (other agents' claims).
  std::string conflicts;
  for (const auto* s : kept) {
    const WorkRef w = work_ref(*s->value, "");
    if (!w.is_object || !policy.valid_kinds.count(w.kind) || w.id.empty()) continue;
    const Json* held_item = find_item_or_fail(status, w.kind, w.id);
    if (held_item == nullptr) {
      const JsonPath at = JsonPath{"work_claims"}.index(s->index).key("work_item");
      bad_data(
          status, at,
          fmt::format("active work claim {} reserves {}:{}, which status.json no longer "
                      "has, so overlaps cannot be checked (release it, or let it expire at "
                      "{})",
                      q(str_of(*s->value, "id", "")), w.kind, w.id, format_rfc3339(s->expires_at)));
    }
    const ItemContext held = context_of(*held_item, w.kind, w.id);
    for (const auto& o : rules::claim_overlaps(wanted.scope, held.scope)) {
      conflicts += fmt::format("\n- claim {} of agent {} (expires {}) {}",
                               q(str_of(*s->value, "id", "")), q(str_of(*s->value, "agent_id")),
                               format_rfc3339(s->expires_at), overlap_reason(o));
    }
  }
  if (!conflicts.empty()) {
    throw Refusal(Refusal::Kind::kConflict,
                  fmt::format("cannot claim {}:{}: it overlaps work another agent holds{}",
                              req.kind, req.work_id, conflicts));
  }

  for (const auto& s : split.expired) plan.pruned.push_back(*s.value);
  for (const auto* s : kept) plan.work_claims.push_back({*s->value, s->index, false});
  plan.claim = next.value;
  plan.work_claims.push_back(std::move(next));
  sort_claims(plan.work_claims);
  return plan;
}

Plan plan_release(const JsonDocument& status, const ReleaseRequest& req, const Policy& policy,
                  TimePoint now) {
  now = whole_seconds(now);
  if (text::is_blank(req.agent_id)) {
    throw Refusal(Refusal::Kind::kInvalid, "--agent-id must not be empty");
  }
  require_agent(req.agent_id);
  if (req.kind.has_value() != req.work_id.has_value()) {
    throw Refusal(Refusal::Kind::kInvalid,
                  "to release one item give both --kind and --id (or neither, to release every "
                  "claim of the agent)");
  }
  if (req.kind) require_kind(policy, *req.kind);
  const Json& claims = work_claims_list(status);
  const Split split = split_by_state(status, claims, now);
  Plan plan;
  plan.action = "released";
  for (const auto& s : split.active) {
    const WorkRef w = work_ref(*s.value, "");
    const bool agent = str_of(*s.value, "agent_id") == req.agent_id;
    const bool item = !req.kind || (w.kind == *req.kind && w.id == *req.work_id);
    if (agent && item) {
      plan.released.push_back(*s.value);
    } else {
      plan.work_claims.push_back({*s.value, s.index, false});
    }
  }
  if (plan.released.empty()) {
    throw Refusal(Refusal::Kind::kNothingToRelease,
                  req.kind ? fmt::format("agent {} holds no active claim on {}:{}", q(req.agent_id),
                                         *req.kind, *req.work_id)
                           : fmt::format("agent {} holds no active claim", q(req.agent_id)));
  }
  for (const auto& s : split.expired) plan.pruned.push_back(*s.value);
  sort_claims(plan.work_claims);
  return plan;
}

Json result_json(const Plan& plan, const Policy& policy, bool write_applied) {
  auto list = [](const std::vector<Json>& v) {
    Json a = Json::array();
    for (const auto& c : v) a.push_back(c);
    return a;
  };
  Json r = Json::object();
  r["action"] = plan.action;
  r["active_target_id"] = policy.control_plane->active_target_id;
  if (plan.claim) {
    r["claim"] = *plan.claim;
    r["replaced_claims"] = list(plan.replaced);
  } else {
    r["released_claims"] = list(plan.released);
  }
  r["pruned_expired_claims"] = list(plan.pruned);
  r["status_path"] = policy.status_path;
  r["write_applied"] = write_applied;
  return r;
}

namespace {

std::string work_of(const Json& claim) {
  const Json* wi = member(claim, "work_item");
  if (wi == nullptr || !wi->is_object()) return "None:None";
  return str_of(*wi, "kind") + ":" + str_of(*wi, "id");
}

}  // namespace

std::string result_pretty(const Plan& plan, const Policy& policy, bool write_applied) {
  std::string out = fmt::format("work_claim: action={} write_applied={} status_path={}\n",
                                plan.action, write_applied ? "True" : "False", policy.status_path);
  out += fmt::format("active_target={}\n", policy.control_plane->active_target_id);
  if (plan.claim) {
    const Json& c = *plan.claim;
    out += fmt::format("claim: id={} agent={} target={} work={} claimed_at={} expires_at={}\n",
                       str_of(c, "id"), str_of(c, "agent_id"), str_of(c, "target_id"), work_of(c),
                       str_of(c, "claimed_at"), str_of(c, "expires_at"));
    out += fmt::format("  {}\n", str_of(c, "summary"));
  }
  if (!plan.released.empty()) {
    out += "released_claims:\n";
    for (const auto& c : plan.released) {
      out += fmt::format("  - {} agent={} work={}\n", str_of(c, "id"), str_of(c, "agent_id"),
                         work_of(c));
    }
  }
  if (!plan.replaced.empty()) {
    out += "replaced_claims:\n";
    for (const auto& c : plan.replaced) {
      out += fmt::format("  - {} target={} work={}\n", str_of(c, "id"), str_of(c, "target_id"),
                         work_of(c));
    }
  }
  if (!plan.pruned.empty()) {
    out += "pruned_expired_claims:\n";
    for (const auto& c : plan.pruned) {
      out += fmt::format("  - {} agent={} work={} expired_at={}\n", str_of(c, "id"),
                         str_of(c, "agent_id"), work_of(c), str_of(c, "expires_at"));
    }
  }
  return out;
}

std::string render_status(JsonDocument& status, const Plan& plan) {
  // Where each kept or renewed claim was parsed from, looked up while the
  // stored list is still in the tree.
  std::vector<std::optional<std::uint32_t>> entries;
  entries.reserve(plan.work_claims.size());
  for (const auto& c : plan.work_claims) {
    entries.push_back(c.origin ? status.entry_of(JsonPath{"work_claims"}.index(*c.origin))
                               : std::nullopt);
  }
  Json fresh = Json::array();
  for (const auto& c : plan.work_claims) fresh.push_back(c.value);
  Json& slot = status.mutable_json()["work_claims"];
  std::swap(slot, fresh);
  // Anchor each element of the new list to the stored claim it came from,
  // so the writer can take what parsing lost (integers beyond 64 bits, lone
  // surrogate escapes) from the source text; the list itself and the values
  // a renewal replaced have no source.
  report::SourceMap source(status);
  source.anchor(&slot, std::nullopt);
  for (std::size_t k = 0; k < plan.work_claims.size(); ++k) {
    Json& el = slot[k];
    source.anchor(&el, entries[k]);
    if (plan.work_claims[k].renewed) {
      for (const char* key : {"summary", "heartbeat_at", "expires_at"}) {
        source.anchor(&el[key], std::nullopt);
      }
    }
  }
  std::string out;
  out.reserve(status.text().size() + 4096);
  report::append_py_json(out, status.json(), report::PyJsonOptions{2, false}, &source);
  out += '\n';
  std::swap(slot, fresh);
  return out;
}

}  // namespace relctl::claim
