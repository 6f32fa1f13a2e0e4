#include "cli/output.hpp"

#include <cstdio>

#include "relctl/report/json_writer.hpp"

namespace relctl::cli {

std::vector<std::shared_ptr<const void>>& kept_values() {
  static std::vector<std::shared_ptr<const void>> values;
  return values;
}

void print_json(const nlohmann::json& value) {
  const std::string text = report::to_json_text(value, 2);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace relctl::cli
