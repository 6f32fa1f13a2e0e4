#pragma once

namespace relctl::cli {

// Parses the command line, runs one subcommand, returns the exit code
// (docs/exit-codes.md). Never throws.
int run(int argc, char** argv);

}  // namespace relctl::cli
