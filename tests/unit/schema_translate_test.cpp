// JSON Schema 2020-12 -> draft 7: the translation rules and the refusals.
#include "relctl/schema/translate.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"
#include "relctl/schema/schema.hpp"

namespace relctl::schema {
namespace {

Json draft7(const std::string& schema) {
  return translate(JsonDocument::parse(schema, "s.schema.json")).draft7;
}

LoadError refusal(const std::string& schema) {
  try {
    (void)Schema::compile(JsonDocument::parse(schema, "s.schema.json"));
  } catch (const LoadError& e) {
    return e;
  }
  ADD_FAILURE() << "expected the schema to be refused: " << schema;
  return LoadError("", "");
}

bool valid(const std::string& schema, const std::string& instance) {
  return Schema::compile(JsonDocument::parse(schema, "s.schema.json"))
      .validate(Json::parse(instance))
      .empty();
}

// The form of status.schema.json's source_precedence.
const std::string kStatusLike = R"({
  "type": "array", "minItems": 6, "maxItems": 6,
  "prefixItems": [
    {"type": "string", "const": "a"}, {"type": "string", "const": "b"},
    {"type": "string", "const": "c"}, {"type": "string", "const": "d"},
    {"type": "string", "const": "e"}, {"type": "string", "const": "f"}
  ],
  "items": false
})";

TEST(SchemaTranslate, PrefixItemsWithItemsFalseBecomeArrayItemsAndNoAdditionalItems) {
  const Json t = draft7(kStatusLike);
  ASSERT_TRUE(t["items"].is_array());
  EXPECT_EQ(t["items"].size(), 6U);
  EXPECT_EQ(t["items"][5]["const"], "f");
  EXPECT_EQ(t["additionalItems"], false);
  EXPECT_FALSE(t.contains("prefixItems"));
}

TEST(SchemaTranslate, PrefixItemsWithItemsFalseAcceptsExactlyTheSixItems) {
  EXPECT_TRUE(valid(kStatusLike, R"(["a","b","c","d","e","f"])"));
  EXPECT_FALSE(valid(kStatusLike, R"(["a","b","c","d","e","f","g"])"));
  EXPECT_FALSE(valid(kStatusLike, R"(["a","b","c","d","e"])"));
  EXPECT_FALSE(valid(kStatusLike, R"(["a","b","X","d","e","f"])"));
  EXPECT_FALSE(valid(kStatusLike, R"(["b","a","c","d","e","f"])"));
}

TEST(SchemaTranslate, PrefixItemsWithoutMaxItemsStillRefuseASeventhItem) {
  // Only items:false limits the length here.
  const std::string s = R"({"prefixItems": [{"const": 1}, {"const": 2}], "items": false})";
  EXPECT_TRUE(valid(s, "[1, 2]"));
  EXPECT_TRUE(valid(s, "[1]"));
  EXPECT_FALSE(valid(s, "[1, 2, 3]"));
}

TEST(SchemaTranslate, PrefixItemsWithItemsSchemaChecksTheRest) {
  const std::string s = R"({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}})";
  const Json t = draft7(s);
  EXPECT_EQ(t["additionalItems"]["type"], "integer");
  EXPECT_TRUE(valid(s, R"(["x", 1, 2])"));
  EXPECT_FALSE(valid(s, R"(["x", 1, "y"])"));
  EXPECT_FALSE(valid(s, R"([1, 1])"));
}

TEST(SchemaTranslate, ItemsAloneKeepsItsSchemaForm) {
  const Json t = draft7(R"({"items": {"type": "integer"}})");
  ASSERT_TRUE(t["items"].is_object());
  EXPECT_EQ(t["items"]["type"], "integer");
  EXPECT_FALSE(t.contains("additionalItems"));
  EXPECT_TRUE(valid(R"({"items": {"type": "integer"}})", "[1, 2, 3]"));
  EXPECT_FALSE(valid(R"({"items": {"type": "integer"}})", "[1, 2.5]"));
}

