// relctl is a short-lived process that builds a few MB of small objects and
// exits. Measured on the newest corpus snapshot, half of an audit's time went
// to page faults: the heap grew 4 KB at a time, and each first touch of a page
// is a trap into the kernel (expensive under virtualisation). So the heap is
// reserved in one step and marked for transparent huge pages, which turns
// about 3,000 faults into about 100 (docs/performance.md).
//
// Nothing here changes behaviour: where THP is disabled, madvise is a no-op,
// and the reservation is address space, not memory, until it is touched.
#include "cli/heap.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__) && !defined(RELCTL_SANITIZED)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace relctl::cli {

void prepare_heap() {
#if defined(__GLIBC__) && !defined(RELCTL_SANITIZED)
  constexpr std::size_t kReserve = std::size_t{48} << 20;
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  // Grow the heap in large steps, never give memory back during the run, and
  // keep big blocks (a large file's text) on the heap too.
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  // One large block moves the top of the heap up; freeing it leaves the whole
  // range to later allocations.
  void* block = std::malloc(kReserve);
  if (block == nullptr) return;
  auto begin = reinterpret_cast<std::uintptr_t>(block);
  const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
  begin = (begin + kHugePage - 1) & ~(kHugePage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  std::free(block);
#endif
}

}  // namespace relctl::cli
