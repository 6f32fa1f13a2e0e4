#include "cli/findings.hpp"

#include <fmt/format.h>

namespace relctl::cli {

void append_findings(std::string& out, const nlohmann::json& report, const Style& st) {
  const auto section = [&](const char* key, const std::string& title) {
    auto it = report.find(key);
    if (it == report.end() || !it->is_array() || it->empty()) return;
    out += fmt::format("{} ({})\n", title, it->size());
    for (const auto& v : *it)
      out += "  - " + (v.is_string() ? v.get<std::string>() : v.dump()) + "\n";
  };
  section("warnings", st.yellow("warnings"));
  section("errors", st.red("errors"));
  auto errs = report.find("errors");
  if (errs == report.end() || !errs->is_array() || errs->empty()) {
    out += st.green("ok") + ": no errors\n";
  }
}

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace relctl::cli
