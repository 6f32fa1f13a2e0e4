// relctl entrypoint: what an agent reads and runs first.
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "relctl/agent/entrypoint.hpp"

namespace relctl::cli {
namespace {

using nlohmann::json;

std::string entrypoint_pretty(const json& b, const Style& st) {
  std::string out;
  const bool candidates = b["default_pick_surface"] == "available_candidate_lane_queue";
  out += fmt::format("{} profile {}, target {}\n", st.bold("entrypoint:"),
                     b["active_profile_id"].get<std::string>(),
                     b["active_target_id"].get<std::string>());
  out +=
      fmt::format("  branches: prerelease {}, stable {}\n",
                  b["prerelease_branch"].get<std::string>(), b["stable_branch"].get<std::string>());
  std::size_t n = 0;
  out += st.bold("read first") + "\n";
  for (const auto& f : b["startup_files"])
    out += fmt::format("  {}. {}\n", ++n, f.get<std::string>());
  out += st.bold("read when the task needs it") + "\n";
  for (const auto& f : b["escalation_files"]) {
    out += fmt::format("  {}. {}\n", ++n, f.get<std::string>());
  }
  out += fmt::format("  subsystem contracts: {}/\n", b["subsystems_dir"].get<std::string>());
  out += st.bold("run at session start") + "\n";
  for (const auto& c : b["startup_commands"]) out += "  $ " + c.get<std::string>() + "\n";
  out += st.bold("look up, claim, find owners") + "\n";
  for (const auto& c : b["targeted_lookup_commands"]) out += "  $ " + c.get<std::string>() + "\n";
  out += fmt::format("{} {}\n", st.bold("pick from:"),
                     candidates ? "the available candidate-lane queue" : "the lane map");
  out += "  " + b["selection_rule"].get<std::string>() + "\n";
  out += st.bold("claiming") + "\n";
  out += "  " + b["claim_rule"].get<std::string>() + "\n";
  return out;
}

}  // namespace

Runner add_entrypoint(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "entrypoint",
      "What an agent session reads and runs first: the active profile's files in reading "
      "order, the start-up and lookup commands, where to pick work from and how to claim "
      "it.\n\nExamples:\n  relctl entrypoint --pretty\n  relctl --staged entrypoint\n\nExit: 0, "
      "2 bad input (an unreadable or invalid control_plane.json).");
  struct Opts {
    bool pretty = false;
    bool fix = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_flag("--pretty", opts->pretty, "Human-readable output");
  cmd->add_flag("--fix-reference-defects", opts->fix,
                "Correct the reference's known defects: pick from candidate lanes for any active "
                "target of kind feature (docs/compat.md)");
  return [cmd, opts](Context& ctx) -> int {
    if (!*cmd) return -1;
    const json b =
        agent::entrypoint_json(ctx.files().control_plane(), agent::EntrypointOptions{opts->fix});
    if (opts->pretty) {
      const std::string text = entrypoint_pretty(b, Style{ctx.color()});
      std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
      print_json(b);
    }
    return kExitOk;
  };
}

Runner add_branch_for_version(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "branch-for-version",
      "The release branch a version ships from: the longest matching legacy release line "
      "(after one leading 'v'), else the active profile; its prerelease branch for a "
      "prerelease version (6.0.0-rc.1), else its stable branch. Prints the branch name "
      "alone.\n\nExamples:\n  relctl branch-for-version 6.0.0-rc.9\n  relctl branch-for-version "
      "\"v$(cat VERSION)\"\n\nExit: 0, 2 bad input or an empty version.");
  auto version = std::make_shared<std::string>();
  cmd->add_option("version", *version, "Version, e.g. 6.0.0, v6.1.0-rc.5")->required();
  return [cmd, version](Context& ctx) -> int {
    if (!*cmd) return -1;
    if (version->empty()) {
      print_error("branch-for-version: the version is empty");
      return kExitBadInput;
    }
    const std::string branch = model::branch_for_version(ctx.files().control_plane(), *version);
    std::fwrite(branch.data(), 1, branch.size(), stdout);
    std::fputc('\n', stdout);
    return kExitOk;
  };
}

}  // namespace relctl::cli
