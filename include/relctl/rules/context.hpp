#pragma once
// Everything a rule may consult besides status.json itself: the control
// plane, what the status schema enumerates, the registry's maps, the time
// (rules/now.hpp) and a probe for the disk and the repository roots. Rules
// never touch the filesystem or the environment directly: the audit result
// cache (report/audit_cache.hpp) relies on these two seams being the only
// way out.
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "relctl/load/confine.hpp"
#include "relctl/load/json_document.hpp"
#include "relctl/load/repo.hpp"
#include "relctl/model/control_plane.hpp"
#include "relctl/model/registry.hpp"
#include "relctl/rules/now.hpp"
#include "relctl/util/clock.hpp"

namespace relctl::rules {

// The allowed values the audit takes from the status schema (the reference
// reads these enums from `$defs`, so a schema change changes the rules).
struct SchemaEnums {
  std::vector<std::string> required_top_level;
  std::set<std::string> lane_status, evidence_tier, assertion_blocking_level, assertion_kind,
      assertion_proof_type, gate_blocking_level, gate_status, followup_status, gap_status,
      gap_resolution, candidate_status, claim_kind, decision_blocking_level, decision_status,
      resolved_kind;
};
// Throws LoadError (schema file, JSON path, line:col) when a location is missing.
SchemaEnums extract_schema_enums(const JsonDocument& status_schema);

// The registry as the audit sees it (values read as text and stripped, as
// the reference does; an entry needs both parts non-empty).
struct RegistryMaps {
  std::map<std::string, std::string> subsystem_lane;
  // lane -> its subsystems (plain order); lanes in order of first appearance.
  std::vector<std::pair<std::string, std::vector<std::string>>> lane_subsystems;
  std::map<std::string, std::string> subsystem_contract;

  [[nodiscard]] const std::vector<std::string>* subsystems_of(const std::string& lane) const;
};
RegistryMaps build_registry_maps(const model::Registry& registry);

// Everything the audit learns from outside the control files, besides the
// time: where the repositories are and what is on disk. Rules never touch
// the filesystem or the environment directly, so a recording of these
// answers (report/audit_cache.hpp) is a complete account of what a result
// depends on. The real probe asks the disk; tests may use a fake.
class FileProbe {
 public:
  // kOutside: the path leaves its repository (absolute, a `..` segment, or
  // a symbolic link out of the root) and was not followed.
  enum class Kind { kMissing, kFile, kDirectory, kOther, kOutside };
  virtual ~FileProbe() = default;
  // The control-plane repository's root.
  [[nodiscard]] virtual const std::string& root() const = 0;
  // Where repository `name` named in status.json is (Repo::repo_root).
  [[nodiscard]] virtual std::optional<std::string> repo_root(
      const std::string& name, const std::string& local_name) const = 0;
  // What is at an absolute path (a repository root).
  [[nodiscard]] virtual Kind kind(const std::string& p) const = 0;
  // What the repository-relative `rel` names below `root`, never looking
  // outside `root` (load/confine.hpp).
  [[nodiscard]] virtual Kind kind_beneath(const std::string& root,
                                          const std::string& rel) const = 0;
};
// Stats each distinct path once per run: the same evidence file is cited by
// many lanes and assertions (about 1,100 references to 700 paths in Pulse).
class DiskProbe final : public FileProbe {
 public:
  explicit DiskProbe(const Repo& repo) : repo_(repo), root_(repo.root().string()) {}
  [[nodiscard]] const std::string& root() const override { return root_; }
  [[nodiscard]] std::optional<std::string> repo_root(const std::string& name,
                                                     const std::string& local_name) const override;
  [[nodiscard]] Kind kind(const std::string& p) const override;
  [[nodiscard]] Kind kind_beneath(const std::string& root, const std::string& rel) const override;

 private:
  const Repo& repo_;
  std::string root_;
  mutable std::unordered_map<std::string, Kind> seen_;
  confine::BeneathProbe beneath_;
};

struct AuditContext {
  const model::ControlPlane& control_plane;
  const SchemaEnums& enums;
  const RegistryMaps& registry;
  const FileProbe& probe;
  Now now;
  std::string current_version;
};

}  // namespace relctl::rules
