// relctl's small-object allocator: the global operator new/delete of the
// relctl binary and of tests/heap, which checks it (not of the engine
// library, the other tests or sanitizer builds).
//
// An audit makes about 300,000 allocations, nearly all small (JSON nodes,
// strings, model records), and frees only a quarter of them before the
// process ends. glibc's malloc spent about a third of the run's instructions
// on them, and the heap's 4 KB pages cost a trap into the kernel each on
// first touch (about 12 us apiece under virtualisation). Here every block is
// carved from one reserved region, backed by transparent huge pages, by
// bumping a pointer; a freed small block (up to 512 bytes) goes to a free
// list of its size class for reuse, and a freed larger one to a list of
// spans that later blocks, small or large, are carved from before the
// pointer moves on (the parsed documents dropped before the report is
// built become the report's memory), so peak memory stays close to what
// the program keeps alive. Over-aligned blocks, blocks of 1 MB and more,
// blocks of other threads and everything after the region is exhausted go
// to malloc (blocks of 4 MB and more with their inside offered to huge
// pages); a delete tells the two apart by address. docs/performance.md
// has the measurements.
#include <link.h>
#include <sys/mman.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "cli/heap.hpp"

#if !defined(RELCTL_SANITIZED)

namespace {

constexpr std::size_t kGrain = 16;
constexpr std::size_t kSmallMax = 512;
constexpr std::size_t kClasses = kSmallMax / kGrain + 1;
// Address space, not memory: pages are backed when first touched.
constexpr std::size_t kRegion = std::size_t{1} << 30;

struct FreeBlock {
  FreeBlock* next;
};
// A freed block larger than kSmallMax, in the region.
struct FreeSpan {
  FreeSpan* next;
  std::size_t size;
};

// A reserved stretch of address space, carved from the front by bumping a
// pointer; memory is backed when first touched, in huge pages.
struct Region {
  char* base = nullptr;
  char* cur = nullptr;
  char* end = nullptr;

  bool reserve() {
    void* p = ::mmap(nullptr, kRegion, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return false;
    ::madvise(p, kRegion, MADV_HUGEPAGE);
    base = static_cast<char*>(p);
    cur = base;
    end = base + kRegion;
    return true;
  }
  [[nodiscard]] bool contains(const void* p) const {
    const auto* c = static_cast<const char*>(p);
    return base != nullptr && c >= base && c < end;
  }
  // `size` bytes (a multiple of kGrain), or nullptr when the rest is smaller.
  void* carve(std::size_t size) {
    if (static_cast<std::size_t>(end - cur) < size) return nullptr;
    void* p = cur;
    cur += size;
    return p;
  }
};

// Requests rounded up to whole grains.
std::size_t rounded(std::size_t n) { return (n == 0 ? 1 : (n + kGrain - 1) / kGrain) * kGrain; }

Region g_main;
FreeBlock* g_free[kClasses] = {};
FreeSpan* g_spans = nullptr;

std::atomic<bool> g_claimed{false};
// 0: not decided yet, 1: the thread that owns the region, 2: any other.
thread_local int t_role = 0;

bool owner_thread() {
  if (t_role == 0) {
    const bool first = !g_claimed.exchange(true);
    t_role = first ? 1 : 2;
    if (first) g_main.reserve();
  }
  return t_role == 1;
}

// Blocks from this size on go to malloc, which maps each one on its own
// and unmaps it when it is freed: file texts, big vectors and the output
// buffer grow by doubling, and the region could reuse none of the blocks
// left behind (at x100 scale that was 120 MB of a 730 MB peak).
constexpr std::size_t kLargeMin = std::size_t{1} << 20;

// malloc maps such blocks with small pages, one fault (and one trap into
// the hypervisor) per 4 KB touched: at x100 scale that was 40,000 faults.
// The 2 MB-aligned inside of a block this large is offered to transparent
// huge pages before anything touches it (THP is "madvise" on Debian).
constexpr std::size_t kHuge = std::size_t{2} << 20;
constexpr std::size_t kHugeMin = 2 * kHuge;

void advise_huge(void* p, std::size_t n) {
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + n) & ~(kHuge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

// Gives back a freed stretch of the region: a small one to its size
// class, a larger one to the spans.
void give_back(void* p, std::size_t size) {
  if (size <= kSmallMax) {
    auto* b = static_cast<FreeBlock*>(p);
    b->next = g_free[size / kGrain];
    g_free[size / kGrain] = b;
    return;
  }
  auto* s = static_cast<FreeSpan*>(p);
  s->next = g_spans;
  s->size = size;
  g_spans = s;
}

// How many spans an allocation looks at before it carves new memory.
constexpr int kSpanSearch = 16;

// `size` bytes from the front of a freed span, the rest given back;
// nullptr when none of the first spans is large enough.
void* from_spans(std::size_t size) {
  FreeSpan** at = &g_spans;
  for (int k = 0; *at != nullptr && k < kSpanSearch; ++k, at = &(*at)->next) {
    FreeSpan* s = *at;
    if (s->size < size) continue;
    *at = s->next;
    if (s->size > size) give_back(reinterpret_cast<char*>(s) + size, s->size - size);
    return s;
  }
  return nullptr;
}

void* allocate(std::size_t n) {
  if (n < kLargeMin && owner_thread()) {
    const std::size_t size = rounded(n);
    if (n <= kSmallMax) {
      if (FreeBlock* b = g_free[size / kGrain]) {
        g_free[size / kGrain] = b->next;
        return b;
      }
    }
    if (void* p = from_spans(size)) return p;
    if (void* p = g_main.carve(size)) return p;
  }
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  if (n >= kHugeMin) advise_huge(p, n);
  return p;
}

void release(void* p, std::size_t n) noexcept {
  if (p == nullptr) return;
  if (!g_main.contains(p)) {
    std::free(p);
    return;
  }
  // A block of unknown size, or freed by another thread, is simply not
  // reused: it lives until the process ends, like everything else here.
  if (n == 0 || t_role != 1) return;
  const std::size_t size = rounded(n);
  // The last block carved (a buffer grown and released in turn) goes back
  // to the untouched rest of the region.
  if (n > kSmallMax && static_cast<char*>(p) + size == g_main.cur) {
    g_main.cur = static_cast<char*>(p);
    return;
  }
  give_back(p, size);
}

}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { release(p, 0); }
void operator delete[](void* p) noexcept { release(p, 0); }
void operator delete(void* p, std::size_t n) noexcept { release(p, n); }
void operator delete[](void* p, std::size_t n) noexcept { release(p, n); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p, 0); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p, 0); }

#endif  // !RELCTL_SANITIZED

namespace relctl::cli {

void prefault_image() {
#ifdef MADV_POPULATE_READ
  // Map the binary's read-only segments (code, constants, unwind tables) in
  // one call instead of a page fault per 64 KB touched.
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void*) -> int {
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const auto& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_LOAD || (ph.p_flags & PF_W) != 0) continue;
          const auto start = (info->dlpi_addr + ph.p_vaddr) & ~std::uintptr_t{4095};
          const auto end = info->dlpi_addr + ph.p_vaddr + ph.p_memsz;
          ::madvise(reinterpret_cast<void*>(start), end - start, MADV_POPULATE_READ);
        }
        return 1;  // the executable comes first; nothing else is loaded
      },
      nullptr);
#endif
}

}  // namespace relctl::cli
