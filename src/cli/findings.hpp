#pragma once
// The warnings and errors block shared by the --pretty audit reports.
#include <string>

#include <nlohmann/json.hpp>

#include "cli/output.hpp"

namespace relctl::cli {

// "warnings (N)" and "errors (N)" sections, each item on its own line; an
// "ok: no errors" line when there are none. Appended to `out`.
void append_findings(std::string& out, const nlohmann::json& report, const Style& st);

// Pads `s` with spaces to `width` display columns (ASCII assumed).
std::string pad(const std::string& s, std::size_t width);

}  // namespace relctl::cli
