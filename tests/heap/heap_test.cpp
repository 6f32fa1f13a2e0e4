// src/cli/heap.cpp, relctl's allocator, linked into this test binary as it
// is into relctl: every allocation here, the test framework's included,
// goes through it. Built only where relctl uses it (not under the
// sanitizers, which bring their own).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <new>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "cli/heap.hpp"

namespace {

std::uintptr_t at(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

TEST(Heap, AFreedLargeBlockIsCarvedAgainFrontFirst) {
  void* a = ::operator new(100000);
  const auto a_at = at(a);
  // Carved after `a` (no freed block is that large), so `a` is no longer the
  // last block carved and goes to the freed spans.
  void* keep = ::operator new(600000);
  ::operator delete(a, 100000);
  void* c = ::operator new(40000);
  void* d = ::operator new(50000);
  const bool c_at_front = at(c) == a_at;
  const bool d_next = at(d) == a_at + 40000;
  ::operator delete(d, 50000);
  ::operator delete(c, 40000);
  ::operator delete(keep, 600000);
  EXPECT_TRUE(c_at_front);
  EXPECT_TRUE(d_next);
}

TEST(Heap, TheLastBlockCarvedIsTakenBackWhole) {
  // Larger than any freed span here: carved from the untouched rest.
  void* a = ::operator new(700000);
  const auto a_at = at(a);
  ::operator delete(a, 700000);
  void* b = ::operator new(800000);  // larger still: fits only where `a` began
  const bool same = at(b) == a_at;
  ::operator delete(b, 800000);
  EXPECT_TRUE(same);
}

// Random allocations and sized frees of every kind of block (small classes,
// freed spans, carved memory, blocks for malloc): live blocks never overlap
// and keep what was written into them.
TEST(Heap, LiveBlocksNeverOverlapAndKeepTheirBytes) {
  struct Block {
    std::size_t size;
    unsigned char fill;
  };
  std::map<std::uintptr_t, Block> live;
  std::vector<std::uintptr_t> order;
  std::mt19937 rng(8);
  auto check = [](std::uintptr_t p, const Block& b) {
    const auto* c = reinterpret_cast<const unsigned char*>(p);
    for (std::size_t k = 0; k < b.size; k += 61) {
      if (c[k] != b.fill) return false;
    }
    return c[b.size - 1] == b.fill;
  };
  for (int step = 0; step < 20000; ++step) {
    if (!order.empty() && rng() % 5 < 2) {
      const std::size_t i = rng() % order.size();
      const std::uintptr_t p = order[i];
      order[i] = order.back();
      order.pop_back();
      const Block b = live.at(p);
      ASSERT_TRUE(check(p, b)) << "step " << step;
      live.erase(p);
      ::operator delete(reinterpret_cast<void*>(p), b.size);
      continue;
    }
    const unsigned kind = rng() % 100;
    const std::size_t size = kind < 70   ? 1 + rng() % 512
                             : kind < 97 ? 513 + rng() % 200000
                                         : (std::size_t{1} << 20) + rng() % 3000000;
    const auto p = at(::operator new(size));
    auto next = live.lower_bound(p);
    if (next != live.end()) {
      ASSERT_LE(p + size, next->first) << "step " << step;
    }
    if (next != live.begin()) {
      const auto prev = std::prev(next);
      ASSERT_LE(prev->first + prev->second.size, p) << "step " << step;
    }
    const auto fill = static_cast<unsigned char>(rng());
    std::memset(reinterpret_cast<void*>(p), fill, size);
    live.emplace(p, Block{size, fill});
    order.push_back(p);
  }
  for (const auto& [p, b] : live) {
    EXPECT_TRUE(check(p, b));
    ::operator delete(reinterpret_cast<void*>(p), b.size);
  }
}

}  // namespace
