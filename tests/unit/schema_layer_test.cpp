// The JSON Schema layer (src/schema/schema.cpp): 2020-12 meaning of the
// keywords the control-plane schemas use, refusals, violation paths.
#include "relctl/schema/schema.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"

namespace relctl::schema {
namespace {

Schema compile(const std::string& text) {
  return Schema::compile(JsonDocument::parse(text, "s.schema.json"));
}

std::vector<Violation> check(const Schema& s, const std::string& instance) {
  return s.validate(Json::parse(instance));
}

LoadError refusal(const std::string& text) {
  try {
    (void)compile(text);
  } catch (const LoadError& e) {
    return e;
  }
  ADD_FAILURE() << "expected the schema to be refused: " << text;
  return LoadError("", "");
}

TEST(SchemaLayer, PrefixItemsWithItemsFalseMeansExactlyThePrefix) {
  // The shape of the real source_precedence rule.
  const auto s = compile(R"({"$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array", "prefixItems": [{"const": "a"}, {"const": "b"}], "items": false,
    "minItems": 2, "maxItems": 2})");
  EXPECT_TRUE(check(s, R"(["a", "b"])").empty());
  EXPECT_FALSE(check(s, R"(["a", "b", "c"])").empty());
  const auto wrong = check(s, R"(["a", "x"])");
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_EQ(wrong[0].instance_path.str(), "[1]");
  EXPECT_EQ(wrong[0].keyword, "const");
}

TEST(SchemaLayer, ItemsAloneAppliesToEveryItem) {
  const auto s = compile(R"({"items": {"type": "string"}})");
  EXPECT_TRUE(check(s, R"(["a", "b"])").empty());
  EXPECT_EQ(check(s, R"(["a", 3])").at(0).instance_path.str(), "[1]");
}

TEST(SchemaLayer, RefWithSiblingsAppliesBoth) {
  const auto s = compile(R"({"$defs": {"s": {"type": "string"}},
    "properties": {"x": {"$ref": "#/$defs/s", "minLength": 3}}})");
  EXPECT_TRUE(check(s, R"({"x": "abc"})").empty());
  EXPECT_FALSE(check(s, R"({"x": "ab"})").empty());  // minLength beside $ref counts
  EXPECT_FALSE(check(s, R"({"x": 123})").empty());   // and so does the $ref
}

TEST(SchemaLayer, AdditionalPropertiesNamedAtTheObject) {
  const auto s = compile(R"({"type": "object", "properties": {"lanes": {"type": "array",
    "items": {"type": "object", "additionalProperties": false,
              "properties": {"id": {"type": "string", "pattern": "^L[0-9]+$"}}}}}})");
  const auto v = check(s, R"({"lanes": [{"id": "L1"}, {"id": "L2", "colour": "red"}]})");
  ASSERT_EQ(v.size(), 1u) << "the parent 'item failed' line is not repeated";
  EXPECT_EQ(v[0].instance_path.str(), "lanes[1]");
  EXPECT_EQ(v[0].keyword, "additionalProperties");
  EXPECT_NE(v[0].message.find("'colour'"), std::string::npos);
  EXPECT_EQ(check(s, R"({"lanes": [{"id": "X1"}]})").at(0).instance_path.str(), "lanes[0].id");
}

TEST(SchemaLayer, IfThenConditions) {
  const auto s = compile(R"({"allOf": [{"if": {"properties": {"status": {"const": "partial"}}},
    "then": {"properties": {"score": {"not": {"const": 0}}}}}]})");
  EXPECT_TRUE(check(s, R"({"status": "partial", "score": 3})").empty());
  EXPECT_FALSE(check(s, R"({"status": "partial", "score": 0})").empty());
  EXPECT_FALSE(check(s, R"({"status": "partial", "score": 0.0})").empty());  // 0.0 == 0
  EXPECT_TRUE(check(s, R"({"status": "blocked", "score": 0})").empty());
}

TEST(SchemaLayer, FormatIsAnAnnotation) {
  const auto s = compile(R"({"type": "string", "format": "date-time"})");
  EXPECT_TRUE(check(s, R"("not a date")").empty());
}

TEST(SchemaLayer, RefusesUnsupportedKeywordsWithTheirPosition) {
  const auto e = refusal("{\n  \"type\": \"object\",\n  \"unevaluatedProperties\": false\n}");
  EXPECT_NE(e.message().find("unevaluatedProperties"), std::string::npos);
  EXPECT_EQ(e.pos().str(), "3:28");
  ASSERT_TRUE(e.path());
  EXPECT_EQ(e.path()->str(), "unevaluatedProperties");
  // Unknown keywords (typos) too, but not property names that look like keywords.
  EXPECT_NE(refusal(R"({"requried": ["a"]})").message().find("requried"), std::string::npos);
  EXPECT_NO_THROW((void)compile(R"({"properties": {"pattern": {"type": "string"}}})"));
  // Remote references and $id below the root.
  refusal(R"({"$ref": "https://example.com/other.json"})");
  refusal(R"({"properties": {"a": {"$id": "x"}}})");
  refusal(R"({"$ref": "#/$defs/missing"})");
}

TEST(SchemaLayer, LongStringsAndDeepNestingDoNotCrash) {
  const auto s = compile(R"({"type": "string", "pattern": "^[a-z]+$"})");
  const std::string big(300'000, 'a');
  EXPECT_TRUE(s.validate(Json(big)).empty());
  EXPECT_FALSE(s.validate(Json(big + "!")).empty());
  const auto nested = compile(R"({"$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}}},
    "$ref": "#/$defs/n"})");
  std::string deep(500, '[');
  deep += std::string(500, ']');
  EXPECT_TRUE(nested.validate(JsonDocument::parse(deep, "d.json").root()).empty());
}

TEST(SchemaLayer, KeywordListsAreDisjoint) {
  for (const auto& r : refused_keywords()) {
    EXPECT_EQ(std::count(supported_keywords().begin(), supported_keywords().end(), r), 0) << r;
  }
  EXPECT_GT(supported_keywords().size(), 40u);
}

}  // namespace
}  // namespace relctl::schema
