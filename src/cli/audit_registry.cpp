// relctl audit registry: registry.json against the files the workspace tracks.
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/findings.hpp"
#include "cli/output.hpp"
#include "relctl/report/registry.hpp"

namespace relctl::cli {

using nlohmann::json;

std::string registry_audit_pretty(const json& r, const Style& st) {
  std::string out;
  const auto& sum = r["summary"];
  if (sum.is_object() && !sum.empty()) {
    out += fmt::format("{} {} subsystems, {} shared runtime files, {} with explicit coverage\n",
                       st.bold("registry:"), sum.value("subsystem_count", 0),
                       sum.value("shared_ownership_count", 0),
                       sum.value("explicit_coverage_subsystems", 0));
  }
  if (r.contains("subsystems") && !r["subsystems"].empty()) {
    std::size_t w_id = 9;
    std::size_t w_lane = 4;
    for (const auto& s : r["subsystems"]) {
      w_id = std::max(w_id, s["id"].get<std::string>().size());
      w_lane = std::max(w_lane, s["lane"].is_string() ? s["lane"].get<std::string>().size() : 4);
    }
    out += fmt::format("  {}  {}  {:>5}  {:>8}  {:>8}\n", pad("SUBSYSTEM", w_id),
                       pad("LANE", w_lane), "OWNED", "FALLBACK", "POLICIES");
    for (const auto& s : r["subsystems"]) {
      const std::string lane = s["lane"].is_string() ? s["lane"].get<std::string>() : "-";
      const auto fallback = s["default_fallback_count"].get<std::size_t>();
      const std::string fb = fmt::format("{:>8}", fallback);
      out += fmt::format("  {}  {}  {:>5}  {}  {:>8}\n", pad(s["id"].get<std::string>(), w_id),
                         pad(lane, w_lane), s["owned_runtime_file_count"].get<std::size_t>(),
                         fallback ? st.red(fb) : fb, s["path_policy_count"].get<std::size_t>());
    }
  }
  append_findings(out, r, st);
  return out;
}

Runner add_audit_registry(CLI::App& audit) {
  auto* cmd = audit.add_subcommand(
      "registry",
      "Audit registry.json against the files the workspace tracks (git ls-files in every active "
      "repository present beside this one): required fields, clean sorted path lists, prefixes "
      "and files that exist, path-policy coverage of every owned runtime file, unreachable "
      "policies, and the declared shared ownerships.\n\nExamples:\n  relctl audit registry "
      "--pretty\n  relctl --staged audit registry --check\n\nExit: 0 ok (also when errors are "
      "reported, unless --check), 1 errors found with --check, 2 bad input or git failure.");
  struct Opts {
    bool check = false;
    bool pretty = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_flag("--check", opts->check, "Exit 1 when the audit finds errors");
  cmd->add_flag("--pretty", opts->pretty, "Human-readable output");
  return [cmd, opts](Context& ctx) -> int {
    if (!*cmd) return -1;
    const json& r = keep(report::run_registry_audit(ctx.files(), {}, ctx.cache_dir()));
    if (opts->pretty || cmd->get_parent()->count("--pretty") > 0) {
      const std::string text = registry_audit_pretty(r, Style{ctx.color()});
      std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
      print_json(r);
    }
    const bool check = opts->check || cmd->get_parent()->count("--check") > 0;
    return check && !r["errors"].empty() ? kExitFindings : kExitOk;
  };
}

}  // namespace relctl::cli
