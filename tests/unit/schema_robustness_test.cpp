// Validation never crashes: huge strings against patterns, deep nesting.
#include <string>

#include <gtest/gtest.h>

#include "relctl/load/json_document.hpp"
#include "relctl/schema/schema.hpp"

namespace relctl::schema {
namespace {

Schema compile(const std::string& schema) {
  return Schema::compile(JsonDocument::parse(schema, "s.schema.json"));
}

TEST(SchemaRobustness, OneMegabyteStringAgainstAPattern) {
  // libstdc++'s std::regex recurses once per character: this overflowed the
  // stack before patterns moved to relctl's own engine.
  const auto s = compile(R"({"properties": {"s": {"pattern": "^[a-z]+$"}},
                             "patternProperties": {"^[a-z]+$": {"type": "string"}}})");
  Json ok = Json::object();
  ok["s"] = std::string(1 << 20, 'a');
  EXPECT_TRUE(s.validate(ok).empty());
  Json bad = ok;
  bad["s"].get_ref<std::string&>().back() = '1';
  const auto v = s.validate(bad);
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].keyword, "pattern");
  EXPECT_LT(v[0].message.size(), 300U);  // the value is shortened in the message
  // A 1 MB property name against patternProperties.
  Json key = Json::object();
  key[std::string(1 << 20, 'b')] = 1;
  EXPECT_EQ(s.validate(key).size(), 1U);
}

// A backtracking engine never answers this one (exponential time); ours is
// linear in the string (bench/: BM_PathologicalPattern shows the growth).
TEST(SchemaRobustness, PathologicalPatternOnALongStringIsAnswered) {
  const auto s = compile(R"({"pattern": "(a*)*b"})");
  EXPECT_EQ(s.validate(Json(std::string(100000, 'a'))).size(), 1U);
  EXPECT_TRUE(s.validate(Json(std::string(100000, 'a') + "b")).empty());
}

// Many failures in one instance: each is reported once, in document
// order, and the "item failed" wrappers above them are dropped. (Matching
// each wrapper and each duplicate against every other failure was
// quadratic: 80,000 wrong items took 46 s; fuzzing finding,
// docs/guarantees.md.)
TEST(SchemaRobustness, ManyFailuresAreReportedOnceEachInOrder) {
  const auto s = compile(R"({"type": "object", "additionalProperties": false,
    "properties": {"lanes": {"type": "array", "items": {"type": "object"}},
                   "more": {"type": "object", "additionalProperties": {"type": "string"}}}})");
  constexpr int kN = 30000;
  Json v = Json::object();
  v["lanes"] = Json::array();
  for (int i = 0; i < kN; ++i) v["lanes"].push_back(i);
  v["more"] = Json::object();
  // Appended to ordered_json's member vector directly: its emplace looks
  // for the key first, which would make this set-up quadratic.
  auto& more = static_cast<Json::object_t::Container&>(v["more"].get_ref<Json::object_t&>());
  for (int i = 0; i < kN; ++i) more.emplace_back("m" + std::to_string(i), i);
  v["extra"] = 1;
  const auto found = s.validate(v);
  ASSERT_EQ(found.size(), 2U * kN + 1);
  EXPECT_EQ(found[0].instance_path.str(), "$");
  EXPECT_EQ(found[0].keyword, "additionalProperties");
  EXPECT_EQ(found[1].instance_path.str(), "lanes[0]");
  EXPECT_EQ(found[1].keyword, "type");
  EXPECT_EQ(found[kN].instance_path.str(), "lanes[29999]");
  EXPECT_EQ(found[kN + 1].instance_path.str(), "more.m0");
  EXPECT_EQ(found[2 * kN].instance_path.str(), "more.m29999");
}

Json nested_arrays(int depth, const Json& leaf) {
  Json v = leaf;
  for (int i = 0; i < depth; ++i) {
    Json outer = Json::array();
    outer.push_back(std::move(v));
    v = std::move(outer);
  }
  return v;
}

TEST(SchemaRobustness, FiveHundredLevelsOfNesting) {
  const auto s = compile(R"({"anyOf": [{"type": "integer"},
                                       {"type": "array", "items": {"$ref": "#"}}]})");
  EXPECT_TRUE(s.validate(nested_arrays(500, 1)).empty());
  const auto v = s.validate(nested_arrays(500, "x"));
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].instance_path.size(), 500U);

  // Through a document, at the loader's own limit.
  std::string text;
  for (int i = 0; i < 500; ++i) text += "{\"a\":";
  text += "true";
  for (int i = 0; i < 500; ++i) text += "}";
  const auto doc = JsonDocument::parse(text, "deep.json");
  const auto objects = compile(R"({"type": "object", "additionalProperties": {"$ref": "#"}})");
  const auto deep = objects.validate(doc.json());
  ASSERT_EQ(deep.size(), 1U);
  EXPECT_EQ(deep[0].keyword, "type");
  EXPECT_EQ(deep[0].instance_path.size(), 500U);
}

TEST(SchemaRobustness, NestingFarBeyondTheLoaderLimitIsReportedNotCrashed) {
  const auto s = compile(R"({"items": {"$ref": "#"}})");
  const Json deep = nested_arrays(30000, 1);
  const auto v = s.validate(deep);
  ASSERT_EQ(v.size(), 1U);
  EXPECT_NE(v[0].message.find("deeper"), std::string::npos) << v[0].message;
}

}  // namespace
}  // namespace relctl::schema
