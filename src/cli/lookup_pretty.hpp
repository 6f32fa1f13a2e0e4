#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "cli/output.hpp"
#include "relctl/lookup/lookup.hpp"

namespace relctl::cli {

// One looked-up entry for a person: a title line, its attributes and what it
// links to in aligned rows, then the active target (docs/commands.md).
std::string lookup_pretty(const nlohmann::json& report, lookup::Kind kind,
                          const nlohmann::json& answer, const Style& st);

}  // namespace relctl::cli
