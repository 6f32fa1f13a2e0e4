#pragma once
#include <nlohmann/json.hpp>

#include "cli/output.hpp"

namespace relctl::cli {

// The audit for a person at a terminal: verdicts first, then scores, lanes,
// blockers and findings grouped by rule (docs/pretty.md).
void print_audit_pretty(const nlohmann::json& report, const Style& st);

}  // namespace relctl::cli
