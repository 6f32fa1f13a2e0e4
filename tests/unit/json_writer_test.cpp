// The fast JSON writer must produce exactly what nlohmann's dump produces.
#include "relctl/report/json_writer.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>

#include <gtest/gtest.h>

namespace relctl::report {
namespace {

using nlohmann::json;

std::string reference(const json& v, int indent) {
  return v.dump(indent, ' ', true, json::error_handler_t::replace);
}

TEST(JsonWriter, MatchesDumpOnHandPickedValues) {
  const json cases[] = {
      nullptr,
      true,
      false,
      0,
      -7,
      std::numeric_limits<std::int64_t>::min(),
      std::numeric_limits<std::uint64_t>::max(),
      0.5,
      1.0,
      -0.0,
      1e300,
      3.14159,
      std::nan(""),
      std::numeric_limits<double>::infinity(),
      "",
      "plain ascii",
      "quote \" backslash \\ slash /",
      "controls \b\f\n\r\t \x01 \x1f \x7f",
      "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80",
      "bad utf-8 \xff here",
      json::object(),
      json::array(),
      json::parse(R"({"b": [1, {"c": []}, {}], "a": {"x": null, "y": [true, "s"]}})"),
      json::array({json::array(), json::object(), json::array({json::array()})}),
  };
  for (const auto& v : cases) {
    for (int indent : {-1, 0, 2, 4}) {
      EXPECT_EQ(to_json_text(v, indent), reference(v, indent)) << v.dump() << " indent " << indent;
    }
  }
}

json random_value(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 5 : 7);
  std::uniform_int_distribution<int> byte(0, 255);
  switch (kind(rng)) {
    case 0:
      return nullptr;
    case 1:
      return static_cast<bool>(rng() & 1);
    case 2:
      return static_cast<std::int64_t>(rng()) - (1LL << 31);
    case 3:
      return std::ldexp(static_cast<double>(rng()), static_cast<int>(rng() % 64) - 32);
    case 4:
    case 5: {
      std::string s;
      for (int i = static_cast<int>(rng() % 12); i > 0; --i) s += static_cast<char>(byte(rng));
      return s;
    }
    case 6: {
      json a = json::array();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i)
        a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i) {
        o["k" + std::to_string(rng() % 100)] = random_value(rng, depth + 1);
      }
      return o;
    }
  }
}

// Strings are tested for escapes sixteen bytes at a time: every byte value,
// at every position of a block and in the tail after the last block, must
// be escaped exactly as dump escapes it.
TEST(JsonWriter, EscapesEveryByteAtEveryPosition) {
  for (int len : {1, 15, 16, 17, 31, 32, 40}) {
    for (int pos = 0; pos < len; ++pos) {
      for (int b = 1; b < 256; ++b) {
        std::string s(static_cast<std::size_t>(len), 'a');
        s[static_cast<std::size_t>(pos)] = static_cast<char>(b);
        const json v = s;
        ASSERT_EQ(to_json_text(v, -1), reference(v, -1))
            << "len " << len << " pos " << pos << " byte " << b;
      }
    }
  }
}

TEST(JsonWriter, MatchesDumpOnRandomValues) {
  std::mt19937 rng(20261122);
  for (int n = 0; n < 2000; ++n) {
    const json v = random_value(rng, 0);
    ASSERT_EQ(to_json_text(v, 2), reference(v, 2)) << n;
    ASSERT_EQ(to_json_text(v, -1), reference(v, -1)) << n;
  }
}

}  // namespace
}  // namespace relctl::report

// write_json hands the text to the stream in pieces of about 1 MB; what
// arrives is the same text, whole, with a newline after it.
TEST(JsonWriter, StreamedTextIsTheWholeText) {
  nlohmann::json v = nlohmann::json::object();
  for (int i = 0; i < 30000; ++i) {
    v["lanes"].push_back(
        {{"id", "L" + std::to_string(i)},
         {"summary", std::string(static_cast<std::size_t>(i % 97), 'x') + "\u00e9"},
         {"score", i},
         {"done", i % 2 == 0}});
  }
  v["empty"] = nlohmann::json::array();
  const std::string whole = relctl::report::to_json_text(v, 2);
  ASSERT_GT(whole.size(), std::size_t{3} << 20);  // several pieces
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  relctl::report::write_json(f, v, 2);
  std::fflush(f);
  std::rewind(f);
  std::string got(whole.size() + 16, '\0');
  got.resize(std::fread(got.data(), 1, got.size(), f));
  std::fclose(f);
  EXPECT_EQ(got, whole + "\n");
}
