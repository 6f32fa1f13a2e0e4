#pragma once
// relctl audit registry: registry.json against the files the workspace
// tracks — required fields, clean and sorted path lists, prefixes and files
// that exist, explicit path-policy coverage of every owned runtime file,
// unreachable policies, and the declared list of files owned by more than
// one subsystem. A pure function; the caller gathers the tracked files.
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "relctl/load/json_document.hpp"
#include "relctl/registry/paths.hpp"

namespace relctl::registry {

// What the audit takes from the registry schema: the required-field lists of
// the root and of $defs subsystem, verification, path_policy and
// shared_ownership, and properties.version.const.
struct RegistrySchemaContract {
  std::set<std::string> top, subsystem, verification, path_policy, shared_ownership;
  Json version;
};
// Throws LoadError (schema file, JSON path, line:col) when a part is missing.
RegistrySchemaContract read_registry_schema_contract(const JsonDocument& schema);

struct RegistryAuditInputs {
  const JsonNode& registry;                       // the whole registry.json
  const std::vector<std::string>& tracked_files;  // sorted, unique ("repo:path" for siblings)
  const std::set<std::string>& lane_ids;          // status.json lane ids
  const RegistrySchemaContract& schema;
  const IgnoredPaths& ignored;
};

// {errors, warnings, summary, subsystems}; `summary` is {} and `subsystems`
// absent when the registry has no subsystems to audit.
nlohmann::json audit_registry(const RegistryAuditInputs& in);

}  // namespace relctl::registry
