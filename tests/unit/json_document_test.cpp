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
  const JsonNode& root = doc.root();
  ASSERT_NE(root.find("a"), nullptr);
  EXPECT_EQ((*root.find("a"))[2].str(), "x");
  EXPECT_TRUE((*root.find("a"))[1].is_null());
  EXPECT_TRUE((*root.find("a"))[0].boolean());
  EXPECT_DOUBLE_EQ(root.find("c")->find("z")->get<double>(), 1.5);
  EXPECT_EQ(root.find("missing"), nullptr);
  EXPECT_EQ(doc.json(), Json::parse(R"({"b": 1, "a": [true, null, "x"], "c": {"z": 1.5}})"));
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

// Positions on a one-line document of megabytes (a minified status.json)
// come from code-point marks every 4 KiB; they must equal a plain count
// from the line's start, on both sides of every mark, with multi-byte
// characters straddling the marks. (Counting from the line's start for
// every finding made a minified file with many findings quadratic: fuzzing
// finding, docs/guarantees.md.)
TEST(JsonDocument, ColumnsOnVeryLongLinesMatchAPlainCount) {
  std::string text = "[";
  for (int i = 0; i < 60000; ++i) text += (i % 3 == 0 ? "\"\u00e9\xc3\xa9\u20ac\", " : "1, ");
  text += "\n \"\xe2\x82\xac\", 2]";
  const auto doc = JsonDocument::parse(text, "f.json");
  const auto plain = [&](std::size_t off) {
    const std::size_t begin = text.rfind('\n', off == 0 ? 0 : off - 1);
    const std::size_t from = (begin == std::string::npos || begin >= off) ? 0 : begin + 1;
    std::uint32_t col = 1;
    for (std::size_t k = from; k < off; ++k) {
      if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) ++col;
    }
    return col;
  };
  for (std::size_t off :
       {std::size_t{0}, std::size_t{4095}, std::size_t{4096}, std::size_t{4097}, std::size_t{8191},
        std::size_t{123457}, text.size() - 20, text.size() - 1, text.size()}) {
    EXPECT_EQ(doc.pos_of_offset(off).col, plain(off)) << off;
  }
  for (std::size_t off = 1; off < text.size(); off += 997) {
    ASSERT_EQ(doc.pos_of_offset(off).col, plain(off)) << off;
  }
  EXPECT_EQ(doc.locate(JsonPath{std::size_t{60001}}).str(), "2:7");
}

TEST(JsonDocument, DuplicateKeyKeepsLastValueAtFirstPosition) {
  auto doc = JsonDocument::parse(R"({"a": 1, "b": 2, "a": 3})", "f.json");
  ASSERT_EQ(doc.root().size(), 2u);
  EXPECT_EQ(doc.root().begin().key(), "a");
  EXPECT_EQ(doc.root().find("a")->int64(), 3);
  EXPECT_EQ(doc.locate(JsonPath{"a"}).str(), "1:23");
}

TEST(JsonDocument, DuplicateKeysInLargeObjects) {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
  text += "\"k3\": 99}";
  auto doc = JsonDocument::parse(text, "f.json");
  EXPECT_EQ(doc.root().size(), 40u);
  EXPECT_EQ(doc.root().find("k3")->int64(), 99);
  EXPECT_EQ(doc.json()["k3"], 99);
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
  EXPECT_EQ(doc.root()[1].int64(), -7);
  EXPECT_EQ(doc.root()[3].uint64(), 18446744073709551615ULL);
  EXPECT_TRUE(doc.root()[2].is_number_float());
  EXPECT_TRUE(doc.root()[3].is_number_unsigned());
  EXPECT_DOUBLE_EQ(doc.root()[4].get<double>(), 100.0);
  EXPECT_TRUE(doc.root()[5].is_number_float());
}

TEST(JsonDocument, StringEscapes) {
  auto doc = JsonDocument::parse(R"(["a\"b\\c\/\n\t", "\u00e9\ud83d\ude00", "\ud800x"])", "f.json");
  EXPECT_EQ(doc.root()[0].str(), "a\"b\\c/\n\t");
  EXPECT_EQ(doc.root()[1].str(), "\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(doc.root()[2].str(), "\xef\xbf\xbdx");  // lone surrogate -> U+FFFD
}

// Strings without escapes are read where they are in the file's text.
TEST(JsonDocument, PlainStringsAreViewsIntoTheText) {
  const auto doc = JsonDocument::parse(R"({"key": "plain", "esc": "a\nb"})", "f.json");
  const std::string& text = doc.text();
  const std::string_view plain = doc.root().find("key")->str();
  EXPECT_GE(plain.data(), text.data());
  EXPECT_LT(plain.data(), text.data() + text.size());
  EXPECT_EQ(doc.root().members()[0].key.data(), text.data() + 2);
  const std::string_view esc = doc.root().find("esc")->str();
  EXPECT_EQ(esc, "a\nb");
  EXPECT_TRUE(esc.data() < text.data() || esc.data() >= text.data() + text.size());
}

