#pragma once

namespace relctl::cli {

// Prepares the C heap for one short run (src/cli/heap.cpp).
void prepare_heap();

}  // namespace relctl::cli
