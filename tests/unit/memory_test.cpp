// util/memory: the scope tells the allocator's hook where a transient
// stretch begins and ends, and does nothing without a hook.
#include "relctl/util/memory.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace relctl::memory {
namespace {

std::vector<bool> g_calls;

TEST(TransientScope, TellsTheHookWhereTheStretchBeginsAndEnds) {
  g_calls.clear();
  set_transient_hook([](bool begin) { g_calls.push_back(begin); });
  {
    const TransientScope scope;
    EXPECT_EQ(g_calls, std::vector<bool>({true}));
  }
  set_transient_hook(nullptr);
  EXPECT_EQ(g_calls, std::vector<bool>({true, false}));
}

TEST(TransientScope, DoesNothingWithoutAHook) {
  g_calls.clear();
  set_transient_hook(nullptr);
  { const TransientScope scope; }
  EXPECT_TRUE(g_calls.empty());
}

}  // namespace
}  // namespace relctl::memory
