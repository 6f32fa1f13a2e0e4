#pragma once
// Everything the audit derives from the rule results: readiness, scores,
// blockers, residuals, the candidate-lane queue, warnings; assembled into the
// report whose keys and shapes match the reference's JSON report.
#include <nlohmann/json.hpp>

#include "relctl/rules/audit.hpp"

namespace relctl::derive {

// The report as a JSON object (keys sorted on output). `errors` holds the
// error diagnostics' texts, `warnings` the derived warnings.
nlohmann::json build_audit_report(const rules::AuditState& st, const rules::AuditContext& ctx);

}  // namespace relctl::derive
