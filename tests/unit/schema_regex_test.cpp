// relctl's pattern engine: ECMA-262 search semantics, code points, refusals.
#include "relctl/schema/regex.hpp"

#include <string>

#include <gtest/gtest.h>

namespace relctl::schema {
namespace {

bool search(const std::string& pattern, const std::string& text) {
  return Regex::compile(pattern).search(text);
}

TEST(SchemaRegex, SearchesAnywhereUnlessAnchored) {
  EXPECT_TRUE(search("b", "abc"));
  EXPECT_FALSE(search("^b", "abc"));
  EXPECT_TRUE(search("c$", "abc"));
  EXPECT_FALSE(search("b$", "abc"));
  EXPECT_TRUE(search("", ""));
  EXPECT_TRUE(search("^$", ""));
  EXPECT_FALSE(search("^$", "a"));
}

TEST(SchemaRegex, ClassesAndEscapes) {
  EXPECT_TRUE(search("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "2026-08-22"));
  EXPECT_FALSE(search("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "2026-8-22"));
  EXPECT_TRUE(search("^L[0-9]+$", "L12"));
  EXPECT_FALSE(search("^L[0-9]+$", "L"));
  EXPECT_TRUE(search("^[^/]+$", "abc"));
  EXPECT_FALSE(search("^[^/]+$", "a/c"));
  EXPECT_TRUE(search(R"(^\d+\.\d+$)", "6.0"));
  EXPECT_FALSE(search(R"(^\d+\.\d+$)", "6x0"));
  EXPECT_TRUE(search(R"(^\w+\s\W$)", "ab_1 !"));
  EXPECT_TRUE(search(R"([\d-z])", "-"));  // '-' next to a class escape is literal
  EXPECT_TRUE(search(R"(^\u00e9$)", "\xc3\xa9"));
  EXPECT_TRUE(search(R"(^\x41\t$)", "A\t"));
  EXPECT_TRUE(search(R"(\bfoo\b)", "a foo b"));
  EXPECT_FALSE(search(R"(\bfoo\b)", "afoob"));
  EXPECT_TRUE(search("a{2}", "xaax"));
  EXPECT_FALSE(search("^a{2,3}$", "aaaa"));
  EXPECT_TRUE(search("^a{2,}$", "aaaa"));
  EXPECT_TRUE(search("x{", "x{"));  // not a quantifier: a literal brace
}

TEST(SchemaRegex, GroupsAndAlternation) {
  EXPECT_TRUE(search("^(ab|cd)+$", "abcdab"));
  EXPECT_FALSE(search("^(ab|cd)+$", "abc"));
  EXPECT_TRUE(search("^(?:a|b)?c$", "c"));
  EXPECT_TRUE(search("^(?<year>[0-9]{4})$", "2026"));
  EXPECT_TRUE(search("^(a*)*$", "aaa"));  // empty loops terminate
}

TEST(SchemaRegex, DotMatchesOneCodePointButNotALineEnd) {
  EXPECT_TRUE(search("^.$", "\xf0\x9f\x98\x80"));  // U+1F600: four bytes, one code point
  EXPECT_FALSE(search("^..$", "\xf0\x9f\x98\x80"));
  EXPECT_FALSE(search("^.$", "\n"));
  EXPECT_TRUE(search("^[^a]$", "\xc3\xa9"));
}

TEST(SchemaRegex, RefusesWhatItDoesNotImplement) {
  for (const char* p : {"(?=a)", "(?!a)", "(?<=a)", "(?<!a)", R"((a)\1)", R"(\p{L})", R"(\k<n>)"}) {
    try {
      (void)Regex::compile(p);
      ADD_FAILURE() << p << " was accepted";
    } catch (const RegexError& e) {
      EXPECT_TRUE(e.unsupported()) << p << ": " << e.what();
    }
  }
}

TEST(SchemaRegex, RefusesInvalidPatterns) {
  for (const char* p : {"(a", "a)", "[a", "*a", "a{3,1}", "^*", R"(\)", "[z-a]", R"(\q)"}) {
    try {
      (void)Regex::compile(p);
      ADD_FAILURE() << p << " was accepted";
    } catch (const RegexError& e) {
      EXPECT_FALSE(e.unsupported()) << p << ": " << e.what();
    }
  }
}

TEST(SchemaRegex, LinearTimeWhereBacktrackingExplodes) {
  // std::regex takes exponential time here; the NFA simulation does not.
  const std::string text(5000, 'a');
  EXPECT_FALSE(search("^(a|a)*(a*)*b$", text));
  EXPECT_FALSE(search("a*a*a*a*a*b", text));
}

}  // namespace
}  // namespace relctl::schema
