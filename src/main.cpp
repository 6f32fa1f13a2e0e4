#include "cli/app.hpp"
#include "cli/heap.hpp"
#include "relctl/util/memory.hpp"

int main(int argc, char** argv) {
  relctl::cli::prefault_image();
  relctl::memory::set_transient_hook(&relctl::cli::transient);
  return relctl::cli::run(argc, argv);
}
