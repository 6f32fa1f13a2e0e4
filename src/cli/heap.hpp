#pragma once
// Process start-up for a short run (src/cli/heap.cpp, which also replaces
// the global operator new and delete of the relctl binary).

namespace relctl::cli {

// Maps the binary's read-only segments up front: one system call instead of
// a page fault per 64 KB of code first touched.
void prefault_image();

}  // namespace relctl::cli
