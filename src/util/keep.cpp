#include "relctl/util/keep.hpp"

#include <vector>

namespace relctl {
namespace {

bool keeping = false;

}  // namespace

void keep_discarded_values(bool on) { keeping = on; }

bool keeps_discarded_values() { return keeping; }

void keep_until_exit(std::shared_ptr<const void> value) {
  // Never freed: keeping is on only in a process that ends with _Exit.
  static auto* kept = new std::vector<std::shared_ptr<const void>>();
  kept->push_back(std::move(value));
}

}  // namespace relctl
