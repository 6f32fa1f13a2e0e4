#include "cli/app.hpp"

#include <cstdio>
#include <cstdlib>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/util/keep.hpp"

namespace relctl::cli {
namespace {

// Flushes the output and ends the process with `code`. In ordinary builds
// the process ends right here: the parsed documents and models are left to
// the kernel instead of being freed node by node, which cost more than
// parsing them. Sanitizer builds return normally so that leaks still show.
int finish(int code) {
  const bool out_failed = std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
  if (out_failed && code != kExitBadInput) {
    print_error("could not write the output (standard output is closed or full)");
    code = kExitIoFailure;
  }
  std::fflush(stderr);
#ifdef RELCTL_FAST_EXIT
  std::_Exit(code);
#endif
  return code;
}

}  // namespace

int run(int argc, char** argv) {
#ifdef RELCTL_FAST_EXIT
  // finish() ends the process without destructors: the engine need not
  // destroy what it is done with either (relctl/util/keep.hpp).
  keep_discarded_values(true);
#endif
  CLI::App app{
      "relctl: audit and query a release control plane (control_plane.json, status.json, "
      "registry.json).\n\nExample:\n  relctl --root path/to/repo audit --pretty"};
  app.set_version_flag("--version", std::string("relctl ") + RELCTL_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the subcommand

  GlobalOptions g;
  app.add_option("--root", g.root,
                 "Repository root (default: $RELCTL_ROOT, else the nearest directory holding "
                 "docs/release-control/control_plane.json)");
  app.add_flag("--staged", g.staged, "Read the control files from the git index");
  app.add_option("--now", g.now,
                 "Pin the clock (RFC 3339, e.g. 2026-04-10T21:46:02Z; default: $RELCTL_NOW, "
                 "else the system clock)");
  app.add_flag("-v,--verbose", g.verbose, "Diagnostics on stderr");
  app.add_flag(
      "--no-cache", g.no_cache,
      "Validate the schemas, read every subsystem contract, parse status.json and run "
      "the status and registry audits even when an earlier run did so on the same inputs (also: "
      "RELCTL_NO_CACHE=1; the caches live in $RELCTL_CACHE_DIR, else "
      "$XDG_CACHE_HOME/relctl, else ~/.cache/relctl)");
  app.add_option("--color", g.color, "Colour in --pretty output")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  std::vector<Runner> runners{add_audit(app),     add_validate(app),   add_owners(app),
                              add_preflight(app), add_entrypoint(app), add_branch_for_version(app)};
  runners.push_back(add_claim(app));
  runners.push_back(add_lookup(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }

  auto logger = spdlog::stderr_color_mt("relctl");
  logger->set_level(g.verbose ? spdlog::level::debug : spdlog::level::warn);
  logger->set_pattern("relctl: %l: %v");
  spdlog::set_default_logger(logger);

  Context ctx(g);
  try {
    for (auto& r : runners) {
      const int code = r(ctx);
      if (code >= 0) return finish(code);
    }
  } catch (const LoadError& e) {
    std::fflush(stdout);
    print_error(e.what());
    return finish(kExitBadInput);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    print_error(std::string("internal error: ") + e.what());
    return finish(kExitBadInput);
  }
  return finish(kExitBadInput);
}

}  // namespace relctl::cli
