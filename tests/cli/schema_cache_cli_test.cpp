// The schema verdict cache through the binary: a clean verdict is remembered
// and reused, a file with violations is validated on every run, a changed
// file is never answered from the cache, and a cache that cannot be written
// costs nothing but speed.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_harness.hpp"
#include "fixture.hpp"

namespace relctl::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class SchemaCacheCli : public ::testing::Test {
 protected:
  RunResult audit(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--root", dir.path(), "--now", "2026-11-22T12:00:00Z"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.emplace_back("audit");
    RunOptions o;
    o.env = {{"RELCTL_NO_CACHE", "0"}, {"RELCTL_CACHE_DIR", cache_dir()}};
    return run_relctl(args, o);
  }
  [[nodiscard]] std::string cache_dir() const { return (fs::path(cache.path()) / "c").string(); }
  [[nodiscard]] std::size_t markers() const {
    const fs::path folder = fs::path(cache_dir()) / "schema-verdicts";
    if (!fs::exists(folder)) return 0;
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
  }
  TempDir dir;
  TempDir cache;
};

TEST_F(SchemaCacheCli, CleanVerdictsAreRememberedAndReusedWithIdenticalOutput) {
  Fixture::minimal().write(dir);
  const auto first = audit();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(markers(), 3u);  // control plane, status, registry
  const auto second = audit();
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
  EXPECT_EQ(markers(), 3u);
}

TEST_F(SchemaCacheCli, ViolationsComeBackFromTheCacheWithTheirPositions) {
  auto f = Fixture::minimal();
  f.status["lanes"][0]["colour"] = "blue";
  f.write(dir);
  std::string first;
  for (int run = 0; run < 2; ++run) {
    const auto r = audit();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = json::parse(r.out);
    ASSERT_EQ(j["schema_violations"].size(), 1u) << "run " << run;
    EXPECT_EQ(j["schema_violations"][0]["path"], "lanes[0]");
    EXPECT_EQ(j["schema_violations"][0]["file"], kStatusPath);
    EXPECT_GT(j["schema_violations"][0]["line"].get<int>(), 1);
    if (run == 0) first = r.out;
    EXPECT_EQ(r.out, first);
  }
  EXPECT_EQ(markers(), 3u);
}

// A violation names the members in the order of the file, with the cache
// and without it (the validator's tree keeps that order).
TEST_F(SchemaCacheCli, MembersAreNamedInTheOrderOfTheFileWithAndWithoutTheCache) {
  auto f = Fixture::minimal();
  f.status["zz_unknown"] = 1;  // written before aa_unknown
  f.status["aa_unknown"] = 2;
  f.write(dir);
  // Without the cache, then twice with it (stored, then read back).
  const std::vector<std::vector<std::string>> runs = {{"--no-cache"}, {}, {}};
  for (const auto& extra : runs) {
    const auto r = audit(extra);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto v = json::parse(r.out)["schema_violations"];
    ASSERT_EQ(v.size(), 1u) << r.out;
    EXPECT_EQ(v[0]["keyword"], "additionalProperties");
    const std::string message = v[0]["message"];
    const auto zz = message.find("zz_unknown");
    const auto aa = message.find("aa_unknown");
    ASSERT_NE(zz, std::string::npos) << message;
    ASSERT_NE(aa, std::string::npos) << message;
    EXPECT_LT(zz, aa) << message;
  }
}

TEST_F(SchemaCacheCli, ADamagedEntryIsValidatedAgain) {
  auto f = Fixture::minimal();
  f.status["lanes"][0]["colour"] = "blue";
  f.write(dir);
  const auto first = audit();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  for (const auto& e : fs::directory_iterator(fs::path(cache_dir()) / "schema-verdicts")) {
    fs::resize_file(e.path(), 3);  // a truncated entry
  }
  const auto again = audit();
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, first.out);
}

TEST_F(SchemaCacheCli, AChangedFileIsValidatedAgain) {
  auto f = Fixture::minimal();
  f.write(dir);
  ASSERT_EQ(audit().exit_code, 0);
  f.status["lanes"][0]["colour"] = "blue";
  f.write(dir);
  const auto j = json::parse(audit().out);
  EXPECT_EQ(j["schema_violations"].size(), 1u);
}

TEST_F(SchemaCacheCli, NoCacheFlagNeitherReadsNorWrites) {
  Fixture::minimal().write(dir);
  const auto r = audit({"--no-cache"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(cache_dir()));
}

TEST_F(SchemaCacheCli, AnUnwritableCacheOnlyCostsSpeed) {
  Fixture::minimal().write(dir);
  cache.write("c", "a file where the cache directory should be\n");
  const auto r = audit();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_TRUE(json::parse(r.out)["schema_violations"].empty());
}

}  // namespace
}  // namespace relctl::test
