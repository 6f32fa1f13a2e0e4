// relctl preflight: is this session on the right branch, and (optionally)
// does the agent hold exactly one active work claim?
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "relctl/agent/preflight.hpp"
#include "relctl/load/errors.hpp"

namespace relctl::cli {
namespace {

std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "-" : out;
}

std::string preflight_pretty(const agent::PreflightReport& r, const Style& st) {
  std::string out;
  const bool ok = r.errors.empty();
  out += fmt::format("{} {}\n", st.bold("preflight:"), ok ? st.green("passed") : st.red("FAILED"));
  const bool branch_ok = r.branch == r.expected_branch;
  out += fmt::format("  {:<8} {}{}\n", "branch", r.branch.empty() ? "(detached HEAD)" : r.branch,
                     branch_ok ? "" : st.red(fmt::format("  (expected {})", r.expected_branch)));
  out += fmt::format("  {:<8} {}, target {}\n", "profile", r.active_profile_id, r.active_target_id);
  out += fmt::format("  {:<8} {} active ({}), {} expired\n", "claims", r.active_claim_ids.size(),
                     join_ids(r.active_claim_ids), r.expired_claim_count);
  out += fmt::format("  {:<8} {}: {} active ({}){}\n", "agent", r.agent_id,
                     r.agent_active_claim_ids.size(), join_ids(r.agent_active_claim_ids),
                     r.require_active_claim ? ", exactly one required" : "");
  if (!ok) {
    out += "  errors:\n";
    for (const auto& e : r.errors) out += "    - " + e + "\n";
  }
  return out;
}

}  // namespace

Runner add_preflight(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "preflight",
      "Start-of-session check for an agent: the checkout is on the active profile's prerelease "
      "branch and, with --require-active-claim, the agent holds exactly one active work "
      "claim.\n\nExamples:\n  relctl preflight --pretty\n  relctl preflight --agent-id "
      "codex-main --require-active-claim\n\nExit: 0 passed, 1 a check failed, 2 bad input (no "
      "git checkout, unreadable control files, a claim without a valid expires_at).");
  struct Opts {
    std::string agent_id = "codex";
    bool require_active_claim = false;
    bool pretty = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("--agent-id", opts->agent_id, "Agent whose claims are checked")
      ->capture_default_str();
  cmd->add_flag("--require-active-claim", opts->require_active_claim,
                "Fail unless the agent holds exactly one active work claim");
  cmd->add_flag("--pretty", opts->pretty, "Human-readable output");
  return [cmd, opts](Context& ctx) -> int {
    if (!*cmd) return -1;
    ControlFiles& files = ctx.files();
    agent::PreflightInput in;
    in.control_plane = &files.control_plane();
    in.status = &files.status_doc();
    const auto branch = files.repo().current_branch();
    if (!branch) {
      throw LoadError(files.repo().root().string(),
                      "not inside a git checkout, so the current branch cannot be checked");
    }
    in.branch = *branch;
    in.agent_id = opts->agent_id;
    in.require_active_claim = opts->require_active_claim;
    in.now = ctx.clock().now();
    const agent::PreflightReport r = agent::run_preflight(in);
    if (opts->pretty) {
      const std::string text = preflight_pretty(r, Style{ctx.color()});
      std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
      print_json(agent::preflight_json(r));
    }
    return r.errors.empty() ? kExitOk : kExitFindings;
  };
}

}  // namespace relctl::cli
