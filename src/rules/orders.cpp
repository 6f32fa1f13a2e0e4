#include "relctl/rules/orders.hpp"

#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <optional>
#include <set>

#include "relctl/util/utf8.hpp"

namespace relctl::rules {

namespace {

// Lower-casing by the C library's Unicode tables (the C.UTF-8 locale), loaded
// once; nullptr when that locale is not installed.
locale_t unicode_locale() {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return loc;
}

}  // namespace

std::string casefold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const locale_t loc = unicode_locale();
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
      ++i;
      continue;
    }
    // Decode one code point of (valid) UTF-8.
    const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    // Where Python's casefold() differs from lower-casing.
    if (cp == 0x00DF || cp == 0x1E9E) {
      out += "ss";
      continue;
    }
    if (cp == 0x03C2) cp = 0x03C3;  // final sigma folds to sigma
    if (loc != static_cast<locale_t>(nullptr)) {
      cp = static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), loc));
    } else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
      cp += 0x20;
    }
    utf8::append(out, static_cast<unsigned>(cp));
  }
  return out;
}

namespace {

// The numeric part of "<prefix><digits>" (one trailing newline tolerated, as
// Python's re.match with `$` does), as a digit string without leading zeros.
std::optional<std::string> numbered(const std::string& s, std::string_view prefix) {
  if (s.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  std::size_t end = s.size();
  if (end > 0 && s[end - 1] == '\n') --end;
  if (end <= prefix.size()) return std::nullopt;
  for (std::size_t i = prefix.size(); i < end; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  std::size_t first = prefix.size();
  while (first + 1 < end && s[first] == '0') ++first;
  return s.substr(first, end - first);
}

bool numbered_less(const std::string& a, const std::string& b, std::string_view prefix) {
  const auto na = numbered(a, prefix);
  const auto nb = numbered(b, prefix);
  if (na && nb) {
    // Arbitrary precision: compare by length, then digits.
    if (na->size() != nb->size()) return na->size() < nb->size();
    if (*na != *nb) return *na < *nb;
    return a < b;
  }
  if (na != nb) return na.has_value();  // numbered ids come first
  return a < b;
}

}  // namespace

bool lane_less(const std::string& a, const std::string& b) { return numbered_less(a, b, "L"); }
bool assertion_id_less(const std::string& a, const std::string& b) {
  return numbered_less(a, b, "RA");
}
bool fold_less(const std::string& a, const std::string& b) { return casefold(a) < casefold(b); }

bool has_duplicates(const std::vector<std::string>& v) {
  std::set<std::string> seen;
  for (const auto& s : v) {
    if (!seen.insert(s).second) return true;
  }
  return false;
}

std::vector<std::string> sorted_unique_fold(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  std::stable_sort(v.begin(), v.end(), fold_less);
  return v;
}

std::vector<std::string> sorted_unique_lane(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  std::stable_sort(v.begin(), v.end(), lane_less);
  return v;
}

}  // namespace relctl::rules