TEST(SchemaTranslate, DraftSevenArrayItemsIsRefused) {
  const auto e = refusal(R"({"items": [{"type": "string"}]})");
  EXPECT_NE(e.message().find("prefixItems"), std::string::npos) << e.message();
}

TEST(SchemaTranslate, RefWithSiblingsAppliesBoth) {
  const std::string s = R"({
    "$defs": {"short": {"maxLength": 3}},
    "type": "string",
    "$ref": "#/$defs/short",
    "minLength": 2
  })";
  const Json t = draft7(s);
  EXPECT_FALSE(t.contains("$ref"));
  ASSERT_TRUE(t["allOf"].is_array());
  EXPECT_EQ(t["allOf"].back()["$ref"], "#/$defs/short");
  EXPECT_TRUE(valid(s, R"("abc")"));
  EXPECT_FALSE(valid(s, R"("abcd")"));  // the $ref
  EXPECT_FALSE(valid(s, R"("a")"));     // a sibling
  EXPECT_FALSE(valid(s, "12"));         // a sibling
}

TEST(SchemaTranslate, RefIsAppendedToAnExistingAllOfSoItsPointersStayValid) {
  const std::string s = R"({
    "$defs": {"first": {"$ref": "#/allOf/0"}},
    "allOf": [{"minimum": 10}],
    "$ref": "#/$defs/first",
    "maximum": 20
  })";
  const Json t = draft7(s);
  ASSERT_EQ(t["allOf"].size(), 2U);
  EXPECT_EQ(t["allOf"][0]["minimum"], 10);
  EXPECT_EQ(t["allOf"][1]["$ref"], "#/$defs/first");
  EXPECT_TRUE(valid(s, "15"));
  EXPECT_FALSE(valid(s, "5"));
  EXPECT_FALSE(valid(s, "25"));
}

TEST(SchemaTranslate, RefPointersFollowNodesThatMoved) {
  // prefixItems/0 becomes items/0, items becomes additionalItems,
  // dependentSchemas/x becomes dependencies/x.
  const std::string s = R"({
    "prefixItems": [{"type": "string"}],
    "items": {"type": "integer"},
    "dependentSchemas": {"x": {"required": ["y"]}},
    "properties": {
      "first": {"$ref": "#/prefixItems/0"},
      "rest": {"$ref": "#/items"},
      "dep": {"$ref": "#/dependentSchemas/x"}
    }
  })";
  const Json t = draft7(s);
  EXPECT_EQ(t["properties"]["first"]["$ref"], "#/items/0");
  EXPECT_EQ(t["properties"]["rest"]["$ref"], "#/additionalItems");
  EXPECT_EQ(t["properties"]["dep"]["$ref"], "#/dependencies/x");
  EXPECT_TRUE(valid(s, R"({"first": "a", "rest": 1, "dep": {"y": 0}})"));
  EXPECT_FALSE(valid(s, R"({"first": 1})"));
  EXPECT_FALSE(valid(s, R"({"rest": "a"})"));
  EXPECT_FALSE(valid(s, R"({"dep": {}})"));
}

TEST(SchemaTranslate, RefPointerEscapesAreDecodedAndReencoded) {
  const std::string s = R"({
    "$defs": {"a/b": {"const": 1}, "c~d": {"const": 2}, "e%f": {"const": 3}},
    "properties": {
      "x": {"$ref": "#/$defs/a~1b"},
      "y": {"$ref": "#/$defs/c~0d"},
      "z": {"$ref": "#/$defs/e%25f"}
    }
  })";
  EXPECT_TRUE(valid(s, R"({"x": 1, "y": 2, "z": 3})"));
  EXPECT_FALSE(valid(s, R"({"x": 2})"));
  EXPECT_FALSE(valid(s, R"({"y": 1})"));
  EXPECT_FALSE(valid(s, R"({"z": 1})"));
}

TEST(SchemaTranslate, RefToAnEmptyNameIsStillFollowed) {
  // valijson skips empty pointer tokens; such targets are copied to a place
  // it can reach.
  const std::string s = R"({"$defs": {"": {"type": "number"}}, "$ref": "#/$defs/"})";
  EXPECT_TRUE(valid(s, "1"));
  EXPECT_FALSE(valid(s, R"("a")"));
}

