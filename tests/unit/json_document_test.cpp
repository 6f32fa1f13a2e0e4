#include "relctl/load/json_document.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"

namespace relctl {
namespace {

LoadError parse_error(const std::string& text) {
  try {
    (void)JsonDocument::parse(text, "f.json");
  } catch (const LoadError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a LoadError for: " << text.substr(0, 60);
  return LoadError("", "");
}

TEST(JsonDocument, ParsesAndKeepsKeyOrder) {
  auto doc = JsonDocument::parse(R"({"b": 1, "a": [true, null, "x"], "c": {"z": 1.5}})", "f.json");
  std::string keys;
  for (auto it = doc.root().begin(); it != doc.root().end(); ++it) keys += it.key();
  EXPECT_EQ(keys, "bac");
  EXPECT_EQ(doc.root()["a"][2], "x");
  EXPECT_DOUBLE_EQ(doc.root()["c"]["z"].get<double>(), 1.5);
}

TEST(JsonDocument, LocatesValuesByPath) {
  const std::string text =
      "{\n  \"lanes\": [\n    {\"id\": \"L1\"},\n    {\"id\": \"L2\"}\n  ]\n}\n";
  auto doc = JsonDocument::parse(text, "s.json");
  EXPECT_EQ(doc.locate(JsonPath{"lanes", std::size_t{1}, "id"}).str(), "4:12");
  EXPECT_EQ(doc.locate(JsonPath{"lanes", std::size_t{0}}).str(), "3:5");
  EXPECT_EQ(doc.locate(JsonPath{}).str(), "1:1");
  // A path that does not exist points at its deepest existing ancestor.
  EXPECT_EQ(doc.locate(JsonPath{"lanes", std::size_t{9}}).str(), "2:12");
}

TEST(JsonDocument, ColumnsCountCodePoints) {
  auto doc = JsonDocument::parse("{\"é\": \"ü\", \"k\": 1}", "f.json");
  EXPECT_EQ(doc.locate(JsonPath{"k"}).str(), "1:17");
}

TEST(JsonDocument, DuplicateKeyKeepsLastValueAtFirstPosition) {
  auto doc = JsonDocument::parse(R"({"a": 1, "b": 2, "a": 3})", "f.json");
  ASSERT_EQ(doc.root().size(), 2u);
  EXPECT_EQ(doc.root().begin().key(), "a");
  EXPECT_EQ(doc.root()["a"], 3);
  EXPECT_EQ(doc.locate(JsonPath{"a"}).str(), "1:23");
}

TEST(JsonDocument, DuplicateKeysInLargeObjects) {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
  text += "\"k3\": 99}";
  auto doc = JsonDocument::parse(text, "f.json");
  EXPECT_EQ(doc.root().size(), 40u);
  EXPECT_EQ(doc.root()["k3"], 99);
}

TEST(JsonDocument, AcceptsPythonNonFiniteLiterals) {
  auto doc = JsonDocument::parse("[NaN, Infinity, -Infinity, 1e999, -1e999, 1e-999]", "f.json");
  EXPECT_TRUE(std::isnan(doc.root()[0].get<double>()));
  EXPECT_TRUE(std::isinf(doc.root()[1].get<double>()));
  EXPECT_LT(doc.root()[2].get<double>(), 0);
  EXPECT_TRUE(std::isinf(doc.root()[3].get<double>()));
  EXPECT_TRUE(std::isinf(doc.root()[4].get<double>()));
  EXPECT_EQ(doc.root()[5].get<double>(), 0.0);
}

TEST(JsonDocument, Numbers) {
  auto doc = JsonDocument::parse(
      "[0, -7, 9.0, 18446744073709551615, 1E2, 123456789012345678901234]", "f.json");
  EXPECT_TRUE(doc.root()[0].is_number_integer());
  EXPECT_EQ(doc.root()[1], -7);
  EXPECT_TRUE(doc.root()[2].is_number_float());
  EXPECT_TRUE(doc.root()[3].is_number_unsigned());
  EXPECT_DOUBLE_EQ(doc.root()[4].get<double>(), 100.0);
  EXPECT_TRUE(doc.root()[5].is_number_float());
}

TEST(JsonDocument, StringEscapes) {
  auto doc = JsonDocument::parse(R"(["a\"b\\c\/\n\t", "\u00e9\ud83d\ude00", "\ud800x"])", "f.json");
  EXPECT_EQ(doc.root()[0], "a\"b\\c/\n\t");
  EXPECT_EQ(doc.root()[1], "\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(doc.root()[2], "\xef\xbf\xbdx");  // lone surrogate -> U+FFFD
}

TEST(JsonDocument, RefusesEmptyFile) {
  auto e = parse_error("");
  EXPECT_NE(e.message().find("empty"), std::string::npos);
  auto ws = parse_error("  \n ");
  EXPECT_EQ(ws.pos().str(), "2:2");
}

TEST(JsonDocument, RefusesBom) {
  auto e = parse_error("\xEF\xBB\xBF{}");
  EXPECT_NE(e.message().find("byte order mark"), std::string::npos);
  EXPECT_EQ(e.pos().str(), "1:1");
}

TEST(JsonDocument, RefusesInvalidUtf8WithPosition) {
  auto e = parse_error("{\n \"a\": \"x\xff\"}");
  EXPECT_NE(e.message().find("invalid UTF-8"), std::string::npos);
  EXPECT_EQ(e.pos().str(), "2:9");
  // Overlong encoding and encoded surrogate.
  parse_error("\"\xc0\xaf\"");
  parse_error("\"\xed\xa0\x80\"");
}

TEST(JsonDocument, MalformedInputsNameLineAndColumn) {
  auto e = parse_error("{\n  \"a\": 1,\n  \"b\" 2\n}");
  EXPECT_EQ(e.pos().str(), "3:7");
  EXPECT_NE(e.message().find("expected ':'"), std::string::npos);
  EXPECT_EQ(parse_error("[1, 2").pos().str(), "1:6");
  EXPECT_EQ(parse_error("[1,]").pos().str(), "1:4");
  EXPECT_EQ(parse_error("{\"a\": tru}").pos().str(), "1:7");
  EXPECT_EQ(parse_error("{} x").pos().str(), "1:4");
  EXPECT_EQ(parse_error("\"abc").pos().str(), "1:1");
  EXPECT_EQ(parse_error("[\"a\tb\"]").pos().str(), "1:4");
  EXPECT_EQ(parse_error("[01]").pos().str(), "1:3");
  EXPECT_EQ(parse_error("[1.]").pos().str(), "1:4");
  EXPECT_EQ(parse_error("[\"\\x\"]").pos().str(), "1:3");
  EXPECT_EQ(parse_error("{\"a\":1,}").pos().str(), "1:8");
}

TEST(JsonDocument, RefusesDeepNestingWithoutCrashing) {
  const std::string deep(100000, '[');
  auto e = parse_error(deep);
  EXPECT_NE(e.message().find("nesting"), std::string::npos);
  std::string ok(JsonDocument::kMaxDepth, '[');
  ok += std::string(JsonDocument::kMaxDepth, ']');
  EXPECT_NO_THROW((void)JsonDocument::parse(ok, "f.json"));
}

TEST(JsonDocument, CarriageReturnsEndLines) {
  EXPECT_EQ(parse_error("{\r\n\"a\": x}").pos().str(), "2:6");
  EXPECT_EQ(parse_error("{\r\"a\": x}").pos().str(), "2:6");
}

TEST(JsonPathTest, RendersLikeTheReference) {
  EXPECT_EQ((JsonPath{"lanes", std::size_t{3}, "evidence", std::size_t{0}}).str(),
            "lanes[3].evidence[0]");
  EXPECT_EQ(JsonPath{}.str(), "$");
  EXPECT_EQ((JsonPath{"scope", "a b"}).str(), "scope[\"a b\"]");
  EXPECT_EQ((JsonPath{"a/b", "c~d", std::size_t{2}}).pointer(), "/a~1b/c~0d/2");
}

}  // namespace
}  // namespace relctl
