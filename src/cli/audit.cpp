// relctl audit: load the control files, check them against their schemas and
// the governance rules, print the derived report.
#include "relctl/report/audit.hpp"
#include <chrono>
#include <cstdio>

#include <spdlog/spdlog.h>

#include "cli/audit_pretty.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"

namespace relctl::cli {

Runner add_audit(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "audit",
      "Audit the control plane: load the three control files, check them against their schemas "
      "and the governance rules (docs/rules.md), print the derived readiness, scores, queues and "
      "findings.\n\nSubcommands: control-plane, registry, all (relctl audit all "
      "--help).\n\nExamples:\n  relctl audit --pretty\n  relctl --now 2026-04-10T21:46:02Z audit "
      "--check\n\nExit: 0 ok (also when errors are reported, unless --check), 1 errors found with "
      "--check, 2 bad input.");
  struct Opts {
    bool check = false;
    bool pretty = false;
    bool strict = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_flag("--check", opts->check, "Exit 1 when the audit finds errors");
  cmd->add_flag("--pretty", opts->pretty, "Human-readable output");
  cmd->add_flag("--strict", opts->strict, "Count schema violations as errors");
  // relctl audit control-plane | registry | all; without one, the status audit.
  cmd->require_subcommand(0, 1);
  std::vector<Runner> subs{add_audit_control_plane(*cmd), add_audit_registry(*cmd),
                           add_audit_all(*cmd)};
  return [cmd, opts, subs](Context& ctx) -> int {
    if (!*cmd) return -1;
    for (const auto& sub : subs) {
      if (const int code = sub(ctx); code >= 0) return code;
    }
    report::AuditOptions ao;
    ao.strict = opts->strict;
    ao.verdicts = ctx.verdict_cache();
    ao.results = ctx.cache_dir();
    ao.release_documents = true;  // nothing after the audit reads them
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&started] {
      return std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::steady_clock::now() - started)
          .count();
    };
    if (!opts->pretty) {
      // The report as text: a remembered one is printed as it was stored.
      const auto& out = keep(report::run_audit_text(ctx.files(), ctx.clock().now(), ao));
      spdlog::debug("audit: {} error(s) in {} us", out.errors, elapsed());
      std::fwrite(out.text.data(), 1, out.text.size(), stdout);
      if (opts->check && out.errors > 0) return kExitFindings;
      return kExitOk;
    }
    const auto& report = keep(report::run_audit(ctx.files(), ctx.clock().now(), ao));
    spdlog::debug("audit: {} error(s), {} warning(s), {} schema violation(s) in {} us",
                  report["errors"].size(), report["warnings"].size(),
                  report["schema_violations"].size(), elapsed());
    print_audit_pretty(report, Style{ctx.color()});
    if (opts->check && !report["errors"].empty()) return kExitFindings;
    return kExitOk;
  };
}

}  // namespace relctl::cli
