#include <gtest/gtest.h>

#include "cli_harness.hpp"

namespace relctl::test {
namespace {

TEST(Cli, HelpExitsZero) {
  auto r = run_relctl({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("relctl"), std::string::npos);
}

TEST(Cli, UnknownOptionIsUsageError) {
  auto r = run_relctl({"--no-such-flag"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace relctl::test
