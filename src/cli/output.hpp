#pragma once
// Terminal helpers shared by the --pretty renderers.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace relctl::cli {

struct Style {
  bool color = false;
  [[nodiscard]] std::string bold(std::string_view s) const { return wrap("1", s); }
  [[nodiscard]] std::string red(std::string_view s) const { return wrap("31", s); }
  [[nodiscard]] std::string green(std::string_view s) const { return wrap("32", s); }
  [[nodiscard]] std::string yellow(std::string_view s) const { return wrap("33", s); }
  [[nodiscard]] std::string dim(std::string_view s) const { return wrap("2", s); }

 private:
  [[nodiscard]] std::string wrap(const char* code, std::string_view s) const {
    if (!color) return std::string(s);
    return "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m";
  }
};

// Machine output: keys sorted, two-space indent, non-ASCII escaped, newline
// at the end — the layout of the reference's reports.
void print_json(const nlohmann::json& value);

}  // namespace relctl::cli
