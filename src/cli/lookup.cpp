// relctl lookup: one entry of the derived status report by kind and id
// (replaces status_lookup.py), or the closest ids when it is not there.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/lookup_pretty.hpp"
#include "cli/output.hpp"
#include "relctl/lookup/lookup.hpp"
#include "relctl/report/registry.hpp"

namespace relctl::cli {
namespace {

// At most this many ids in the "known ids" hint when nothing is close.
constexpr std::size_t kKnownShown = 8;

void report_not_found(const nlohmann::json& report, lookup::Kind kind, const std::string& id,
                      const std::string& status_file) {
  const auto& k = lookup::info(kind);
  fmt::print(stderr, "relctl: {} '{}' not found in {}\n", k.noun, id, status_file);
  const auto known = lookup::known_ids(report, kind);
  if (known.empty()) {
    fmt::print(stderr, "  it lists no {}\n", k.plural);
    return;
  }
  const auto close = lookup::suggest(id, known);
  if (!close.empty()) {
    fmt::print(stderr, "  did you mean {}?\n", fmt::join(close, ", "));
    return;
  }
  std::vector<std::string> shown(
      known.begin(),
      known.begin() + static_cast<std::ptrdiff_t>(std::min(known.size(), kKnownShown)));
  fmt::print(stderr, "  known {} ids: {}{} ({} in all)\n", k.cli, fmt::join(shown, ", "),
             known.size() > shown.size() ? ", ..." : "", known.size());
}

std::string kind_list() {
  std::string out;
  for (const auto& k : lookup::kinds()) out += fmt::format("\n  {:<20}{}", k.cli, k.plural);
  return out;
}

}  // namespace

Runner add_lookup(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "lookup",
      "Show one entry of the derived status report (the entry as the audit derives it, the "
      "active target and the report summary; for a candidate lane its queue item, for a "
      "coverage gap the candidate lanes that plan it). --pretty also shows what the entry links "
      "to. Replaces status_lookup.py.\n\nKinds:" +
          kind_list() +
          "\n\nExamples:\n  relctl lookup lane L5\n  relctl lookup gate "
          "restore-drill-on-fresh-host --pretty\n  relctl --staged lookup assertion RA8\n\nExit: 0 "
          "found, 1 no entry with that id (the closest ids on stderr), 2 bad input or usage.");
  struct Opts {
    std::string kind;
    std::string id;
    bool pretty = false;
  };
  auto opts = std::make_shared<Opts>();
  std::vector<std::string> words;
  for (const auto& k : lookup::kinds()) words.emplace_back(k.cli);
  cmd->add_option("kind", opts->kind, "What to look up")->required()->check(CLI::IsMember(words));
  cmd->add_option("id", opts->id, "Its id, e.g. L5 or RA8")->required();
  cmd->add_flag("--pretty", opts->pretty, "Human-readable output with the linked entries");
  return [cmd, opts](Context& ctx) -> int {
    if (!*cmd) return -1;
    const auto kind = lookup::parse_kind(opts->kind);
    if (!kind) {  // CLI11 checked the word already
      print_error(fmt::format("lookup: unknown kind '{}'", opts->kind));
      return kExitBadInput;
    }
    if (opts->id.empty()) {
      print_error("lookup: the id is empty");
      return kExitBadInput;
    }
    auto& files = ctx.files();
    report::StatusReportOptions so;
    so.version = files.version();
    so.results = ctx.cache_dir();
    const auto& report = keep(report::status_report(files, ctx.clock().now(), so));
    const auto answer = lookup::find(report, *kind, opts->id);
    if (!answer) {
      // Named by the profile: the document itself has been released.
      report_not_found(report, *kind, opts->id, files.control_plane().active_profile().status);
      return kExitFindings;
    }
    if (opts->pretty) {
      const std::string text = lookup_pretty(report, *kind, *answer, Style{ctx.color()});
      std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
      print_json(*answer);
    }
    return kExitOk;
  };
}

}  // namespace relctl::cli
