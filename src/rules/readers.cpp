#include "relctl/rules/readers.hpp"

#include <fmt/format.h>

#include "relctl/util/text.hpp"

namespace relctl::rules {

std::string field_key(const JsonPath& path) {
  if (path.empty()) return {};
  const auto& last = path.back();
  if (const auto* k = std::get_if<std::string>(&last)) return *k;
  return std::to_string(std::get<std::size_t>(last));
}

std::optional<std::string> valid_str(const model::Field<std::string>& f) {
  if (f.ok() && !text::is_blank(*f)) return std::string(*f);
  return std::nullopt;
}

std::optional<std::string> read_str(Diagnostics& d, const char* rule, const std::string& owner,
                                    const model::Field<std::string>& f) {
  if (auto v = valid_str(f)) return v;
  d.error(rule, owner, f.path,
          fmt::format("needs '{}' as a non-empty string{}", field_key(f.path),
                      f.present() ? "" : " (it is missing)"));
  return std::nullopt;
}

std::optional<bool> read_bool(Diagnostics& d, const char* rule, const std::string& owner,
                              const model::Field<bool>& f) {
  if (f.ok()) return *f;
  d.error(rule, owner, f.path, fmt::format("needs '{}' as true or false", field_key(f.path)));
  return std::nullopt;
}

std::optional<double> read_number(Diagnostics& d, const char* rule, const std::string& owner,
                                  const model::Field<double>& f) {
  if (f.ok()) return *f;
  d.error(rule, owner, f.path, fmt::format("needs '{}' as a number", field_key(f.path)));
  return std::nullopt;
}

std::vector<std::string> valid_strlist(const model::Field<model::StrList>& f) {
  if (!f.ok()) return {};
  for (const JsonNode& s : *f.raw) {
    if (text::is_blank(s.str())) return {};
  }
  return *f;
}

std::vector<std::string> read_strlist(Diagnostics& d, const char* rule, const std::string& owner,
                                      const model::Field<model::StrList>& f) {
  const std::string key = field_key(f.path);
  if (f.raw == nullptr || !f.raw->is_array()) {
    d.error(rule, owner, f.path, fmt::format("needs '{}' as a list", key));
    return {};
  }
  auto v = valid_strlist(f);
  if (v.empty() && !f.raw->empty()) {
    d.error(rule, owner, f.path,
            fmt::format("needs every element of '{}' to be a non-empty string", key));
  }
  return v;
}

}  // namespace relctl::rules
