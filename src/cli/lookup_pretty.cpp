#include "cli/lookup_pretty.hpp"

#include <cmath>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace relctl::cli {
namespace {

using lookup::Kind;
using nlohmann::json;

// Linked ids shown per row before "and N more".
constexpr std::size_t kMaxLinked = 12;

const json& at(const json& o, const char* key) {
  static const json kNull;
  if (!o.is_object()) return kNull;
  auto it = o.find(key);
  return it == o.end() ? kNull : *it;
}

std::string text(const json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>().empty() ? "-" : v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_float()) {
    const double d = v.get<double>();
    return d == std::floor(d) ? fmt::format("{:.0f}", d) : fmt::format("{:g}", d);
  }
  return v.dump();
}

std::string list(const json& v) {
  if (!v.is_array() || v.empty()) return "-";
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + text(x);
  return out;
}

std::string colored_state(const std::string& s, const Style& st) {
  static const std::set<std::string> good{"passed",   "target-met", "complete", "completed",
                                          "done",     "resolved",   "active",   "closed",
                                          "accepted", "promoted"};
  static const std::set<std::string> bad{"blocked", "failed", "unknown", "expired", "missing"};
  if (good.count(s)) return st.green(s);
  if (bad.count(s)) return st.red(s);
  if (s == "-") return s;
  return st.yellow(s);
}

struct Rows {
  std::vector<std::pair<std::string, std::string>> rows;
  void add(std::string label, std::string value) {
    rows.emplace_back(std::move(label), std::move(value));
  }
};

std::string evidence(const json& e, const Style& st) {
  const json& missing = at(e, "missing_evidence");
  std::string out = fmt::format("{} reference(s)", text(at(e, "evidence_count")));
  if (missing.is_array() && !missing.empty()) {
    out += ", " + st.red(fmt::format("{} missing: {}", missing.size(), list(missing)));
  } else {
    out += ", all present";
  }
  return out;
}

void attributes(Kind kind, const json& answer, Rows& r, const Style& st) {
  const json& e = at(answer, "entry");
  const auto state = [&](const char* key) { return colored_state(text(at(e, key)), st); };
  switch (kind) {
    case Kind::kLane:
      r.add("state", fmt::format("{} (status {}, completion {})", state("derived_status"),
                                 text(at(e, "status")), text(at(e, "completion_state"))));
      r.add("score", fmt::format("{} of {}, gap {}", text(at(e, "current_score")),
                                 text(at(e, "target_score")), text(at(e, "gap"))));
      r.add("evidence", evidence(e, st));
      r.add("repos", list(at(e, "repo_ids")));
      r.add("subsystems", list(at(e, "subsystems")));
      if (at(e, "completion_summary").is_string() && at(e, "completion_summary") != "") {
        r.add("completion", text(at(e, "completion_summary")));
      }
      break;
    case Kind::kAssertion: {
      r.add("state",
            fmt::format("{} at {}", state("derived_status"), text(at(e, "blocking_level"))));
      std::string proof = fmt::format("{}, {} command(s)", text(at(e, "proof_type")),
                                      text(at(e, "proof_command_count")));
      json ids = json::array();
      for (const auto& c : at(e, "proof_commands")) ids.push_back(at(c, "id"));
      if (!ids.empty()) proof += ": " + list(ids);
      r.add("kind", text(at(e, "kind")));
      r.add("proof", proof);
      r.add("evidence", evidence(e, st));
      r.add("repos", list(at(e, "repo_ids")));
      r.add("subsystems", list(at(e, "subsystem_ids")));
      break;
    }
    case Kind::kGate: {
      std::string s =
          fmt::format("{} at {}", state("effective_status"), text(at(e, "blocking_level")));
      if (at(e, "status") != at(e, "effective_status")) {
        s += fmt::format(" (recorded {})", text(at(e, "status")));
      }
      r.add("state", s);
      r.add("owner", text(at(e, "owner")));
      r.add("evidence", evidence(e, st));
      r.add("tier", fmt::format("{} (needs {})", text(at(e, "highest_evidence_tier")),
                                text(at(e, "minimum_evidence_tier"))));
      if (!at(e, "closure_contract_kind").is_null()) {
        r.add("closure",
              fmt::format("{}: {} subject(s), {}", text(at(e, "closure_contract_kind")),
                          text(at(e, "closure_subject_count")),
                          at(e, "closure_contract_complete") == true ? st.green("complete")
                                                                     : st.red("incomplete")));
      }
      r.add("verification", text(at(e, "verification_doc")));
      r.add("repos", list(at(e, "repo_ids")));
      break;
    }
    case Kind::kGap:
      r.add("state",
            fmt::format("{}, resolution {}, impact {}", state("status"),
                        text(at(e, "proposed_resolution")), text(at(e, "coverage_impact"))));
      r.add("owner", text(at(e, "owner")));
      r.add("recorded", text(at(e, "recorded_at")));
      r.add("evidence", evidence(e, st));
      r.add("repos", list(at(e, "repo_ids")));
      r.add("subsystems", list(at(e, "subsystem_ids")));
      break;
    case Kind::kCandidate: {
      r.add("state", fmt::format("{} for target {}", state("status"), text(at(e, "target_id"))));
      const json& q = at(answer, "queue_item");
      if (q.is_object()) {
        r.add("queue",
              at(q, "available") == true
                  ? fmt::format("rank {}, {} (rank {} among available)", text(at(q, "rank")),
                                st.green("available"), text(at(q, "available_rank")))
                  : fmt::format("rank {}, {}", text(at(q, "rank")), st.yellow("claimed")));
        r.add("impact", text(at(q, "coverage_impact_total")));
      }
      r.add("recorded", text(at(e, "recorded_at")));
      r.add("repos", list(at(e, "repo_ids")));
      r.add("subsystems", list(at(e, "subsystem_ids")));
      break;
    }
    case Kind::kFollowup:
      r.add("state", state("status"));
      r.add("owner", text(at(e, "owner")));
      r.add("recorded", text(at(e, "recorded_at")));
      r.add("repos", list(at(e, "repo_ids")));
      r.add("subsystems", list(at(e, "subsystem_ids")));
      break;
    case Kind::kDecision:
      r.add("state", fmt::format("{} at {}", state("status"), text(at(e, "blocking_level"))));
      r.add("owner", text(at(e, "owner")));
      r.add("opened", text(at(e, "opened_at")));
      r.add("repos", list(at(e, "repo_ids")));
      r.add("subsystems", list(at(e, "subsystem_ids")));
      break;
    case Kind::kResolvedDecision:
      r.add("kind", text(at(e, "kind")));
      r.add("decided", text(at(e, "decided_at")));
      r.add("repos", list(at(e, "repo_ids")));
      r.add("subsystems", list(at(e, "subsystem_ids")));
      break;
    case Kind::kClaim:
      r.add("state", fmt::format("{} until {}", state("claim_state"), text(at(e, "expires_at"))));
      r.add("agent", text(at(e, "agent_id")));
      r.add("target", text(at(e, "target_id")));
      r.add("claimed", fmt::format("{} (heartbeat {})", text(at(e, "claimed_at")),
                                   text(at(e, "heartbeat_at"))));
      r.add("repos", list(at(e, "repo_ids")));
      break;
  }
}

