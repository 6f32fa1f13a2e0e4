// Validation results: where (instance paths), which keyword, only the most
// specific failures, document order; and 2020-12 meanings valijson 1.0 gets
// wrong on its own.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "relctl/load/json_document.hpp"
#include "relctl/schema/schema.hpp"

namespace relctl::schema {
namespace {

std::vector<Violation> check(const std::string& schema, const std::string& instance) {
  return Schema::compile(JsonDocument::parse(schema, "s.schema.json"))
      .validate(Json::parse(instance));
}

std::vector<std::string> where(const std::vector<Violation>& vs) {
  std::vector<std::string> out;
  for (const auto& v : vs) out.push_back(v.instance_path.str() + " " + v.keyword);
  return out;
}

using Paths = std::vector<std::string>;

TEST(SchemaValidate, ValidInstanceHasNoViolations) {
  EXPECT_TRUE(check(R"({"type": "object", "required": ["a"]})", R"({"a": 1})").empty());
}

TEST(SchemaValidate, PathsTellKeysFromIndexesByWalkingTheInstance) {
  // "3" is an object key in one place and an array index in the other.
  const std::string s = R"({
    "properties": {
      "obj": {"additionalProperties": {"type": "string"}},
      "arr": {"items": {"type": "string"}}
    }
  })";
  const auto v = check(s, R"({"obj": {"3": 1, "a]b": 2}, "arr": ["x", "y", "z", 4]})");
  ASSERT_EQ(v.size(), 3U);
  ASSERT_EQ(v[0].instance_path.segments().size(), 2U);
  EXPECT_TRUE(std::holds_alternative<std::string>(v[0].instance_path.segments()[1]));
  EXPECT_EQ(v[0].instance_path, (JsonPath{"obj", "3"}));
  EXPECT_EQ(v[1].instance_path, (JsonPath{"obj", "a]b"}));
  EXPECT_EQ(v[2].instance_path, (JsonPath{"arr", std::size_t{3}}));
  EXPECT_EQ(v[2].instance_path.str(), "arr[3]");
  EXPECT_EQ(v[2].keyword, "type");
  EXPECT_EQ(v[2].message, "expected string, found integer");
}

TEST(SchemaValidate, AdditionalPropertiesAreNamedAtTheirObject) {
  const std::string s = R"({
    "type": "array",
    "items": {"type": "object", "additionalProperties": false,
              "properties": {"id": {"type": "string"}}}
  })";
  const auto v = check(s, R"([{"id": "a"}, {"id": "b", "repo_ids": [], "cross_repo": true}])");
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].instance_path.str(), "[1]");
  EXPECT_EQ(v[0].keyword, "additionalProperties");
  EXPECT_EQ(v[0].message, R"(properties "repo_ids" and "cross_repo" are not allowed here)");
  const auto one = check(s, R"([{"id": "a", "x": 1}])");
  ASSERT_EQ(one.size(), 1U);
  EXPECT_EQ(one[0].message, R"(property "x" is not allowed here)");
}

TEST(SchemaValidate, AdditionalPropertiesIgnoresPropertiesAndPatternProperties) {
  const std::string s = R"({"properties": {"a": {}}, "patternProperties": {"^x-": {}},
                            "additionalProperties": {"type": "integer"}})";
  EXPECT_TRUE(check(s, R"({"a": "s", "x-b": "s", "c": 1})").empty());
  EXPECT_EQ(where(check(s, R"({"a": "s", "c": "s"})")), (Paths{"c type"}));
}

TEST(SchemaValidate, IfThenAppliesOnlyWhenTheConditionHolds) {
  // The lane rule of status.schema.json: a blocked lane needs blockers.
  const std::string s = R"({
    "type": "object",
    "allOf": [
      {"if": {"properties": {"status": {"const": "blocked"}}},
       "then": {"properties": {"blockers": {"minItems": 1}}}},
      {"if": {"properties": {"status": {"const": "partial"}}},
       "then": {"properties": {"score": {"not": {"const": 0}}}},
       "else": {"required": ["score"]}}
    ]
  })";
  EXPECT_TRUE(check(s, R"({"status": "active", "blockers": [], "score": 1})").empty());
  EXPECT_TRUE(check(s, R"({"status": "blocked", "blockers": ["b"], "score": 0})").empty());
  const auto blocked = check(s, R"({"status": "blocked", "blockers": [], "score": 0})");
  EXPECT_EQ(where(blocked), (Paths{"blockers minItems"}));
  EXPECT_EQ(blocked[0].message, "array has 0 items, fewer than the minimum 1");
  // Both branches of the allOf are reported, not just the first.
  EXPECT_EQ(where(check(s, R"({"status": "blocked", "blockers": []})")),
            (Paths{"$ required", "blockers minItems"}));
  EXPECT_EQ(where(check(s, R"({"status": "partial", "score": 0})")), (Paths{"score not"}));
}

