#pragma once
// registry.json: the subsystems of the product, the lane each belongs to,
// the paths each owns, its contract document and its verification policy.
#include <string>

#include "relctl/load/json_document.hpp"
#include "relctl/model/field.hpp"

namespace relctl::model {

struct PathPolicy : Record {
  Field<std::string> id, label;
  Field<StrList> match_prefixes, match_files, test_prefixes, exact_files;
  Field<bool> allow_same_subsystem_tests;
};

struct Verification {
  const JsonNode* raw = nullptr;
  JsonPath path;
  Field<bool> allow_same_subsystem_tests, require_explicit_path_policy_coverage;
  Field<StrList> test_prefixes, exact_files;
  RecordList<PathPolicy> path_policies;
};

struct Subsystem : Record {
  Field<std::string> id, lane, contract;
  Field<StrList> owned_prefixes, owned_files, release_cycle_artifact_globs;
  Verification verification;
};

struct SharedOwnership : Record {
  Field<std::string> file_path, rationale;  // file_path is the "path" key
  Field<StrList> subsystems;
};

struct Registry {
  const JsonDocument* doc = nullptr;
  Field<double> version;
  RecordList<SharedOwnership> shared_ownerships;
  RecordList<Subsystem> subsystems;
};

// Binds and checks the shape every consumer relies on (an object; subsystems
// a list of objects, each with a verification object carrying its policy
// keys; path_policies a list of objects with theirs). Throws LoadError with
// the JSON path and line:col of the first violation.
Registry bind_registry(const JsonDocument& doc);

}  // namespace relctl::model