// Long texts are wrapped at this width, continuation lines under the value.
constexpr std::size_t kWrapAt = 100;

// Words of `value` in lines of at most `room` bytes (a longer word gets a
// line of its own), joined by `indent`.
std::string wrap(const std::string& value, std::size_t room, const std::string& indent) {
  std::string out;
  std::size_t line = 0;
  std::size_t i = 0;
  while (i < value.size()) {
    const std::size_t start = value.find_first_not_of(' ', i);
    if (start == std::string::npos) break;
    std::size_t end = value.find(' ', start);
    if (end == std::string::npos) end = value.size();
    const std::size_t len = end - start;
    if (line > 0 && line + 1 + len > room) {
      out += "\n" + indent;
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out.append(value, start, len);
    line += len;
    i = end;
  }
  return out;
}

// The items of one group, ", "-separated, in lines of at most `room`
// visible bytes (colour codes do not count), continued under `indent`.
std::string linked(const lookup::LinkGroup& g, const Style& st, std::size_t room,
                   const std::string& indent) {
  std::string out;
  std::size_t line = 0;
  auto put = [&](const std::string& plain, const std::string& styled) {
    if (line > 0 && line + 2 + plain.size() > room) {
      out += ",\n" + indent;
      line = 0;
    } else if (line > 0) {
      out += ", ";
      line += 2;
    }
    out += styled;
    line += plain.size();
  };
  std::size_t shown = 0;
  for (const auto& item : g.items) {
    if (shown == kMaxLinked) {
      const std::string more = fmt::format("and {} more", g.items.size() - shown);
      put(more, st.dim(more));
      break;
    }
    std::string head;
    if (g.mixed) head = (item.kind ? lookup::info(*item.kind).cli : item.kind_word) + " ";
    head += item.id;
    if (item.kind == Kind::kResolvedDecision) {
      put(head, head);
    } else {
      put(head + " (" + item.state + ")", head + " (" + colored_state(item.state, st) + ")");
    }
    ++shown;
  }
  return out;
}

std::string pad(const std::string& s, std::size_t w) {
  return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
}

}  // namespace

std::string lookup_pretty(const json& report, Kind kind, const json& answer, const Style& st) {
  const json& e = at(answer, "entry");
  const auto& k = lookup::info(kind);
  Rows attrs;
  attributes(kind, answer, attrs, st);
  if (at(e, "summary").is_string() && at(e, "summary") != "") {
    attrs.add("summary", text(at(e, "summary")));
  }
  const auto groups = lookup::links(report, kind, answer);

  std::size_t width = 0;
  for (const auto& [label, value] : attrs.rows) width = std::max(width, label.size());
  for (const auto& g : groups) width = std::max(width, g.label.size());
  std::string out = fmt::format("{} {}", st.bold(k.noun), st.bold(text(at(answer, "id"))));
  if (at(e, "name").is_string()) out += "  " + text(at(e, "name"));
  out += "\n";
  const std::string indent(width + 4, ' ');
  const std::size_t room = kWrapAt > indent.size() + 20 ? kWrapAt - indent.size() : 20;
  for (const auto& [label, value] : attrs.rows) {
    const bool prose = label == "summary" || label == "completion";
    out += fmt::format("  {}  {}\n", pad(label, width), prose ? wrap(value, room, indent) : value);
  }
  out += st.bold("links") + "\n";
  if (groups.empty()) out += fmt::format("  {}  {}\n", pad("-", width), st.dim("none"));
  for (const auto& g : groups) {
    out += fmt::format("  {}  {}\n", pad(g.label, width), linked(g, st, room, indent));
  }
  const json& cp = at(answer, "control_plane");
  const json& target = at(cp, "active_target");
  const json& sum = at(answer, "summary");
  out += fmt::format("{} {} ({}) · version {} · ready: repo {}, rc {}, release {}\n",
                     st.bold("target"), text(at(target, "id")), text(at(target, "kind")),
                     text(at(cp, "current_version")), text(at(sum, "repo_ready")),
                     text(at(sum, "rc_ready")), text(at(sum, "release_ready")));
  return out;
}

}  // namespace relctl::cli
