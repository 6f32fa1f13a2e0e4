// relctl::discard: destroys by default (tests, fuzzers, benchmarks); keeps
// until the process ends only once the binary has asked for it.
#include "relctl/util/keep.hpp"

#include <utility>

#include <gtest/gtest.h>

namespace relctl {
namespace {

struct Counted {
  explicit Counted(int* n) : destroyed(n) {}
  Counted(Counted&& o) noexcept : destroyed(std::exchange(o.destroyed, nullptr)) {}
  Counted(const Counted&) = delete;
  Counted& operator=(const Counted&) = delete;
  Counted& operator=(Counted&&) = delete;
  ~Counted() {
    if (destroyed != nullptr) ++*destroyed;
  }
  int* destroyed;
};

TEST(Keep, DiscardDestroysUnlessKeepingIsOn) {
  ASSERT_FALSE(keeps_discarded_values());
  int destroyed = 0;
  discard(Counted(&destroyed));
  EXPECT_EQ(destroyed, 1);
  keep_discarded_values(true);
  discard(Counted(&destroyed));
  EXPECT_EQ(destroyed, 1);  // kept: never destroyed
  keep_discarded_values(false);
  Counted local(&destroyed);
  discard(std::move(local));
  EXPECT_EQ(destroyed, 2);
}

}  // namespace
}  // namespace relctl
