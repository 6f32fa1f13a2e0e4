#pragma once
// The whole audit as one call: rules over the control files, the derived
// report, the schema findings and the diagnostics with their positions. The
// CLI renders what this returns; benchmarks and tests call it directly.
#include <nlohmann/json.hpp>

#include "relctl/load/control_files.hpp"
#include "relctl/schema/verdict_cache.hpp"
#include "relctl/util/clock.hpp"

namespace relctl::report {

struct AuditOptions {
  bool strict = false;           // schema violations count as errors
  bool validate_schemas = true;  // run the JSON Schema layer
  // Drop the parsed status and registry documents once the findings have
  // their positions (ControlFiles::release_documents): for a caller that
  // will not read them again, to lower the peak memory.
  bool release_documents = false;
  // Where clean verdicts are remembered (disabled by default).
  schema::VerdictCache verdicts;
};

// Throws LoadError for input the audit cannot run on.
nlohmann::json run_audit(ControlFiles& files, TimePoint now, const AuditOptions& opts = {});

// The schema violations of the three control files (a missing or unusable
// schema is one finding, not a failure: the rules do not need it). A pair
// the cache knows to be clean is not validated again.
nlohmann::json schema_findings(ControlFiles& files,
                               const schema::VerdictCache& verdicts = schema::VerdictCache());

}  // namespace relctl::report
