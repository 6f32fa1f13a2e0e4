#include "cli/output.hpp"

#include <cstdio>

#include "relctl/report/json_writer.hpp"

namespace relctl::cli {

std::vector<std::shared_ptr<const void>>& kept_values() {
  static std::vector<std::shared_ptr<const void>> values;
  return values;
}

void print_json(const nlohmann::json& value) { report::write_json(stdout, value, 2); }

}  // namespace relctl::cli
