#pragma once
// Subsystem contracts: the Markdown documents in the profile's subsystems
// folder. relctl reads two things from them: the `subsystem_id` of the JSON
// block under "## Contract Metadata", and the repository paths the contract
// names in the numbered list items of "## Canonical Files", "## Shared
// Boundaries" and "## Extension Points" (backtick-quoted tokens holding a '/'
// or ending in a known source suffix).
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "relctl/registry/paths.hpp"

namespace relctl::registry {

struct ContractReference {
  // "## Extension Points": one of reference_sections(), in static storage.
  std::string_view heading;
  std::string path;      // the token as written
  int line = 0;          // 1-based line of the list item
  int heading_line = 0;  // 1-based line of the heading
  [[nodiscard]] nlohmann::json to_json() const;
  friend bool operator==(const ContractReference&, const ContractReference&) = default;
};

// The headings of the sections whose numbered items name paths: "## Canonical
// Files", "## Shared Boundaries", "## Extension Points".
std::span<const std::string_view> reference_sections();

struct ContractParseOptions {
  // The reference reads list items numbered 1 to 99 only; with this set,
  // any positive number counts (docs/compat.md).
  bool all_item_numbers = false;
  // When a heading occurs twice, the reference takes the section's items
  // from the first occurrence but numbers their lines from the last; with
  // this set, lines count from the first (docs/compat.md).
  bool heading_line_from_first = false;
};

struct ParsedContract {
  std::optional<std::string> subsystem_id;  // trimmed; unset without usable metadata
  std::vector<ContractReference> references;
};

// Python's str.splitlines() on UTF-8 text: breaks on \n, \r\n, \r, \v, \f,
// \x1c-\x1e, U+0085, U+2028, U+2029; no empty last line.
std::vector<std::string_view> split_lines(std::string_view text);

// The lines split_lines(text) would give that start with '#': (byte offset,
// line index) of each, in order. One pass that counts the other lines
// without cutting them out.
std::vector<std::pair<std::size_t, std::size_t>> hash_lines(std::string_view text);

ParsedContract parse_contract(std::string_view text, const ContractParseOptions& opts = {});

struct ContractEntry {
  std::string subsystem_id;
  std::string contract;  // repository path of the file
  std::vector<ContractReference> references;
};

// The contracts by subsystem id, asked which of them name a path.
class ContractIndex {
 public:
  // `files` are (repository path, text) in sorted path order; a later file
  // with the same subsystem id replaces an earlier one.
  ContractIndex(const std::vector<std::pair<std::string, std::string>>& files,
                const ContractParseOptions& opts = {});
  // Or file by file (in sorted path order), then finish() once.
  explicit ContractIndex(const ContractParseOptions& opts) : opts_(opts) {}
  void add(const std::string& rel, std::string_view text);
  // A contract parsed already (with the same options).
  void add_parsed(const std::string& rel, ParsedContract parsed);
  void finish();

  struct Match {
    const ContractEntry* contract = nullptr;
    std::vector<const ContractReference*> references;  // in the contract's order
  };
  // Contracts with a reference matching `path` (a reference ending in '/'
  // matches paths under it; any other only itself), by casefolded id.
  [[nodiscard]] std::vector<Match> referencing(std::string_view path) const;
  [[nodiscard]] const std::vector<ContractEntry>& entries() const { return entries_; }

 private:
  ContractParseOptions opts_;
  std::map<std::string, std::size_t> by_id_;  // while adding
  std::vector<ContractEntry> entries_;        // casefolded-id order once finished
  PathMatcher refs_;                          // group = entry, ordinal = reference index
};

}  // namespace relctl::registry