TEST(SchemaTranslate, DependentRequiredAndDependentSchemasBecomeDependencies) {
  const std::string s = R"({
    "dependentRequired": {"card": ["billing"]},
    "dependentSchemas": {"card": {"properties": {"cvv": {"type": "string"}}}}
  })";
  EXPECT_TRUE(valid(s, R"({"card": 1, "billing": 2, "cvv": "123"})"));
  EXPECT_TRUE(valid(s, R"({"other": 1})"));
  EXPECT_FALSE(valid(s, R"({"card": 1})"));
  EXPECT_FALSE(valid(s, R"({"card": 1, "billing": 2, "cvv": 123})"));
}

TEST(SchemaTranslate, AnnotationsAreDroppedAndNeverFail) {
  const std::string s = R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://example.com/s.json",
    "title": "t", "description": "d", "$comment": "c", "default": 1, "examples": [1],
    "deprecated": true, "readOnly": true, "writeOnly": false,
    "format": "date", "contentMediaType": "application/json", "contentEncoding": "base64",
    "contentSchema": {"type": "object"}
  })";
  const Json t = draft7(s);
  EXPECT_TRUE(t.empty()) << t.dump();
  EXPECT_TRUE(valid(s, R"("not a date")"));
}

TEST(SchemaTranslate, KeywordsAreOnlyKeywordsWhereASchemaIsExpected) {
  // "pattern", "format" and "$anchor" here are property names.
  const std::string s = R"({
    "properties": {"pattern": {"type": "string"}, "format": {"const": "x"},
                   "$anchor": {"type": "integer"}},
    "required": ["pattern"]
  })";
  EXPECT_TRUE(valid(s, R"({"pattern": "[", "format": "x", "$anchor": 1})"));
  EXPECT_FALSE(valid(s, R"({"pattern": 1})"));
  EXPECT_FALSE(valid(s, R"({"pattern": "a", "format": "y"})"));
}

TEST(SchemaTranslate, BooleanSchemas) {
  EXPECT_TRUE(valid("true", "1"));
  EXPECT_FALSE(valid("false", "1"));
  EXPECT_TRUE(valid(R"({"properties": {"a": false}})", "{}"));
  EXPECT_FALSE(valid(R"({"properties": {"a": false}})", R"({"a": null})"));
  EXPECT_TRUE(valid(R"({"items": false})", "[]"));
  EXPECT_FALSE(valid(R"({"items": false})", "[1]"));
}

TEST(SchemaTranslate, RefusesAnUnsupportedKeywordAtItsLineAndColumn) {
  const std::string s =
      "{\n"
      "  \"$defs\": {\n"
      "    \"x\": {\n"
      "      \"type\": \"string\",\n"
      "      \"$anchor\": \"here\"\n"
      "    }\n"
      "  }\n"
      "}\n";
  const auto e = refusal(s);
  EXPECT_EQ(e.file(), "s.schema.json");
  ASSERT_TRUE(e.path().has_value());
  EXPECT_EQ(e.path()->str(), "$defs.x.$anchor");
  EXPECT_EQ(e.pos().str(), "5:7");  // the opening quote of "$anchor"
  EXPECT_NE(e.message().find("'$anchor'"), std::string::npos) << e.message();
  EXPECT_NE(std::string(e.what()).find("s.schema.json:5:7: $defs.x.$anchor: "), std::string::npos)
      << e.what();
}

TEST(SchemaTranslate, RefusesEveryUnsupportedKeyword) {
  for (const auto& k : refused_keywords()) {
    const auto e = refusal(R"({"properties": {"a": {")" + k + R"(": 1}}})");
    ASSERT_TRUE(e.path().has_value()) << k;
    EXPECT_EQ(e.path()->str(), "properties.a." + k);
    EXPECT_EQ(e.pos().str(), "1:23") << k;  // the quote opening the keyword
    EXPECT_EQ(e.message().rfind("unsupported keyword '" + k + "'", 0), 0U) << e.message();
  }
}

