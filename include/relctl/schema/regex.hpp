#pragma once
// The regular expressions of JSON Schema's `pattern` and `patternProperties`.
//
// JSON Schema patterns are ECMA-262 regular expressions, searched (not
// anchored) in the string. We do not use std::regex: libstdc++ matches by
// recursive backtracking, one stack frame per character (a 1 MB string
// overflows any normal stack) and exponential time on patterns like `a*a*b`.
// This engine compiles the pattern to a small NFA program and simulates it
// (Thompson/Pike): time is linear in the string for a given pattern, memory
// is bounded by the program, nothing recurses on the input.
//
// It reads the string as Unicode code points (`.` and `[^a]` match one code
// point, like ECMA-262's `u` mode) and supports what schemas use: literals
// and escapes, `.`, classes with ranges and \d \w \s (and negations), `^` `$`
// `\b` `\B`, groups (capturing, non-capturing, named: all just groups),
// alternation, and the quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy:
// the same thing when the only question is "is there a match").
// Backreferences, lookahead/lookbehind and \p{...} property escapes are
// refused at compile time with a RegexError, never half-supported.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace relctl::schema {

class RegexError : public std::runtime_error {
 public:
  // `unsupported`: valid ECMA-262 that this engine does not implement (as
  // opposed to a pattern that is not a regular expression at all).
  explicit RegexError(const std::string& what, bool unsupported = false)
      : std::runtime_error(what), unsupported_(unsupported) {}
  [[nodiscard]] bool unsupported() const { return unsupported_; }

 private:
  bool unsupported_;
};

class Regex {
 public:
  // Throws RegexError naming what is wrong or not supported.
  static Regex compile(std::string_view pattern);

  // ECMA-262 RegExp.prototype.test: is there a match anywhere in `text`?
  // `text` is UTF-8; a byte that is not valid UTF-8 reads as U+FFFD.
  [[nodiscard]] bool search(std::string_view text) const;

  [[nodiscard]] const std::string& pattern() const { return pattern_; }

  struct Inst {
    enum Op : std::uint8_t { kSet, kSplit, kJmp, kBegin, kEnd, kWordB, kNotWordB, kMatch };
    Op op = kMatch;
    std::uint32_t x = 0;  // kSet: set index; kSplit/kJmp: target
    std::uint32_t y = 0;  // kSplit: second target
  };
  struct Range {
    char32_t lo, hi;
  };

 private:
  std::string pattern_;
  std::vector<Inst> prog_;
  std::vector<std::vector<Range>> sets_;  // sorted, disjoint ranges
};

}  // namespace relctl::schema
