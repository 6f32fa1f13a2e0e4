#pragma once
#include <string>
#include <string_view>

namespace relctl::text {

// Python's str.isspace() for one code point.
bool is_unicode_space(char32_t cp);
// Python's s.strip() == "" (Unicode whitespace).
bool is_blank(std::string_view s);
// Any Unicode whitespace character anywhere.
bool has_whitespace(std::string_view s);
// Python's str.strip() (Unicode whitespace), on UTF-8.
std::string strip(std::string_view s);
// `root/rel` as std::filesystem::path's operator/ joins a relative path:
// one '/' between them unless root already ends with one.
std::string join_path(std::string_view root, std::string_view rel);

}  // namespace relctl::text
