// relctl audit control-plane: declared documents exist; no stale active target.
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/findings.hpp"
#include "cli/output.hpp"
#include "relctl/report/registry.hpp"

namespace relctl::cli {

using nlohmann::json;

std::string control_plane_audit_pretty(const json& r, const Style& st) {
  std::string out;
  const json cp = r.value("control_plane", json::object());
  const json at = cp.value("active_target", json::object());
  auto s = [](const json& o, const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->is_string() && !it->get<std::string>().empty()
               ? it->get<std::string>()
               : std::string("-");
  };
  out +=
      fmt::format("{} profile {}, target {} ({}), completion rule {}, met: {}\n",
                  st.bold("control plane:"), s(cp, "active_profile_id"), s(at, "id"), s(at, "kind"),
                  s(at, "completion_rule"), at.value("completion_met", false) ? "yes" : "no");
  const json profiles = r.value("profiles", json::array());
  if (!profiles.empty()) {
    std::size_t w_id = 7;
    for (const auto& p : profiles) w_id = std::max(w_id, p["id"].get<std::string>().size());
    out += fmt::format("  {}  {}  {}\n", pad("PROFILE", w_id), pad("LIFECYCLE", 9), "MISSING");
    for (const auto& p : profiles) {
      const auto n = p["missing_paths"].size();
      const std::string count = fmt::format("{}", n);
      out += fmt::format("  {}  {}  {}\n", pad(p["id"].get<std::string>(), w_id),
                         pad(p["lifecycle"].get<std::string>(), 9), n ? st.red(count) : count);
    }
  }
  append_findings(out, r, st);
  return out;
}

Runner add_audit_control_plane(CLI::App& audit) {
  auto* cmd = audit.add_subcommand(
      "control-plane",
      "Audit control_plane.json: the documents it declares exist (the fixed documents and every "
      "profile's files and folders), and the active target is not stale (its completion rule "
      "already met while the status audit is clean).\n\nExamples:\n  relctl audit control-plane "
      "--pretty\n  relctl --staged audit control-plane --check\n\nExit: 0 ok (also when errors "
      "are reported, unless --check), 1 errors found with --check, 2 bad input.");
  struct Opts {
    bool check = false;
    bool pretty = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_flag("--check", opts->check, "Exit 1 when the audit finds errors");
  cmd->add_flag("--pretty", opts->pretty, "Human-readable output");
  return [cmd, opts](Context& ctx) -> int {
    if (!*cmd) return -1;
    const json& r = keep(report::run_control_plane_audit(ctx.files(), ctx.clock().now(), {},
                                                         nullptr, ctx.cache_dir()));
    if (opts->pretty || cmd->get_parent()->count("--pretty") > 0) {
      const std::string text = control_plane_audit_pretty(r, Style{ctx.color()});
      std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
      print_json(r);
    }
    const bool check = opts->check || cmd->get_parent()->count("--check") > 0;
    return check && !r["errors"].empty() ? kExitFindings : kExitOk;
  };
}

}  // namespace relctl::cli