TEST(SchemaTranslate, RefusesUnknownKeywordsAsTypos) {
  const auto e = refusal(R"({"type": "object", "propertes": {}})");
  EXPECT_EQ(e.path()->str(), "propertes");
  EXPECT_EQ(e.pos().str(), "1:20");
  EXPECT_NE(e.message().find("unknown keyword 'propertes'"), std::string::npos) << e.message();
}

TEST(SchemaTranslate, RefusesIdBelowTheRootAndNonLocalRefs) {
  EXPECT_EQ(refusal(R"({"$defs": {"a": {"$id": "a.json"}}})").path()->str(), "$defs.a.$id");
  EXPECT_EQ(refusal(R"({"$ref": "other.json#/a"})").message().rfind("unsupported $ref", 0), 0U);
  EXPECT_NE(refusal(R"({"$ref": "#foo"})").message().find("anchors"), std::string::npos);
  EXPECT_EQ(refusal(R"({"$schema": "http://json-schema.org/draft-07/schema#"})")
                .message()
                .rfind("unsupported $schema", 0),
            0U);
}

TEST(SchemaTranslate, RefusesRefsThatPointAtNothingOrAtData) {
  EXPECT_NE(refusal(R"({"$ref": "#/$defs/missing"})").message().find("points at nothing"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"enum": [{"a": 1}], "$ref": "#/enum/0"})").message().find("not a schema"),
            std::string::npos);
}

TEST(SchemaTranslate, RefusesSchemasThatRecurseWithoutDescending) {
  const auto e = refusal(R"({"allOf": [{"$ref": "#"}]})");
  EXPECT_EQ(e.path()->str(), "allOf[0].$ref");
  EXPECT_NE(e.message().find("never end"), std::string::npos) << e.message();
  EXPECT_NE(refusal(R"({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                       "$ref": "#/$defs/a"})")
                .message()
                .find("never end"),
            std::string::npos);
  // Recursion that goes one level deeper into the instance is fine.
  EXPECT_TRUE(valid(R"({"type": "array", "items": {"$ref": "#"}})", "[[[]], []]"));
  EXPECT_FALSE(valid(R"({"type": "array", "items": {"$ref": "#"}})", "[[[1]]]"));
}

TEST(SchemaTranslate, RefusesMalformedKeywordValues) {
  EXPECT_EQ(refusal(R"({"minLength": -1})").message().rfind("malformed schema", 0), 0U);
  EXPECT_EQ(refusal(R"({"type": "text"})").message().rfind("malformed schema", 0), 0U);
  EXPECT_EQ(refusal(R"({"required": "a"})").message().rfind("malformed schema", 0), 0U);
  EXPECT_EQ(refusal(R"({"pattern": "(a"})").message().rfind("malformed schema", 0), 0U);
  EXPECT_EQ(refusal(R"({"multipleOf": 0})").message().rfind("malformed schema", 0), 0U);
  // 2.0 is an integer.
  EXPECT_TRUE(valid(R"({"minLength": 2.0})", R"("ab")"));
}

TEST(SchemaTranslate, RefusesPatternFeaturesTheEngineLacks) {
  const auto e = refusal(R"j({"properties": {"a": {"pattern": "^(?=x)"}}})j");
  EXPECT_EQ(e.path()->str(), "properties.a.pattern");
  EXPECT_EQ(e.message().rfind("unsupported pattern", 0), 0U) << e.message();
  EXPECT_EQ(refusal(R"({"patternProperties": {"\\p{L}": {}}})").path()->str(),
            "patternProperties[\"\\\\p{L}\"]");
}

TEST(SchemaTranslate, KeywordListsDoNotOverlap) {
  for (const auto& k : refused_keywords()) {
    EXPECT_EQ(std::count(supported_keywords().begin(), supported_keywords().end(), k), 0) << k;
  }
  EXPECT_EQ(std::count(supported_keywords().begin(), supported_keywords().end(), "prefixItems"), 1);
}

}  // namespace
}  // namespace relctl::schema
