#include "cli/audit_pretty.hpp"

#include <map>
#include <string>

#include <fmt/format.h>

namespace relctl::cli {
namespace {

using nlohmann::json;

std::string join(const json& list, const char* sep = ",") {
  std::string out;
  for (const auto& x : list) {
    if (!out.empty()) out += sep;
    out += x.is_string() ? x.get<std::string>() : x.dump();
  }
  return out.empty() ? "-" : out;
}

std::string verdict(bool ok, const Style& st) { return ok ? st.green("yes") : st.red("no"); }

std::string pad(const std::string& s, std::size_t w) {
  return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
}

}  // namespace

void print_audit_pretty(const json& r, const Style& st) {
  const auto& cp = r["control_plane"];
  const auto& t = cp["active_target"];
  const auto& s = r["summary"];
  const auto& rd = r["readiness"];
  fmt::print("{} {} ({}, profile {})\n", st.bold("target"), t["id"].get<std::string>(),
             t["kind"].get<std::string>(), cp["active_profile_id"].get<std::string>());
  fmt::print("  completion rule {} · met {} · version {}\n",
             t["completion_rule"].get<std::string>(), verdict(t["completion_met"].get<bool>(), st),
             cp["current_version"].get<std::string>().empty()
                 ? "-"
                 : cp["current_version"].get<std::string>());
  if (!t["blocking_levels"].empty()) {
    fmt::print("  the target is held by: {}\n", join(t["blocking_levels"], ", "));
  }
  fmt::print("{} repo {}  rc {}  release {}\n", st.bold("ready"), verdict(rd["repo_ready"], st),
             verdict(rd["rc_ready"], st), verdict(rd["release_ready"], st));
  fmt::print("{} completion {}  coverage {}  planning {}  governed surface {}\n", st.bold("scores"),
             s["lane_completion_score"].dump(), s["lane_coverage_score"].dump(),
             s["coverage_planning_score"].dump(), s["governed_surface_score"].dump());
  fmt::print(
      "{} lanes {} ({} at target, {} complete, {} bounded residual, {} open) · assertions {}/{} "
      "passed · gates {}/{} passed · open decisions {}\n",
      st.bold("counts"), s["lane_count"].dump(), s["lanes_at_target"].dump(),
      s["lanes_complete"].dump(), s["lanes_bounded_residual"].dump(), s["lanes_open"].dump(),
      s["readiness_assertions_passed"].dump(), s["readiness_assertion_count"].dump(),
      s["release_gates_passed"].dump(), s["release_gate_count"].dump(),
      s["open_decision_count"].dump());
  fmt::print(
      "       coverage gaps {} (impact {}, {} unplanned) · candidate lanes {} ({} available) "
      "· claims {} active, {} expired, {} conflicts\n",
      s["coverage_gap_count"].dump(), s["coverage_gap_total_impact"].dump(),
      s["unplanned_coverage_gap_count"].dump(), s["candidate_lane_count"].dump(),
      s["available_candidate_lane_count"].dump(), s["active_work_claim_count"].dump(),
      s["expired_work_claim_count"].dump(), s["work_claim_conflict_count"].dump());

  fmt::print("\n{}\n", st.bold("lanes"));
  std::size_t name_w = 4;
  for (const auto& l : r["lanes"]) {
    name_w = std::max(name_w, std::min<std::size_t>(40, l["name"].get<std::string>().size()));
  }
  fmt::print("  {} {} {:>5} {:>5}  {} {} {}\n", st.dim(pad("id", 6)), st.dim(pad("name", name_w)),
             st.dim("score"), st.dim("goal"), st.dim(pad("status", 12)),
             st.dim(pad("completion", 17)), st.dim("derived"));
  for (const auto& l : r["lanes"]) {
    std::string name = l["name"].get<std::string>();
    if (name.size() > 40) name = name.substr(0, 39) + "~";
    const std::string derived = l["derived_status"].get<std::string>();
    fmt::print("  {} {} {:>5g} {:>5g}  {} {} {}\n", pad(l["id"].get<std::string>(), 6),
               pad(name, name_w), l["current_score"].get<double>(), l["target_score"].get<double>(),
               pad(l["status"].get<std::string>(), 12),
               pad(l["completion_state"].get<std::string>(), 17),
               derived == "target-met" ? st.green(derived) : st.yellow(derived));
  }

  const auto& blockers = rd["current_target_blockers"];
  if (!blockers["assertions"].empty() || !blockers["release_gates"].empty() ||
      !blockers["open_decisions"].empty()) {
    fmt::print("\n{}\n", st.bold("holding the target"));
    for (const auto& a : blockers["assertions"]) {
      fmt::print("  assertion {} [{}] {}\n", a["id"].get<std::string>(),
                 a["derived_status"].get<std::string>(), a["summary"].get<std::string>());
    }
    for (const auto& g : blockers["release_gates"]) {
      fmt::print("  gate {} [{}] {}\n", g["id"].get<std::string>(),
                 g["effective_status"].get<std::string>(), g["summary"].get<std::string>());
    }
    for (const auto& o : blockers["open_decisions"]) {
      fmt::print("  decision {} [{}] {}\n", o["id"].get<std::string>(),
                 o["status"].get<std::string>(), o["summary"].get<std::string>());
    }
  }
  if (!rd["release_blockers"].empty()) {
    fmt::print("\n{}\n", st.bold("before a release"));
    for (const auto& b : rd["release_blockers"]) fmt::print("  - {}\n", b.get<std::string>());
  }
  if (!r["available_candidate_lane_queue"].empty()) {
    fmt::print("\n{}\n", st.bold("next candidate lanes"));
    for (const auto& q : r["available_candidate_lane_queue"]) {
      fmt::print("  {}. {} (impact {}, lanes {})\n", q["available_rank"].dump(),
                 q["candidate_lane_id"].get<std::string>(), q["coverage_impact_total"].dump(),
                 join(q["current_lane_ids"]));
    }
  }
  if (!r["active_work_claims"].empty()) {
    fmt::print("\n{}\n", st.bold("active claims"));
    for (const auto& c : r["active_work_claims"]) {
      fmt::print("  {} {}:{} by {} until {}\n", c["id"].get<std::string>(),
                 c["work_kind"].get<std::string>(), c["work_id"].get<std::string>(),
                 c["agent_id"].get<std::string>(), c["expires_at"].get<std::string>());
    }
  }
  for (const auto& w : r["warnings"]) {
    fmt::print("{} {}\n", st.yellow("warning:"), w.get<std::string>());
  }

  // Findings grouped by rule, each with file:line:col.
  std::map<std::string, std::vector<const json*>> by_rule;
  for (const auto& d : r["diagnostics"]) {
    if (d["severity"] == "error") by_rule[d["rule"].get<std::string>()].push_back(&d);
  }
  const std::size_t errors = r["errors"].size();
  if (!by_rule.empty()) {
    fmt::print("\n{}\n", st.bold("findings"));
    for (const auto& [rule, items] : by_rule) {
      fmt::print("  {} ({})\n", st.red(rule), items.size());
      for (const auto* d : items) {
        fmt::print("    {}:{}:{}: {} {}\n", (*d)["file"].get<std::string>(), (*d)["line"].dump(),
                   (*d)["col"].dump(), (*d)["location"].get<std::string>(),
                   (*d)["message"].get<std::string>());
      }
    }
  }
  const auto& sv = r["schema_violations"];
  if (!sv.empty()) {
    fmt::print("\n{} ({}, not counted as errors unless --strict)\n", st.bold("schema"), sv.size());
    for (const auto& v : sv) {
      fmt::print("    {}:{}:{}: {} {}\n", v["file"].get<std::string>(), v["line"].dump(),
                 v["col"].dump(), v["path"].get<std::string>(), v["message"].get<std::string>());
    }
  }
  fmt::print("\n{}\n",
             errors == 0 ? st.green("no errors") : st.red(fmt::format("{} error(s)", errors)));
}

}  // namespace relctl::cli
