#include "relctl/rules/diagnostic.hpp"

namespace relctl::rules {

void Diagnostics::error(const char* rule, std::string location, JsonPath path,
                        std::string message) {
  items_.push_back(Diagnostic{rule, Severity::kError, file_, std::move(path), std::move(location),
                              std::move(message)});
}

void Diagnostics::error_at(const char* rule, const JsonPath& path, std::string message) {
  error(rule, path.empty() ? std::string("status.json") : path.str(), path, std::move(message));
}

void Diagnostics::warning(const char* rule, std::string location, JsonPath path,
                          std::string message) {
  items_.push_back(Diagnostic{rule, Severity::kWarning, file_, std::move(path), std::move(location),
                              std::move(message)});
}

std::size_t Diagnostics::error_count() const {
  std::size_t n = 0;
  for (const auto& d : items_) n += d.severity == Severity::kError ? 1 : 0;
  return n;
}

}  // namespace relctl::rules
