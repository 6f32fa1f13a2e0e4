#include "relctl/util/clock.hpp"

#include <gtest/gtest.h>

namespace relctl {
namespace {

TEST(Clock, ParsesRfc3339) {
  const auto t = parse_rfc3339("2026-04-10T21:46:02Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "2026-04-10T21:46:02Z");
  const auto off = parse_rfc3339("2026-04-10T23:46:02+02:00");
  ASSERT_TRUE(off);
  EXPECT_EQ(*off, *t);
  const auto frac = parse_rfc3339("2026-04-10T21:46:02.5Z");
  ASSERT_TRUE(frac);
  EXPECT_EQ((*frac - *t).count(), 500000);
}

TEST(Clock, RefusesMalformedAndImpossibleValues) {
  for (const char* bad : {"", "2026-04-10", "2026-04-10T21:46:02", "2026-13-10T00:00:00Z",
                          "2026-02-30T00:00:00Z", "2026-04-10T24:00:00Z", "2026-04-10T21:46:60Z",
                          "2026-04-10T21:46:02+24:00", "2026-04-10T21:46:02Zjunk"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

TEST(Clock, FixedClockIsFixed) {
  const auto t = *parse_rfc3339("2026-11-22T12:00:00Z");
  EXPECT_EQ(Clock::fixed(t).now(), t);
}

}  // namespace
}  // namespace relctl
