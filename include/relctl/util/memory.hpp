#pragma once
// Telling the allocator about a stretch of allocations that all die soon.
//
// The schema validator reads an nlohmann tree of the document it checks,
// built for it and dropped right after (about 80 MB for a x100 status.json).
// Freed into relctl's allocator, that memory stayed in its size-class free
// lists and the later stages, which allocate other sizes, could use little
// of it. Inside a TransientScope the allocator may serve blocks from memory
// it gives back to the system once the last of them is freed
// (src/cli/heap.cpp). A block that outlives the scope is still a valid
// block; its memory is then simply not given back. Outside the relctl
// binary (tests, benchmarks) no hook is set and the scope does nothing.
namespace relctl::memory {

using TransientHook = void (*)(bool begin);

// Set once, at start-up, by the binary that owns the allocator.
void set_transient_hook(TransientHook hook);

// Not nested: the allocator knows one stretch at a time.
class TransientScope {
 public:
  TransientScope();
  ~TransientScope();
  TransientScope(const TransientScope&) = delete;
  TransientScope& operator=(const TransientScope&) = delete;
};

}  // namespace relctl::memory
