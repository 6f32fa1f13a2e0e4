#pragma once
// relctl owners: for file paths, the owning subsystems, the contract and
// proof each change obliges, the other contracts that name the paths, and the
// lane context of each owner. A pure function of the registry rules, the
// contracts, the status report and the paths; the report has the
// reference's (subsystem_lookup.py) keys, values and orders.
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "relctl/load/json_document.hpp"
#include "relctl/registry/contracts.hpp"
#include "relctl/registry/ownership.hpp"
#include "relctl/registry/paths.hpp"

namespace relctl::registry {

struct LookupInputs {
  const OwnershipIndex& ownership;
  const ContractIndex& contracts;
  const IgnoredPaths& ignored;
  const JsonNode* shared_ownerships = nullptr;  // registry.json "shared_ownerships" (any type)
  const nlohmann::json& status_report;          // the status audit's report
};

// The members of the status report the ownership lookup reads (it is
// handed only these: report::status_report).
inline const std::vector<std::string> kOwnersReportMembers = {
    "control_plane",      "errors", "lanes",  "open_decisions", "release_gates",
    "resolved_decisions", "scope",  "summary"};

// `paths` are already normalised (normalize_path). With `lean`, the compact
// agent-facing form (docs/commands.md, relctl owners).
nlohmann::json lookup_owners(const LookupInputs& in, const std::vector<std::string>& paths,
                             bool lean);
// Receives the output as a batch of pieces, to be written in order; the
// pieces stay valid only during the call.
using EmitPieces = std::function<void(std::span<const std::string_view>)>;
// The same report as JSON text (the layout of print_json), handed to `emit`
// in batches as it is written: thousands of paths cost little memory, and
// the parts that repeat (lane contexts, requirements) are handed over where
// they are stored instead of being copied into the output again.
void write_owners_json(const LookupInputs& in, const std::vector<std::string>& paths, bool lean,
                       const EmitPieces& emit);

// How a command-line path becomes a repository path: whitespace trimmed;
// "repos/<id>/<rest>" -> "<rest>" for the local repository, else
// "<id>:<rest>"; an absolute path inside the checkout -> relative, inside a
// sibling repository -> "<id>:<rest>", elsewhere -> unchanged (symlinks
// resolved); anything else in normal form ("./a//b/" -> "a/b").
struct PathNormalizer {
  std::filesystem::path checkout;                       // the repository root
  std::optional<std::filesystem::path> workspace_root;  // folder of sibling repositories
  std::string local_repo;                               // the control-plane repository's id
  [[nodiscard]] std::string normalize(std::string_view raw) const;
};

}  // namespace relctl::registry
