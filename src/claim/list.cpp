// relctl claim --list: the stored claims by state, and the overlaps between
// active claims (the relation the status audit reports as conflicts).
#include <algorithm>

#include <fmt/format.h>

#include "items.hpp"
#include "relctl/claim/engine.hpp"
#include "relctl/report/python_json.hpp"
#include "relctl/rules/work_claims.hpp"
#include "relctl/util/text.hpp"

namespace relctl::claim {
namespace {

using detail::member;
using detail::str_of;

// What an active claim reserves; the lanes and gaps stay empty when its item
// is gone (it can still collide on the item itself).
rules::ClaimScope scope_of(const Json& root, const std::string& kind, const std::string& id) {
  if (const Json* item = detail::find_item(root, kind, id)) {
    return detail::context_of(*item, kind, id).scope;
  }
  rules::ClaimScope s;
  s.kind = kind;
  s.id = id;
  return s;
}

std::string duration_text(std::chrono::seconds d) {
  const auto total = d.count();
  if (total < 60) return fmt::format("{}s", total);
  const auto h = total / 3600;
  const auto m = (total % 3600) / 60;
  if (h == 0) return fmt::format("{}m", m);
  if (h < 48) return fmt::format("{}h {:02}m", h, m);
  return fmt::format("{}d {}h", h / 24, h % 24);
}

}  // namespace

ClaimListing list_claims(const JsonDocument& status, const Policy& policy, TimePoint now) {
  now = std::chrono::floor<std::chrono::seconds>(now);
  ClaimListing out;
  const Json* claims = member(status.json(), "work_claims");
  if (claims == nullptr || !claims->is_array()) return out;
  struct Active {
    const Json* claim;
    rules::ClaimScope scope;
    bool comparable;
  };
  std::vector<Active> active;
  std::size_t index = 0;
  for (const auto& c : *claims) {
    auto unreadable = [&](const std::string& problem) {
      Json u = Json::object();
      u["index"] = index;
      u["id"] = c.is_object() ? str_of(c, "id", "None") : std::string("None");
      u["problem"] = problem;
      out.unreadable.push_back(std::move(u));
    };
    if (!c.is_object()) {
      unreadable("not an object");
    } else if (const Json* exp = member(c, "expires_at"); exp == nullptr || !exp->is_string()) {
      unreadable("no expires_at string");
    } else {
      const std::string raw = text::strip(exp->get<std::string>());
      auto t = parse_rfc3339(raw);
      if (!t || raw.compare(0, 4, "0000") == 0) {
        unreadable(fmt::format("expires_at '{}' is not an RFC 3339 date-time", raw));
      } else if (!rules::claim_is_active(std::chrono::floor<std::chrono::seconds>(*t), now)) {
        out.expired.push_back(c);
      } else {
        out.active.push_back(c);
        Active a{&c, {}, false};
        if (const Json* wi = member(c, "work_item"); wi != nullptr && wi->is_object()) {
          const std::string kind = str_of(*wi, "kind", "");
          const std::string id = str_of(*wi, "id", "");
          if (policy.valid_kinds.count(kind) && !id.empty()) {
            a.scope = scope_of(status.json(), kind, id);
            a.comparable = true;
          }
        }
        active.push_back(std::move(a));
      }
    }
    ++index;
  }
  for (std::size_t i = 0; i < active.size(); ++i) {
    if (!active[i].comparable) continue;
    for (std::size_t j = i + 1; j < active.size(); ++j) {
      if (!active[j].comparable) continue;
      const auto overlaps = rules::claim_overlaps(active[j].scope, active[i].scope);
      // One record per kind of overlap between the two.
      std::vector<ListedConflict> by_kind;
      for (const auto& o : overlaps) {
        const std::string kind = rules::conflict_kind_name(o.kind);
        auto it = std::find_if(by_kind.begin(), by_kind.end(),
                               [&](const ListedConflict& l) { return l.kind == kind; });
        if (it == by_kind.end()) {
          ListedConflict l;
          l.kind = kind;
          for (const Active* a : {&active[i], &active[j]}) {
            l.claim_ids.push_back(str_of(*a->claim, "id", "None"));
            l.agent_ids.push_back(str_of(*a->claim, "agent_id", "None"));
            l.work_items.push_back(a->scope.kind + ":" + a->scope.id);
          }
          by_kind.push_back(std::move(l));
          it = by_kind.end() - 1;
        }
        it->shared_ids.push_back(o.shared_id);
      }
      for (auto& l : by_kind) out.conflicts.push_back(std::move(l));
    }
  }
  return out;
}

Json listing_json(const ClaimListing& listing, const Policy& policy, TimePoint now) {
  auto list = [](const std::vector<Json>& v) {
    Json a = Json::array();
    for (const auto& c : v) a.push_back(c);
    return a;
  };
  Json r = Json::object();
  r["status_path"] = policy.status_path;
  r["active_target_id"] = policy.control_plane->active_target_id;
  r["now"] = format_rfc3339(now);
  r["active_claims"] = list(listing.active);
  r["expired_claims"] = list(listing.expired);
  r["unreadable_claims"] = list(listing.unreadable);
  Json conflicts = Json::array();
  for (const auto& c : listing.conflicts) {
    Json o = Json::object();
    o["kind"] = c.kind;
    o["claim_ids"] = c.claim_ids;
    o["agent_ids"] = c.agent_ids;
    o["work_items"] = c.work_items;
    o["shared_ids"] = c.shared_ids;
    conflicts.push_back(std::move(o));
  }
  r["conflicts"] = std::move(conflicts);
  Json summary = Json::object();
  summary["active"] = listing.active.size();
  summary["expired"] = listing.expired.size();
  summary["unreadable"] = listing.unreadable.size();
  summary["conflicts"] = listing.conflicts.size();
  r["summary"] = std::move(summary);
  return r;
}

std::string listing_pretty(const ClaimListing& listing, const Policy& policy, TimePoint now) {
  now = std::chrono::floor<std::chrono::seconds>(now);
  std::string out = fmt::format("work claims in {} at {} (active target {})\n", policy.status_path,
                                format_rfc3339(now), policy.control_plane->active_target_id);
  struct Row {
    std::string state, agent, work, target, expires;
  };
  std::vector<Row> rows;
  auto add = [&](const Json& c, const char* state) {
    Row r;
    r.state = state;
    r.agent = str_of(c, "agent_id", "-");
    const Json* wi = member(c, "work_item");
    r.work = wi != nullptr && wi->is_object()
                 ? str_of(*wi, "kind", "?") + ":" + str_of(*wi, "id", "?")
                 : std::string("-");
    r.target = str_of(c, "target_id", "-");
    const std::string exp = str_of(c, "expires_at", "-");
    r.expires = exp;
    if (auto t = parse_rfc3339(text::strip(exp))) {
      const auto d = std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::floor<std::chrono::seconds>(*t) - now);
      r.expires += d.count() > 0 ? fmt::format(" (in {})", duration_text(d))
                                 : fmt::format(" ({} ago)", duration_text(-d));
    }
    rows.push_back(std::move(r));
  };
  for (const auto& c : listing.active) add(c, "active");
  for (const auto& c : listing.expired) add(c, "expired");
  if (rows.empty() && listing.unreadable.empty()) {
    out += "no work claims\n";
  } else if (!rows.empty()) {
    Row head{"STATE", "AGENT", "WORK", "TARGET", "EXPIRES"};
    std::size_t w0 = head.state.size(), w1 = head.agent.size(), w2 = head.work.size(),
                w3 = head.target.size();
    for (const auto& r : rows) {
      w0 = std::max(w0, r.state.size());
      w1 = std::max(w1, r.agent.size());
      w2 = std::max(w2, r.work.size());
      w3 = std::max(w3, r.target.size());
    }
    auto line = [&](const Row& r) {
      return fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", r.state, w0, r.agent, w1, r.work,
                         w2, r.target, w3, r.expires);
    };
    out += line(head);
    for (const auto& r : rows) out += line(r);
  }
  for (const auto& u : listing.unreadable) {
    out += fmt::format("unreadable: work_claims[{}] ({}): {}\n", u["index"].get<std::size_t>(),
                       u["id"].get<std::string>(), u["problem"].get<std::string>());
  }
  if (!listing.conflicts.empty()) {
    out += "conflicts:\n";
    for (const auto& c : listing.conflicts) {
      std::string shared;
      for (const auto& s : c.shared_ids) shared += (shared.empty() ? "" : ", ") + s;
      out += fmt::format("  - {}: '{}' ({}, {}) and '{}' ({}, {}) both reserve {}\n", c.kind,
                         c.claim_ids[0], c.agent_ids[0], c.work_items[0], c.claim_ids[1],
                         c.agent_ids[1], c.work_items[1], shared);
    }
  }
  return out;
}

}  // namespace relctl::claim
