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
  std::size_t depth = 0;      // nesting depth of the schema document
};

namespace detail {

// Stack for compiling and validating: valijson recurses for every level of
// the schema and of the instance (a few KB a level). The memory is reserved,
// and only touched as deep as the recursion goes.
constexpr std::size_t kBaseStack = std::size_t{256} << 20;

// A few KB of stack per level of nesting (schema and instance together).
constexpr std::size_t kStackPerLevel = std::size_t{64} << 10;
inline std::size_t stack_for(std::size_t levels) { return (levels + 16) * kStackPerLevel; }

// Nesting depth of a value (a scalar is 1), without recursion.
std::size_t depth_of(const JsonNode& root);

// Runs `fn` with at least `bytes` of stack: on this thread when that fits
// well inside its limit, else on a thread with a stack of kBaseStack or more
// (less if the system refuses that much). Rethrows what `fn` throws.
void run_with_stack(std::size_t bytes, const std::function<void()>& fn);

}  // namespace detail
}  // namespace relctl::schema
