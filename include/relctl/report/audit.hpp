#pragma once
// The whole audit as one call: rules over the control files, the derived
// report, the schema findings and the diagnostics with their positions. The
// CLI renders what this returns; benchmarks and tests call it directly.
#include <filesystem>
#include <string>
#include <vector>

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
  // Where results are remembered (report/audit_cache.hpp); empty: not.
  std::filesystem::path results;
};

// The report as print_json writes it, and how many errors it holds.
struct AuditText {
  std::string text;
  std::size_t errors = 0;
};

// Throws LoadError for input the audit cannot run on. A result remembered
// in opts.results is used when it is still what the audit would compute
// (report/audit_cache.hpp), and a computed one is remembered there.
nlohmann::json run_audit(ControlFiles& files, TimePoint now, const AuditOptions& opts = {});
// The same, as text: a remembered result is not parsed.
AuditText run_audit_text(ControlFiles& files, TimePoint now, const AuditOptions& opts = {});

// The top-level `members` (all when empty) of a report given as the text
// print_json writes (AuditText::text), read back. Throws LoadError when it
// does not parse.
nlohmann::json report_members(const std::string& text, const std::vector<std::string>& members);

// How status_report() runs.
struct StatusReportOptions {
  // The current version ("" for none: the reference passes none to the
  // ownership lookup and the control-plane audit).
  std::string version;
  // Where results are remembered (report/audit_cache.hpp); empty: not.
  std::filesystem::path results;
  // Only these top-level members of the report, whether computed or
  // remembered (a remembered one then reads back only their text); empty:
  // all of them.
  std::vector<std::string> members;
  // The status document and model are released (ControlFiles::
  // release_status_document), computed reports before they are built, and
  // so are registry.json's unless this is set, for a caller that reads them
  // afterwards.
  bool keep_registry = false;
};

// The status audit's report as the lookups, the ownership lookup and the
// control-plane audit use it: no schema validation. Remembered in
// opts.results as run_audit's are.
nlohmann::json status_report(ControlFiles& files, TimePoint now,
                             const StatusReportOptions& opts = {});

// The schema violations of the three control files (a missing or unusable
// schema is one finding, not a failure: the rules do not need it). A pair
// the cache knows to be clean is not validated again.
nlohmann::json schema_findings(ControlFiles& files,
                               const schema::VerdictCache& verdicts = schema::VerdictCache());

}  // namespace relctl::report
