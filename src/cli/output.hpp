#pragma once
// Terminal helpers shared by the --pretty renderers.
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

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

// What keep() holds: destroyed at normal exit (sanitizer builds, so leaks
// still show), never in the relctl binary, whose finish() ends the process
// without running destructors.
std::vector<std::shared_ptr<const void>>& kept_values();

// Moves `value` to storage that lives until the process ends and returns
// it. A command's report is kept this way: freeing a large report node by
// node costs more than printing it, and nothing needs the memory back.
template <class T>
const std::decay_t<T>& keep(T&& value) {
  auto p = std::make_shared<const std::decay_t<T>>(std::forward<T>(value));
  kept_values().push_back(p);
  return *p;
}

}  // namespace relctl::cli
