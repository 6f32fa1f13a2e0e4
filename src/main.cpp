#include "cli/app.hpp"
#include "cli/heap.hpp"

int main(int argc, char** argv) {
  relctl::cli::prepare_heap();
  return relctl::cli::run(argc, argv);
}
