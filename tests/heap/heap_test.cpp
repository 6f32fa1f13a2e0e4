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

// One block carved in a transient stretch of its own.
void* new_transient(std::size_t n) {
  relctl::cli::transient(true);
  void* p = ::operator new(n);
  relctl::cli::transient(false);
  return p;
}

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

// relctl::memory::TransientScope's side in the allocator: blocks carved in a
// transient stretch; their memory goes back, and the region starts over,
// once the stretch is closed and the last of them is freed.
TEST(Heap, ATransientRegionStartsOverOnceAllItsBlocksAreFreed) {
  relctl::cli::transient(true);
  void* a = ::operator new(48);
  void* b = ::operator new(5000);
  relctl::cli::transient(false);
  const auto a_at = at(a);
  std::memset(a, 0x5a, 48);
  ::operator delete(b, 5000);
  ::operator delete(a, 48);  // the last one: the region starts over
  void* c = new_transient(64);
  const bool over = at(c) == a_at;
  ::operator delete(c, 64);
  EXPECT_TRUE(over);
}

TEST(Heap, ATransientBlockThatOutlivesItsStretchKeepsItsBytes) {
  relctl::cli::transient(true);
  auto* kept = static_cast<unsigned char*>(::operator new(4096));
  void* gone = ::operator new(4096);
  relctl::cli::transient(false);
  std::memset(kept, 0xa5, 4096);
  ::operator delete(gone, 4096);  // `kept` is still alive: nothing goes back
  auto* next = static_cast<unsigned char*>(new_transient(4096));
  std::memset(next, 0x00, 4096);
  bool intact = true;
  for (std::size_t k = 0; k < 4096; ++k) intact = intact && kept[k] == 0xa5;
  const bool apart = next + 4096 <= kept || kept + 4096 <= next;
  ::operator delete(next, 4096);
  ::operator delete(kept, 4096);
  EXPECT_TRUE(intact);
  EXPECT_TRUE(apart);
}

TEST(Heap, BlocksOutsideATransientStretchAreOrdinary) {
  void* t = new_transient(32);
  const auto t_at = at(t);
  void* o = ::operator new(32);  // from the main region, which lives on
  ::operator delete(t, 32);      // the transient region starts over
  std::memset(o, 0x11, 32);
  auto* u = static_cast<unsigned char*>(new_transient(32));
  std::memset(u, 0x22, 32);
  const bool o_intact = static_cast<unsigned char*>(o)[31] == 0x11;
  const bool u_is_t = at(u) == t_at;
  ::operator delete(u, 32);
  ::operator delete(o, 32);
  EXPECT_TRUE(o_intact);
  EXPECT_TRUE(u_is_t);
}

TEST(Heap, ATransientStretchWhoseBlocksAreAllFreedStartsOverWhenClosed) {
  relctl::cli::transient(true);
  void* x = ::operator new(80);
  const auto x_at = at(x);
  ::operator delete(x, 80);  // still open: nothing goes back yet
  void* y = ::operator new(80);
  const bool y_after = at(y) == x_at + 80;
  ::operator delete(y, 80);
  relctl::cli::transient(false);  // closed with no block alive
  void* z = new_transient(80);
  const bool z_over = at(z) == x_at;
  ::operator delete(z, 80);
  EXPECT_TRUE(y_after);
  EXPECT_TRUE(z_over);
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
    if (rng() % 500 == 0) relctl::cli::transient(rng() % 2 == 0);
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
  relctl::cli::transient(false);
  for (const auto& [p, b] : live) {
    EXPECT_TRUE(check(p, b));
    ::operator delete(reinterpret_cast<void*>(p), b.size);
  }
}

}  // namespace
