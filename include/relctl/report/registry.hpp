#pragma once
// The registry commands as one call each: gather the inputs (control files,
// contracts, tracked files, what is on disk) and run the pure functions of
// relctl/registry/ and relctl/rules/control_plane_audit.hpp. The CLI renders
// what these return.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "relctl/load/control_files.hpp"
#include "relctl/registry/lookup.hpp"
#include "relctl/report/audit.hpp"
#include "relctl/report/status_facts.hpp"
#include "relctl/util/clock.hpp"

namespace relctl::report {

// The reference's known defects (docs/compat.md): matched by default so
// results stay comparable; corrected with --fix-reference-defects.
struct DefectMode {
  bool fix = false;
};

// relctl owners: `paths` as given on the command line (normalised here).
// `cache_dir`: where the contracts cache lives (registry::ContractCache);
// empty reads every contract.
nlohmann::json run_owners(ControlFiles& files, TimePoint now, const std::vector<std::string>& paths,
                          bool lean, DefectMode mode = {},
                          const std::filesystem::path& cache_dir = {});
// The same report as JSON text, handed over in batches of pieces (for
// thousands of paths; registry::write_owners_json).
void write_owners(ControlFiles& files, TimePoint now, const std::vector<std::string>& paths,
                  bool lean, DefectMode mode, const std::filesystem::path& cache_dir,
                  const registry::EmitPieces& emit);

// relctl audit registry. Runs `git ls-files` in every active repository
// present in the workspace; throws LoadError when git fails there. The
// result is remembered in `cache_dir` (empty: not) under a hash of all the
// audit's inputs: registry.json, its schema, the profile, status.json's lane
// ids and the tracked files. Releases the status document
// (ControlFiles::release_status_document): only its facts are read, or
// taken from `facts` when the caller has them (status_facts()).
nlohmann::json run_registry_audit(ControlFiles& files, DefectMode mode = {},
                                  const std::filesystem::path& cache_dir = {},
                                  std::optional<StatusFacts> facts = std::nullopt);

// relctl audit control-plane.
// `status`: a status report already built for the same files and clock
// (relctl audit all passes the status audit's, errors without --strict), so
// the rules do not run twice; nullptr builds one (status_report, remembered
// in `cache_dir`).
nlohmann::json run_control_plane_audit(ControlFiles& files, TimePoint now, DefectMode mode = {},
                                       const nlohmann::json* status = nullptr,
                                       const std::filesystem::path& cache_dir = {});

}  // namespace relctl::report
