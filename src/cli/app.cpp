#include "cli/app.hpp"

#include <CLI/CLI.hpp>

namespace relctl::cli {

int run(int argc, char** argv) {
  CLI::App app{"relctl: release-control auditor"};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return 0;
}

}  // namespace relctl::cli