TEST(SchemaValidate, OnlyTheMostSpecificFailureIsReported) {
  // No "item 2 failed" or "property deep failed" line above the real one.
  const std::string s = R"({
    "$defs": {"leaf": {"type": "object", "properties": {"n": {"type": "integer"}}}},
    "properties": {"deep": {"items": {"$ref": "#/$defs/leaf"}}}
  })";
  const auto v = check(s, R"({"deep": [{"n": 1}, {"n": 2}, {"n": "x"}]})");
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].instance_path.str(), "deep[2].n");
  EXPECT_EQ(v[0].keyword, "type");
}

TEST(SchemaValidate, ARealFailureAtAParentIsKeptBesideOnesBelowIt) {
  const std::string s = R"({"additionalProperties": false, "required": ["z"],
                            "properties": {"a": {"type": "string"}}})";
  // (At one location, in valijson's order of keywords.)
  EXPECT_EQ(where(check(s, R"({"a": 1, "b": 2})")),
            (Paths{"$ additionalProperties", "$ required", "a type"}));
}

TEST(SchemaValidate, ViolationsComeInDocumentOrder) {
  const std::string s = R"({"properties": {"a": {"type": "string"}, "b": {"type": "string"},
                                           "c": {"type": "string"}}})";
  EXPECT_EQ(where(check(s, R"({"c": 1, "a": 2, "b": 3})")), (Paths{"c type", "a type", "b type"}));
}

TEST(SchemaValidate, PrefixItemsReportTheItemThatIsWrongAndNothingElse) {
  // valijson on its own would also check item 5 against "items": false
  // here, because it resumes after the number of prefix items that passed.
  const std::string s = R"({"prefixItems": [{"const": "a"}, {"const": "b"}, {"const": "c"}],
                            "items": false})";
  const auto v = check(s, R"(["a", "X", "c"])");
  EXPECT_EQ(where(v), (Paths{"[1] const"}));
  EXPECT_EQ(v[0].message, R"(expected "b", found "X")");
  const auto extra = check(s, R"(["a", "b", "c", "d"])");
  EXPECT_EQ(where(extra), (Paths{"$ items"}));
  EXPECT_NE(extra[0].message.find("4 items"), std::string::npos) << extra[0].message;
}

TEST(SchemaValidate, MessagesNameTheProblem) {
  EXPECT_EQ(check(R"({"required": ["id"]})", "{}")[0].message, R"(missing required property "id")");
  EXPECT_EQ(check(R"({"enum": ["a", "b"]})", R"("c")")[0].message,
            R"("c" is not one of the allowed values: "a", "b")");
  EXPECT_EQ(check(R"({"pattern": "^L[0-9]+$"})", R"("X1")")[0].message,
            R"("X1" does not match the pattern ^L[0-9]+$)");
  EXPECT_EQ(check(R"({"minimum": 3})", "2")[0].message, "2 is less than the minimum 3");
  EXPECT_EQ(check(R"({"uniqueItems": true})", "[1, 2, 1]")[0].message,
            "items [0] and [2] are equal; items must be unique");
  EXPECT_EQ(check(R"({"dependentRequired": {"a": ["b"]}})", R"({"a": 1})")[0].message,
            R"(property "b" is required when "a" is present)");
  EXPECT_EQ(
      check(R"({"propertyNames": {"maxLength": 2}})", R"({"abc": 1})")[0].message,
      R"(property name "abc" is not allowed: string has 3 characters, more than the maximum 2)");
}

TEST(SchemaValidate, AnyOfReportsTheBranchThatFitsTheValue) {
  const std::string s = R"({"anyOf": [{"type": "null"},
                                      {"type": "object", "required": ["id"]}]})";
  EXPECT_TRUE(check(s, "null").empty());
  EXPECT_EQ(where(check(s, "{}")), (Paths{"$ required"}));
  EXPECT_EQ(where(check(s, "1")), (Paths{"$ anyOf"}));
  EXPECT_EQ(where(check(R"({"oneOf": [{"minimum": 0}, {"maximum": 10}]})", "5")),
            (Paths{"$ oneOf"}));
}

TEST(SchemaValidate, NumbersCompareByValue) {
  EXPECT_TRUE(check(R"({"type": "integer"})", "1.0").empty());
  EXPECT_FALSE(check(R"({"type": "integer"})", "1.5").empty());
  EXPECT_TRUE(check(R"({"enum": [1]})", "1.0").empty());
  EXPECT_TRUE(check(R"({"const": {"a": [1.0]}})", R"({"a": [1]})").empty());
  EXPECT_FALSE(check(R"({"uniqueItems": true})", "[1, 1.0]").empty());
  EXPECT_TRUE(check(R"({"uniqueItems": true})", R"([{"a": 1, "b": 2}, {"a": 2, "b": 1}])").empty());
  EXPECT_FALSE(
      check(R"({"uniqueItems": true})", R"([{"a": 1, "b": 2}, {"b": 2, "a": 1}])").empty());
  EXPECT_TRUE(check(R"({"const": 9007199254740993})", "9007199254740993").empty());
  EXPECT_FALSE(check(R"({"const": 9007199254740993})", "9007199254740992").empty());
}

