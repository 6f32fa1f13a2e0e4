#include "relctl/rules/orders.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace relctl::rules {

std::string casefold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < s.size()) {
      // Latin-1 letters U+00C0..U+00DE (except U+00D7) fold to +0x20; U+00DF folds to "ss".
      const auto d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) {
        out += static_cast<char>(0xC3);
        out += static_cast<char>(d + 0x20);
      } else if (d == 0x9F) {
        out += "ss";
      } else {
        out += static_cast<char>(c);
        out += static_cast<char>(d);
      }
      ++i;
    } else {
      out += static_cast<char>(c);
    }
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