// Nodes and the strings they view stay put when the document moves, also
// for a text short enough to live inside a std::string.
TEST(JsonDocument, NodesSurviveMovingTheDocument) {
  auto doc = JsonDocument::parse(R"(["ab"])", "f.json");
  const JsonNode* node = &doc.root()[0];
  std::vector<JsonDocument> docs;
  docs.push_back(std::move(doc));
  for (int i = 0; i < 8; ++i) docs.push_back(JsonDocument::parse("1", "g.json"));
  EXPECT_EQ(&docs[0].root()[0], node);
  EXPECT_EQ(node->str(), "ab");
  EXPECT_EQ(docs[0].entry_of(*node), 1u);
  EXPECT_EQ(docs[0].offset_of(*node), 1u);
}

// The tree handed to the editing code and the schema validator holds the
// same values.
TEST(JsonDocument, TreeMatchesTheNodes) {
  const std::string text =
      R"({"a": [1, -2, 3.5, 18446744073709551615, true, false, null, "s\u00e9"],
          "b": {}, "c": [], "a": {"x": NaN}})";
  const auto doc = JsonDocument::parse(text, "f.json");
  const Json& j = doc.json();
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j.begin().key(), "a");  // the first key's place, the last value
  EXPECT_TRUE(std::isnan(j["a"]["x"].get<double>()));
  EXPECT_EQ(j["b"], Json::object());
  EXPECT_EQ(j["c"], Json::array());
  const auto arr = JsonDocument::parse(text.substr(6, text.find(']') - 5), "g.json");
  EXPECT_EQ(arr.json(),
            Json::parse(R"([1, -2, 3.5, 18446744073709551615, true, false, null, "s\u00e9"])"));
  EXPECT_TRUE(arr.json()[3].is_number_unsigned());
  EXPECT_TRUE(arr.json()[1].is_number_integer());
  EXPECT_EQ(doc.root().find("a")->type_name(), std::string("object"));
  EXPECT_EQ(arr.root()[0].type_name(), std::string("number"));
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

// White space is skipped sixteen bytes at a time after a line break: runs
// of every length around that width, mixed with tabs and CR LF, must leave
// every value where it is, and a value starting right after a run must be
// found (not skipped).
TEST(JsonDocument, WhiteSpaceRunsOfEveryLength) {
  for (int run = 0; run <= 40; ++run) {
    const std::string pad(static_cast<std::size_t>(run), ' ');
    const std::string text = "{\n" + pad + "\"a\":\r\n" + pad + "\t[1,\n" + pad + "2 ,\t\n" + pad +
                             "x\"y\"]," + "\n" + pad + "\"b\": true" + pad + "\n}" + pad + "\n";
    const std::string valid = std::string(text).replace(text.find("x\"y\""), 4, "\"y\"");
    const auto doc = JsonDocument::parse(valid, "f.json");
    EXPECT_EQ(doc.json(), Json::parse(valid)) << run;
    for (std::uint32_t e = 0; e < doc.entry_count(); ++e) {
      const char c = valid[doc.offset(e)];
      EXPECT_TRUE(c == '{' || c == '[' || c == '"' || c == '1' || c == '2' || c == 't') << run;
    }
    EXPECT_THROW(JsonDocument::parse(text, "f.json"), LoadError) << run;
  }
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

// A value built in code becomes nodes with the same types, strings, member
// order and nesting; the strings belong to the document, not the tree.
TEST(JsonDocument, FromJsonKeepsEveryValue) {
  Json v = Json::parse(R"({"s": "x\u00e9", "i": -3, "u": 18446744073709551615, "d": 1.0,
                           "b": false, "n": null, "a": [1, [2, {}], []], "z": {"k": "v"}})");
  const JsonDocument doc = JsonDocument::from_json(v, "built");
  v = Json();  // the document must not refer to the tree
  const JsonNode& root = doc.root();
  EXPECT_EQ(doc.file(), "built");
  EXPECT_EQ(root.to_json().dump(),
            R"({"s":"xé","i":-3,"u":18446744073709551615,"d":1.0,"b":false,"n":null,)"
            R"("a":[1,[2,{}],[]],"z":{"k":"v"}})");
  EXPECT_TRUE(root.find("u")->is_number_unsigned());
  EXPECT_TRUE(root.find("d")->is_number_float());
  EXPECT_EQ(root.find("z")->find("k")->str(), "v");
  EXPECT_EQ(root.members()[6].key, "a");
}

// Far deeper than a parsed document may go, without recursing.
TEST(JsonDocument, FromJsonTakesAnyDepth) {
  Json v = 1;
  for (int i = 0; i < 100000; ++i) {
    Json outer = Json::array();
    outer.push_back(std::move(v));
    v = std::move(outer);
  }
  const JsonDocument doc = JsonDocument::from_json(v, "deep");
  const JsonNode* n = &doc.root();
  int depth = 0;
  while (n->is_array()) {
    n = &(*n)[0];
    ++depth;
  }
  EXPECT_EQ(depth, 100000);
  EXPECT_EQ(n->get<int>(), 1);
}

}  // namespace
}  // namespace relctl
