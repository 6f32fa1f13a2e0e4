// relctl validate and the schema findings of relctl audit, through the binary.
#include <set>

#include <gtest/gtest.h>

#include "cli_harness.hpp"
#include "fixture.hpp"

namespace relctl::test {
namespace {

class ValidateCli : public ::testing::Test {
 protected:
  RunResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--root", dir.path()});
    return run_relctl(args);
  }
  TempDir dir;
};

TEST_F(ValidateCli, ViolationsCarryPathAndLineCol) {
  auto f = Fixture::minimal();
  f.status["lanes"][0]["colour"] = "blue";              // additionalProperties: false
  f.status["source_precedence"].push_back("extra.md");  // beyond prefixItems with items: false
  f.write(dir);
  const auto r = run({"validate"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["violation_count"], 2);
  const auto& vs = j["files"][1]["violations"];
  ASSERT_EQ(vs.size(), 2u) << vs.dump(2);
  std::set<std::string> paths;
  for (const auto& v : vs) {
    paths.insert(v["path"].get<std::string>());
    EXPECT_GT(v["line"].get<int>(), 1);
    EXPECT_GT(v["col"].get<int>(), 0);
  }
  EXPECT_TRUE(paths.count("lanes[0]")) << vs.dump(2);
  EXPECT_TRUE(paths.count("source_precedence[2]") || paths.count("source_precedence"))
      << vs.dump(2);
}

TEST_F(ValidateCli, CorrectPrefixItemsArrayIsNotAViolation) {
  Fixture::minimal().write(dir);
  const auto r = run({"validate", "--pretty"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("0 violation(s)"), std::string::npos) << r.out;
}

TEST_F(ValidateCli, AnySchemaAgainstAnyFiles) {
  dir.write("s.json", R"({"$schema": "https://json-schema.org/draft/2020-12/schema",
                          "type": "object", "required": ["name"]})");
  dir.write("good.json", R"({"name": "x"})");
  dir.write("bad.json", "{\n  \"other\": 1\n}");
  RunOptions o;
  o.cwd = dir.path();
  EXPECT_EQ(run_relctl({"validate", "--schema", "s.json", "good.json"}, o).exit_code, 0);
  const auto r =
      run_relctl({"validate", "--schema", "s.json", "good.json", "bad.json", "--pretty"}, o);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("bad.json:1:1"), std::string::npos) << r.out;
  EXPECT_EQ(run_relctl({"validate", "--schema", "s.json"}, o).exit_code, 2);
  EXPECT_EQ(run_relctl({"validate", "--schema", "s.json", "missing.json"}, o).exit_code, 2);
}

TEST_F(ValidateCli, UnsupportedKeywordIsRefusedWithItsLocation) {
  auto f = Fixture::minimal();
  f.status_schema["$defs"]["lane"]["unevaluatedProperties"] = false;
  f.write(dir);
  const auto r = run({"validate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unevaluatedProperties"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("status.schema.json:"), std::string::npos) << r.err;
}

TEST_F(ValidateCli, AuditKeepsSchemaViolationsApartUnlessStrict) {
  auto f = Fixture::minimal();
  f.status["lanes"][0]["colour"] = "blue";
  f.write(dir);
  const auto plain = run({"audit"});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  const auto j = nlohmann::json::parse(plain.out);
  EXPECT_EQ(j["schema_violations"].size(), 1u);
  EXPECT_EQ(j["schema_violations"][0]["path"], "lanes[0]");
  const auto strict = run({"audit", "--strict"});
  const auto k = nlohmann::json::parse(strict.out);
  EXPECT_EQ(k["errors"].size(), j["errors"].size() + 1);
}

}  // namespace
}  // namespace relctl::test
