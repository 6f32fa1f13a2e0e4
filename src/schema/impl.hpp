#pragma once
// What a compiled Schema holds, shared by schema.cpp (compile) and
// validate.cpp (the checks). Private to src/schema/.
#include <cstddef>
#include <functional>
#include <map>
#include <string>

#include <valijson/schema.hpp>

#include "relctl/schema/regex.hpp"
#include "relctl/schema/schema.hpp"

namespace relctl::schema {

using PatternTable = std::map<std::string, Regex, std::less<>>;

struct Schema::Impl {
  Json draft7;                // the translated schema valijson parsed
  valijson::Schema compiled;  // valijson's constraint tree
  PatternTable patterns;      // every pattern, compiled once
};

namespace detail {

// Stack for compiling and validating: valijson recurses for every level of
// the schema and of the instance (a few KB a level). The memory is reserved,
// and only touched as deep as the recursion goes.
constexpr std::size_t kBaseStack = std::size_t{256} << 20;

// Runs `fn` on a thread with a stack of `bytes` (less if the system refuses
// that much) and rethrows what it throws.
void run_with_stack(std::size_t bytes, const std::function<void()>& fn);

}  // namespace detail
}  // namespace relctl::schema
