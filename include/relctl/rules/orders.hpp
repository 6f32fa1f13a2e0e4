#pragma once
// The orderings the control files must keep, and the comparisons the
// reference uses for them (docs/rules.md, "Orders").
#include <string>
#include <string_view>
#include <vector>

namespace relctl::rules {

// Python's str.casefold(): Unicode lower-casing (the C library's tables) plus
// the folds that differ from it for ids and names (ß -> ss, final sigma).
std::string casefold(std::string_view s);
// casefold(a) <=> casefold(b) (negative, zero, positive), without building
// the folded strings when both are ASCII.
int fold_compare(std::string_view a, std::string_view b);

// Lane order: ids "L<digits>" by number (then by the whole id), others last.
bool lane_less(const std::string& a, const std::string& b);
// Same with prefix "RA" (readiness assertions).
bool assertion_id_less(const std::string& a, const std::string& b);
bool fold_less(const std::string& a, const std::string& b);

// Generic "is the list equal to its stable sort under less": ties in any
// order pass.
template <class T, class Less>
bool is_sorted_by(const std::vector<T>& v, Less less) {
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (less(v[i], v[i - 1])) return false;
  }
  return true;
}

bool has_duplicates(const std::vector<std::string>& v);

// Sorted, de-duplicated copies.
std::vector<std::string> sorted_unique_fold(std::vector<std::string> v);
std::vector<std::string> sorted_unique_lane(std::vector<std::string> v);

}  // namespace relctl::rules
