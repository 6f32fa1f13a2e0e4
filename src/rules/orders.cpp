#include "relctl/rules/orders.hpp"

#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
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
  // Nearly every id and path is ASCII: lower-case it in one pass.
  if (std::all_of(s.begin(), s.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
  }
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
    // Where Python's casefold() differs from lower-casing (Unicode's
    // CaseFolding.txt, the characters a name could plausibly hold).
    static const std::pair<char32_t, const char*> kExpand[] = {
        {0x00DF, "ss"}, {0x1E9E, "ss"},        {0xFB00, "ff"},       {0xFB01, "fi"},
        {0xFB02, "fl"}, {0xFB03, "ffi"},       {0xFB04, "ffl"},      {0xFB05, "st"},
        {0xFB06, "st"}, {0x0130, "i\xcc\x87"}, {0x0149, "\xca\xbcn"}};
    bool expanded = false;
    for (const auto& [from, to] : kExpand) {
      if (cp == from) {
        out += to;
        expanded = true;
        break;
      }
    }
    if (expanded) continue;
    static const std::pair<char32_t, char32_t> kSimple[] = {
        {0x00B5, 0x03BC}, {0x017F, 0x0073}, {0x0345, 0x03B9}, {0x03C2, 0x03C3}, {0x03D0, 0x03B2},
        {0x03D1, 0x03B8}, {0x03D5, 0x03C6}, {0x03D6, 0x03C0}, {0x03F0, 0x03BA}, {0x03F1, 0x03C1},
        {0x03F5, 0x03B5}, {0x1E9B, 0x1E61}, {0x1FBE, 0x03B9}};
    for (const auto& [from, to] : kSimple) {
      if (cp == from) cp = to;
    }
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
int fold_compare(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  // Sorted strings are mostly paths and ids with long common prefixes: skip
  // eight equal ASCII bytes at a time (equal bytes fold alike; a non-ASCII
  // byte is left to the loop below, which folds the whole strings).
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t wa = 0;
    std::uint64_t wb = 0;
    std::memcpy(&wa, a.data() + i, sizeof wa);
    std::memcpy(&wb, b.data() + i, sizeof wb);
    if (wa != wb || (wa & 0x8080808080808080ULL) != 0) break;
  }
  for (; i < n; ++i) {
    auto ca = static_cast<unsigned char>(a[i]);
    auto cb = static_cast<unsigned char>(b[i]);
    if (ca >= 0x80 || cb >= 0x80) return casefold(a).compare(casefold(b));
    if (ca >= 'A' && ca <= 'Z') ca += 32;
    if (cb >= 'A' && cb <= 'Z') cb += 32;
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  // Equal so far: a non-ASCII tail may still fold to nothing shorter, so
  // only an all-ASCII remainder decides by length here.
  const std::string_view rest = a.size() > n ? a.substr(n) : b.substr(n);
  for (const char c : rest) {
    if (static_cast<unsigned char>(c) >= 0x80) return casefold(a).compare(casefold(b));
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

bool fold_less(const std::string& a, const std::string& b) { return fold_compare(a, b) < 0; }

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
