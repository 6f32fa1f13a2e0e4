#pragma once
// One function per subcommand: each adds itself to the CLI11 app and, when
// chosen, runs and returns its exit code.
#include <functional>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace relctl::cli {

using Runner = std::function<int(Context&)>;

// Each returns the runner to call when its subcommand was given.
Runner add_validate(CLI::App& app);
Runner add_audit(CLI::App& app);
Runner add_owners(CLI::App& app);
Runner add_lookup(CLI::App& app);
Runner add_preflight(CLI::App& app);
Runner add_entrypoint(CLI::App& app);
Runner add_branch_for_version(CLI::App& app);
Runner add_claim(CLI::App& app);
// Sub-subcommands of `audit` (relctl audit control-plane | registry | all).
Runner add_audit_control_plane(CLI::App& audit);
Runner add_audit_registry(CLI::App& audit);
Runner add_audit_all(CLI::App& audit);

}  // namespace relctl::cli
