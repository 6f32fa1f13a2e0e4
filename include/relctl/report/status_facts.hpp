#pragma once
// The few facts of status.json that commands outside the status audit read
// (docs/performance.md, "The facts of status.json"): which repository is
// the local one, which repositories are active, the lane ids. `owners` and
// the registry audit need only these, and parsing all of status.json for
// them (0.4 MB) was a sixth of a warm `owners`. They are remembered by a
// hash of status.json's text, so a run whose status.json is unchanged does
// not parse it.
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "relctl/load/control_files.hpp"
#include "relctl/load/json_document.hpp"

namespace relctl::report {

struct StatusFacts {
  // False when status.json's top level is not an object (binding refuses it).
  bool root_is_object = false;
  // scope.control_plane_repo and evidence_reference_policy.local_repo, when
  // they are strings that are not blank.
  std::optional<std::string> control_plane_repo;
  std::optional<std::string> local_repo;
  // scope.active_repos: its strings that are not blank, in order.
  std::vector<std::string> active_repos;
  // lanes[].id of every lane that is an object with a string id.
  std::set<std::string> lane_ids;

  friend bool operator==(const StatusFacts&, const StatusFacts&) = default;
};

// The facts read from a parsed status.json.
[[nodiscard]] StatusFacts read_status_facts(const JsonNode& root);

// The facts of this run's status.json: remembered in `cache_dir`
// (`status-facts/`, one entry per repository and form, holding a hash of the
// text it was read from), else read from the parsed document. Throws what
// reading status.json throws. An empty `cache_dir` always parses.
[[nodiscard]] StatusFacts status_facts(ControlFiles& files, const std::filesystem::path& cache_dir);

// The entry format, for the tests and the fuzz target: `text_key` is the key
// of the status.json text the facts were read from.
[[nodiscard]] std::string encode_status_facts(std::string_view text_key, const StatusFacts& facts);
[[nodiscard]] std::optional<StatusFacts> decode_status_facts(std::string_view bytes,
                                                             std::string_view text_key);

// The id of the control-plane repository: scope.control_plane_repo, else
// evidence_reference_policy.local_repo, else the checkout's folder name
// (the main worktree's for a linked worktree). A status.json whose top level
// is not an object is refused as binding refuses it.
[[nodiscard]] std::string local_repo_id(ControlFiles& files, const StatusFacts& facts);

}  // namespace relctl::report