TEST(SchemaValidate, MultipleOfIsExact) {
  EXPECT_FALSE(check(R"({"multipleOf": 2})", "4.5").empty());  // valijson: truncates to 4
  EXPECT_TRUE(check(R"({"multipleOf": 2})", "4.0").empty());
  EXPECT_TRUE(check(R"({"multipleOf": 0.0001})", "0.0075").empty());
  EXPECT_FALSE(check(R"({"multipleOf": 0.0001})", "0.00751").empty());
  EXPECT_TRUE(check(R"({"multipleOf": 1e-8})", "12391239123").empty());
  EXPECT_FALSE(check(R"({"multipleOf": 0.123456789})", "1e308").empty());
  EXPECT_TRUE(check(R"({"multipleOf": 0.5})", "1e308").empty());  // x / 0.5 overflows
}

TEST(SchemaValidate, LengthsCountCodePoints) {
  EXPECT_TRUE(check(R"({"maxLength": 2})", R"("\u00e9\u00e9")").empty());   // 4 bytes
  EXPECT_TRUE(check(R"({"minLength": 3})", R"("a\u0000b")").empty());       // valijson: 1
  EXPECT_FALSE(check(R"({"minLength": 2})", R"("\ud83d\ude00")").empty());  // one code point
  // A failure names the whole count, however the check got there.
  EXPECT_EQ(check(R"({"minLength": 5})", R"("\u00e9\u00e9\u00e9x")")[0].message,
            "string has 4 characters, fewer than the minimum 5");
  EXPECT_EQ(check(R"({"maxLength": 2})", R"("\u00e9x\u00e9")")[0].message,
            "string has 3 characters, more than the maximum 2");
  EXPECT_TRUE(check(R"({"maxLength": 3})", R"("\u00e9x\u00e9")").empty());  // 5 bytes
}

TEST(SchemaValidate, FormatIsAnAnnotation) {
  EXPECT_TRUE(check(R"({"format": "date-time"})", R"("yesterday")").empty());
  EXPECT_TRUE(check(R"({"format": "date"})", "12").empty());
}

TEST(SchemaValidate, PropertyNamesFailureIsReported) {
  // valijson fails propertyNames without saying why or where.
  const auto v = check(R"({"propertyNames": {"pattern": "^[a-z]+$"}})", R"({"ok": 1, "Bad": 2})");
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].keyword, "propertyNames");
  EXPECT_NE(v[0].message.find("\"Bad\""), std::string::npos) << v[0].message;
}

// Each value's place travels with it through items (one schema for every
// item), if/then and uniqueItems, however deep.
TEST(SchemaValidate, ValuesDeepInItemsAndConditionalsAreNamedWhereTheyAre) {
  const std::string s = R"({"properties": {"l": {"items": {"properties": {"k": {
    "uniqueItems": true,
    "items": {"if": {"type": "integer"}, "then": {"minimum": 5}}}}}}}})";
  const auto v = check(s, R"({"l": [{"k": [7, 7, "x"]}, {"k": [9, 3]}]})");
  EXPECT_EQ(where(v), (Paths{"l[0].k uniqueItems", "l[1].k[1] minimum"}));
  EXPECT_EQ(v[0].message, "items [0] and [1] are equal; items must be unique");
}

// An item equal to several earlier ones is paired with the first of them,
// in short lists (compared pairwise) and long ones (found by hash).
TEST(SchemaValidate, UniqueItemsPairsEachRepeatWithItsFirstOccurrence) {
  const std::string s = R"({"uniqueItems": true})";
  std::vector<std::string> short_list;
  for (const auto& v : check(s, R"([1, 2, 1, 1.0])")) short_list.push_back(v.message);
  EXPECT_EQ(short_list,
            (std::vector<std::string>{"items [0] and [2] are equal; items must be unique",
                                      "items [0] and [3] are equal; items must be unique"}));
  std::vector<std::string> long_list;
  for (const auto& v : check(s, R"([0, 1, 2, {"a": [3]}, 4, 5, 6, 7, 8, 9, {"a": [3]}, 11, 3,
                                    {"a": [3.0]}, 1])")) {
    long_list.push_back(v.message);
  }
  EXPECT_EQ(long_list,
            (std::vector<std::string>{"items [3] and [10] are equal; items must be unique",
                                      "items [3] and [13] are equal; items must be unique",
                                      "items [1] and [14] are equal; items must be unique"}));
}

TEST(SchemaValidate, FalseSchemaSaysNothingIsAllowed) {
  const auto v = check(R"({"properties": {"gone": false}})", R"({"gone": 1})");
  EXPECT_EQ(where(v), (Paths{"gone false"}));
  EXPECT_EQ(v[0].message, "no value is allowed here (the schema is false)");
}

}  // namespace
}  // namespace relctl::schema
