// fold_compare must order exactly as comparing the casefolded strings does.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "relctl/rules/orders.hpp"

namespace relctl::rules {
namespace {

int sign(int v) { return (v > 0) - (v < 0); }

int reference(const std::string& a, const std::string& b) {
  return sign(casefold(a).compare(casefold(b)));
}

TEST(FoldCompare, AgreesWithCasefoldOnPickedPairs) {
  const std::vector<std::string> words = {"",
                                          "a",
                                          "A",
                                          "ab",
                                          "aB",
                                          "b",
                                          "Z",
                                          "_",
                                          "L10",
                                          "l9",
                                          "stra\xc3\x9f"
                                          "e",
                                          "strasse",
                                          "STRASSE-b",
                                          "\xc3\x9f",
                                          "ss",
                                          "s",
                                          "\xce\xa3",
                                          "\xcf\x83",
                                          "\xcf\x82",
                                          "\xc2\xb5",
                                          "\xce\xbc",
                                          "\xc5\xbf",
                                          "a\xc3\xa9",
                                          "A\xc3\x89",
                                          "ae",
                                          "a~"};
  for (const auto& a : words) {
    for (const auto& b : words) {
      EXPECT_EQ(sign(fold_compare(a, b)), reference(a, b)) << a << " vs " << b;
    }
  }
}

// Long common prefixes (paths, ids) are skipped eight bytes at a time while
// they are equal ASCII: pairs that differ at or around every offset of a
// word, in case only, or in a non-ASCII byte inside the prefix.
TEST(FoldCompare, AgreesWithCasefoldAroundLongCommonPrefixes) {
  std::mt19937 rng(11);
  const std::string pieces[] = {"a", "B", "/", "z", "Q", "\xc3\x9f", "ss", "\xc3\x89", "e", "_"};
  auto word = [&](int n) {
    std::string w;
    for (int k = 0; k < n; ++k) w += pieces[rng() % std::size(pieces)];
    return w;
  };
  for (int round = 0; round < 4000; ++round) {
    const std::string prefix = word(static_cast<int>(rng() % 26));
    std::string a = prefix + word(static_cast<int>(rng() % 4));
    std::string b = prefix + word(static_cast<int>(rng() % 4));
    if (round % 3 == 0 && !b.empty()) {
      // Differ in case only, somewhere.
      char& c = b[rng() % b.size()];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    EXPECT_EQ(sign(fold_compare(a, b)), reference(a, b)) << a << " vs " << b;
    EXPECT_EQ(sign(fold_compare(b, a)), reference(b, a)) << b << " vs " << a;
  }
}

TEST(FoldCompare, AgreesWithCasefoldOnRandomStrings) {
  std::mt19937 rng(7);
  const std::vector<std::string> alphabet = {"a",        "A", "z", "Z",        "-",       "0",
                                             "\xc3\x9f", "s", "S", "\xc3\xa9", "\xc3\x89"};
  auto random_word = [&] {
    std::string w;
    for (int n = static_cast<int>(rng() % 5); n > 0; --n) w += alphabet[rng() % alphabet.size()];
    return w;
  };
  for (int i = 0; i < 20000; ++i) {
    const auto a = random_word();
    const auto b = random_word();
    ASSERT_EQ(sign(fold_compare(a, b)), reference(a, b)) << a << " vs " << b;
  }
}

}  // namespace
}  // namespace relctl::rules
