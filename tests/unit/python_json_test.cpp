// The Python-compatible writer must produce the bytes of Python's
// json.dumps. Every expected text below was produced by python3 (3.11,
// json.dumps with the options named) when the test was written.
#include "relctl/report/python_json.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace relctl::report {
namespace {

std::string dumps(const Json& v, int indent = 2, bool sort_keys = false) {
  std::string out;
  append_py_json(out, v, PyJsonOptions{indent, sort_keys});
  return out;
}

// Parses `text` and writes it back with the document as source.
std::string roundtrip(const std::string& text, int indent = 2, bool sort_keys = false) {
  const JsonDocument doc = JsonDocument::parse(text, "t.json");
  SourceMap src(doc);
  std::string out;
  append_py_json(out, doc.json(), PyJsonOptions{indent, sort_keys}, &src);
  return out;
}

TEST(PyFloatRepr, MatchesPythonRepr) {
  // python3 -c 'print(repr(v))'
  const std::pair<double, const char*> cases[] = {
      {1.0, "1.0"},
      {0.1, "0.1"},
      {1e-07, "1e-07"},
      {1e16, "1e+16"},
      {1e15, "1000000000000000.0"},
      {-0.0, "-0.0"},
      {0.0, "0.0"},
      {1.2345678901234568e+17, "1.2345678901234568e+17"},
      {100.0, "100.0"},
      {0.0001, "0.0001"},
      {0.00001, "1e-05"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {9999999999999998.0, "9999999999999998.0"},
      {2.5, "2.5"},
      {-1.5e-10, "-1.5e-10"},
      {0.30000000000000004, "0.30000000000000004"},
      {1e22, "1e+22"},
      {12345678.9, "12345678.9"},
      {0.5, "0.5"},
      {8.5, "8.5"},
  };
  for (const auto& [v, want] : cases) EXPECT_EQ(py_float_repr(v), want) << want;
  EXPECT_EQ(py_float_repr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(py_float_repr(std::nan("")), "nan");
}

TEST(PyJson, EscapesLikeEnsureAscii) {
  // json.dumps({"b":1,"a":[1,{"x":"\u00fc\u2014\U0001F600\x7f\x01\b\f\n\r\t\"\\/"},[]],"c":{}},
  // indent=2)
  Json v = Json::object();
  v["b"] = 1;
  Json inner = Json::object();
  inner["x"] = "\xc3\xbc\xe2\x80\x94\xf0\x9f\x98\x80\x7f\x01\b\f\n\r\t\"\\/";
  v["a"] = Json::array({1, inner, Json::array()});
  v["c"] = Json::object();
  EXPECT_EQ(dumps(v),
            "{\n"
            "  \"b\": 1,\n"
            "  \"a\": [\n"
            "    1,\n"
            "    {\n"
            "      \"x\": \"\\u00fc\\u2014\\ud83d\\ude00\\u007f\\u0001\\b\\f\\n\\r\\t\\\"\\\\/\"\n"
            "    },\n"
            "    []\n"
            "  ],\n"
            "  \"c\": {}\n"
            "}");
}

TEST(PyJson, NumbersAndLiterals) {
  Json v = Json::array({0, -7, std::numeric_limits<std::int64_t>::min(),
                        std::numeric_limits<std::uint64_t>::max(), 1.0, 0.1, 1e-07, 1e16, nullptr,
                        true, false, std::nan(""), std::numeric_limits<double>::infinity(),
                        -std::numeric_limits<double>::infinity()});
  // json.dumps([0, -7, -2**63, 2**64-1, 1.0, 0.1, 1e-07, 1e16, None, True, False,
  //             float("nan"), float("inf"), float("-inf")])
  EXPECT_EQ(dumps(v, -1),
            "[0, -7, -9223372036854775808, 18446744073709551615, 1.0, 0.1, 1e-07, 1e+16, null, "
            "true, false, NaN, Infinity, -Infinity]");
}

TEST(PyJson, SortKeysByCodePoint) {
  Json v = Json::object();
  v["b"] = 1;
  v["\xc3\xa9"] = 2;  // é sorts after every ASCII key
  v["a"] = 3;
  v["B"] = 4;
  // json.dumps({"b":1,"é":2,"a":3,"B":4}, indent=2, sort_keys=True)
  EXPECT_EQ(dumps(v, 2, true), "{\n  \"B\": 4,\n  \"a\": 3,\n  \"b\": 1,\n  \"\\u00e9\": 2\n}");
}

TEST(PyJson, RoundTripTakesWhatParsingLostFromTheSource) {
  // Non-canonical input: spacing, 1E2, a duplicate key, -0, a lone surrogate
  // in a value and in a key, integers beyond 64 bits, an escaped slash.
  const std::string src =
      "{\"k\":1E2,\"d\":1,  \"e\" : [ ],\"d\":2,\"z\":-0,\"s\":\"\\ud800\",\"\\udc01key\":"
      "[18446744073709551616,-123456789012345678901234567890, 1.5, 2e-7],\"t\":\"caf\xc3\xa9 "
      "\\u2014 \\/\"}";
  // python3: json.dumps(json.loads(src), indent=2)
  EXPECT_EQ(roundtrip(src),
            "{\n  \"k\": 100.0,\n  \"d\": 2,\n  \"e\": [],\n  \"z\": 0,\n  \"s\": \"\\ud800\",\n  "
            "\"\\udc01key\": [\n    18446744073709551616,\n    "
            "-123456789012345678901234567890,\n    1.5,\n    2e-07\n  ],\n  \"t\": \"caf\\u00e9 "
            "\\u2014 /\"\n}");
  // json.dumps(json.loads(src)) (indent=None)
  EXPECT_EQ(roundtrip(src, -1),
            "{\"k\": 100.0, \"d\": 2, \"e\": [], \"z\": 0, \"s\": \"\\ud800\", \"\\udc01key\": "
            "[18446744073709551616, -123456789012345678901234567890, 1.5, 2e-07], \"t\": "
            "\"caf\\u00e9 \\u2014 /\"}");
}

TEST(PyJson, SurrogatesFromTheSource) {
  // json.dumps(json.loads('["\\ud800x", "\\udc00", "\\ud83d\\ude00", "\\u0041\\u00e9",
  //                         "\\ufffd", "a\\\\ud800"]'), indent=2)
  const std::string src =
      "[\"\\ud800x\", \"\\udc00\", \"\\ud83d\\ude00\", \"\\u0041\\u00e9\", \"\\ufffd\", "
      "\"a\\\\ud800\"]";
  EXPECT_EQ(roundtrip(src),
            "[\n  \"\\ud800x\",\n  \"\\udc00\",\n  \"\\ud83d\\ude00\",\n  \"A\\u00e9\",\n  "
            "\"\\ufffd\",\n  \"a\\\\ud800\"\n]");
}

TEST(PyJson, OverflowAndUnderflowLiterals) {
  // json.dumps(json.loads("[-0, 1E2, 1e400, -1e400, -1e-400, NaN, 1.0e0]"))
  EXPECT_EQ(roundtrip("[-0, 1E2, 1e400, -1e400, -1e-400, NaN, 1.0e0]", -1),
            "[0, 100.0, Infinity, -Infinity, -0.0, NaN, 1.0]");
}

TEST(PyJson, CanonicalTextRoundTripsByteForByte) {
  const std::string canonical =
      "{\n  \"version\": \"6.0\",\n  \"score\": 8.5,\n  \"big\": 123456789012345678901234567890,\n"
      "  \"lanes\": [\n    {\n      \"id\": \"L1\",\n      \"note\": \"na\\u00efve \\u2713 "
      "\\ud83d\\ude00\"\n    }\n  ],\n  \"empty\": {},\n  \"none\": null\n}";
  EXPECT_EQ(roundtrip(canonical), canonical);
}

TEST(PyJson, AnchorsMoveSourcesAndDetachNewValues) {
  const std::string src = "{\"list\": [{\"n\": 18446744073709551616}, {\"n\": \"\\ud800\"}]}";
  JsonDocument doc = JsonDocument::parse(src, "t.json");
  // Reverse the list and add a new element: sources follow the anchors.
  Json fresh = Json::array();
  fresh.push_back(doc.json()["list"][1]);
  fresh.push_back(doc.json()["list"][0]);
  fresh.push_back(Json::object({{"n", "\xef\xbf\xbd"}}));
  const auto e0 = doc.entry_of(JsonPath{"list"}.index(0));
  const auto e1 = doc.entry_of(JsonPath{"list"}.index(1));
  ASSERT_TRUE(e0 && e1);
  Json& slot = doc.mutable_json()["list"];
  std::swap(slot, fresh);
  SourceMap map(doc);
  map.anchor(&slot, std::nullopt);
  map.anchor(&slot[0], e1);
  map.anchor(&slot[1], e0);
  map.anchor(&slot[2], std::nullopt);
  std::string out;
  append_py_json(out, doc.json(), PyJsonOptions{-1, false}, &map);
  EXPECT_EQ(out,
            "{\"list\": [{\"n\": \"\\ud800\"}, {\"n\": 18446744073709551616}, {\"n\": "
            "\"\\ufffd\"}]}");
}

TEST(PyStr, MatchesPythonStr) {
  EXPECT_EQ(py_str(Json("x")), "x");
  EXPECT_EQ(py_str(Json(nullptr)), "None");
  EXPECT_EQ(py_str(Json(true)), "True");
  EXPECT_EQ(py_str(Json(12)), "12");
  EXPECT_EQ(py_str(Json(1.0)), "1.0");
  // str(["a", 1, {"k": "it's"}]) == "['a', 1, {'k': \"it's\"}]"
  EXPECT_EQ(py_str(Json::array({"a", 1, Json::object({{"k", "it's"}})})),
            "['a', 1, {'k': \"it's\"}]");
}

}  // namespace
}  // namespace relctl::report
