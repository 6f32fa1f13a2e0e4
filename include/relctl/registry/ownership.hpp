#pragma once
// Who owns a path, and what proof a change to it needs, from registry.json.
//
// A subsystem owns a path through its owned_prefixes (prefix_matches) or
// owned_files; every owning subsystem is reported, in registry order, with
// no precedence between them. Within a subsystem the first path policy (in
// declared order) whose match_prefixes / match_files match governs the path.
// The rules are read leniently from the raw JSON (a wrong-typed list reads
// as empty) so that the registry audit can run them over a registry it is
// about to report on; the ownership lookup binds the registry strictly first.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "relctl/load/json_document.hpp"
#include "relctl/registry/paths.hpp"

namespace relctl::registry {

using StrList = std::vector<std::string>;
// The string elements of a list in registry.json, viewed in its document
// (at x100 scale the lists name 330,000 paths: the copies were 33 MB of the
// registry audit's peak).
using ViewList = std::vector<std::string_view>;

struct PolicyRule {
  std::string id;     // "default" when absent
  std::string label;  // the id when absent
  ViewList match_prefixes, match_files, test_prefixes, exact_files;
  bool allow_same_subsystem_tests = false;
};

struct SubsystemRule {
  std::string id, lane, contract;  // as written (text of a non-string value)
  ViewList owned_prefixes, owned_files, release_cycle_artifact_globs;
  bool allow_same_subsystem_tests = false;
  bool require_explicit_path_policy_coverage = false;
  ViewList test_prefixes, exact_files;
  std::vector<PolicyRule> policies;  // the object elements of path_policies
};

// One subsystem object (anything else reads as an empty rule). The rule's
// lists view the document `subsystem` belongs to, which must outlive it.
SubsystemRule read_rule(const JsonNode& subsystem);
// The rules of registry.json's `subsystems` array (non-object elements are
// skipped). Only string elements of lists are kept.
std::vector<SubsystemRule> read_rules(const JsonNode& subsystems);

// One verification requirement of a subsystem for a set of touched files.
struct Requirement {
  std::string id, label;
  StrList touched_runtime_files;
  bool allow_same_subsystem_tests = false;
  StrList test_prefixes, exact_files;  // sorted, unique
  bool path_policy_gap = false;        // the "missing-path-policy-coverage" entry
  [[nodiscard]] nlohmann::json to_json() const;
};

// A policy's (or the subsystem-level) requirement with the given id, label
// and touched files (sorted, unique).
Requirement requirement_from(const PolicyRule& p, StrList touched);
Requirement default_requirement(const SubsystemRule& r, StrList touched);

// The rules with their prefixes and files compiled into matchers.
class OwnershipIndex {
 public:
  // The index views the strings of `rules` and of their document.
  explicit OwnershipIndex(std::vector<SubsystemRule> rules);

  [[nodiscard]] const std::vector<SubsystemRule>& rules() const { return rules_; }

  struct Owner {
    std::uint32_t subsystem = 0;
    bool owned_file = false;              // listed in owned_files
    std::optional<std::uint32_t> prefix;  // first matching owned prefix, declared order
  };
  // The subsystems owning `path`, in registry order.
  [[nodiscard]] std::vector<Owner> owners(std::string_view path) const;
  [[nodiscard]] bool owns(std::uint32_t subsystem, std::string_view path) const;

  // The policies of `subsystem` matching `path`, ascending.
  [[nodiscard]] std::vector<std::uint32_t> matching_policies(std::uint32_t subsystem,
                                                             std::string_view path) const;

  // Policies whose exact_files or test_prefixes name `path`, as (subsystem,
  // policy), ascending. (Same-subsystem tests are the caller's business.)
  [[nodiscard]] std::vector<std::pair<std::uint32_t, std::uint32_t>> test_policies(
      std::string_view path) const;

  [[nodiscard]] bool is_cycle_artifact(std::uint32_t subsystem, std::string_view path) const;

  // build_verification_requirements: the requirements of `subsystem` for
  // these touched runtime files (order and duplicates kept within a group).
  [[nodiscard]] std::vector<Requirement> requirements(std::uint32_t subsystem,
                                                      const StrList& touched) const;

 private:
  std::vector<SubsystemRule> rules_;
  PathMatcher owned_;     // group = subsystem, ordinal = prefix index (files: exact)
  PathMatcher policies_;  // group = subsystem, ordinal = policy index
  PathMatcher tests_;     // group = subsystem, ordinal = policy index
};

}  // namespace relctl::registry
