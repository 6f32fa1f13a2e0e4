#include "cli/output.hpp"

#include <cstdio>

namespace relctl::cli {

void print_json(const nlohmann::json& value) {
  const std::string text = value.dump(2, ' ', true, nlohmann::json::error_handler_t::replace);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace relctl::cli
