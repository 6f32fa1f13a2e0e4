#include "relctl/util/text.hpp"

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

}  // namespace
}  // namespace relctl::text
