#include "cli/app.hpp"
#include "cli/heap.hpp"

int main(int argc, char** argv) {
  relctl::cli::prefault_image();
  return relctl::cli::run(argc, argv);
}
