#include "relctl/util/text.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace relctl::text {
namespace {

TEST(Text, BlankFollowsPythonStrip) {
  EXPECT_TRUE(is_blank(""));
  EXPECT_TRUE(is_blank(" \t\n"));
  EXPECT_TRUE(is_blank("\xe3\x80\x80"));  // U+3000 ideographic space
  EXPECT_FALSE(is_blank(" x "));
  EXPECT_EQ(strip("\xc2\xa0 ab c\n"), "ab c");
  EXPECT_TRUE(
      has_whitespace("a\xe2\x80\x83"
                     "b"));  // U+2003 em space
  EXPECT_FALSE(has_whitespace("a-b"));
}

// Python's str.strip() by brute force: every code point classified.
std::string strip_by_scanning(std::string_view s) {
  std::vector<std::pair<std::size_t, std::size_t>> points;  // [begin, end) of each code point
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    points.emplace_back(i, std::min(i + len, s.size()));
    i += len;
  }
  std::size_t lo = 0;
  std::size_t hi = points.size();
  auto space = [&](std::size_t k) {
    return is_blank(s.substr(points[k].first, points[k].second - points[k].first));
  };
  while (lo < hi && space(lo)) ++lo;
  while (hi > lo && space(hi - 1)) --hi;
  if (lo == hi) return {};
  return std::string(s.substr(points[lo].first, points[hi - 1].second - points[lo].first));
}

TEST(Text, StripAgreesWithScanningEveryCodePoint) {
  const std::vector<std::string> parts = {
      " ", "\t", "\n", "a", "\xc2\xa0", "\xe3\x80\x80", "\xc3\xa9", "\xe2\x80\x83", "x", "\x1c"};
  std::mt19937 rng(3);
  for (int n = 0; n < 5000; ++n) {
    std::string s;
    for (int k = static_cast<int>(rng() % 7); k > 0; --k) s += parts[rng() % parts.size()];
    ASSERT_EQ(strip(s), strip_by_scanning(s)) << n;
  }
}

}  // namespace
}  // namespace relctl::text
