// Whole-binary tests of input handling: root discovery, missing and broken
// files, --staged, --now. Every failure must be exit 2 with a message naming
// the file (and line:col where there is one), never a crash.
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "cli_harness.hpp"
#include "fixture.hpp"

namespace relctl::test {
namespace {

class InputsCli : public ::testing::Test {
 protected:
  void SetUp() override { Fixture::minimal().write(dir); }
  RunResult run(std::vector<std::string> args, RunOptions o = {}) {
    args.insert(args.begin(), {"--root", dir.path()});
    return run_relctl(args, o);
  }
  static void expect_bad_input(const RunResult& r, const std::string& must_mention) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_FALSE(r.signaled);
    EXPECT_NE(r.err.find(must_mention), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
  }
  TempDir dir;
};

TEST_F(InputsCli, ValidFixtureValidates) {
  const auto r = run({"validate"});
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["violation_count"], 0);
  EXPECT_EQ(j["files"].size(), 3u);
}

TEST_F(InputsCli, RootIsFoundFromTheWorkingDirectory) {
  std::filesystem::create_directories(dir.path() + "/src/deep");
  RunOptions o;
  o.cwd = dir.path() + "/src/deep";
  EXPECT_EQ(run_relctl({"validate"}, o).exit_code, 0);
  RunOptions env;
  env.cwd = "/";
  env.env["RELCTL_ROOT"] = dir.path();
  EXPECT_EQ(run_relctl({"validate"}, env).exit_code, 0);
  RunOptions nowhere;
  nowhere.cwd = "/";
  expect_bad_input(run_relctl({"validate"}, nowhere), "control_plane.json");
}

TEST_F(InputsCli, MalformedJsonNamesFileLineAndColumn) {
  dir.write(kStatusPath,
            "{\n  \"version\": \"6.0\",\n  \"lanes\": [\n    {\"id\": \"L1\",}\n  ]\n}\n");
  const auto r = run({"audit"});
  expect_bad_input(r, std::string(kStatusPath) + ":4:17:");
  EXPECT_TRUE(r.out.empty()) << "nothing may be printed on stdout before the failure";
}

TEST_F(InputsCli, MissingFileNamesTheSettingThatNamedIt) {
  std::filesystem::remove(dir.path() + "/" + kRegistryPath);
  const auto r = run({"audit"});
  expect_bad_input(r, "missing file");
  EXPECT_NE(r.err.find("profile p1.registry"), std::string::npos) << r.err;
}

TEST_F(InputsCli, HostileFilesAreRefusedCleanly) {
  struct Case {
    std::string content;
    std::string mention;
  };
  const Case cases[] = {
      {"", "empty"},
      {"\xEF\xBB\xBF{}", "byte order mark"},
      {"{\"version\": \"6\xff\"}", "invalid UTF-8"},
      {std::string(100000, '['), "nesting"},
      {"{\"lanes\": [1, 2", "end of the file"},
      {"[1, 2]", "object"},
  };
  for (const auto& c : cases) {
    dir.write(kStatusPath, c.content);
    expect_bad_input(run({"audit"}), c.mention);
  }
}

TEST_F(InputsCli, DirectoryWhereAFileShouldBe) {
  std::filesystem::remove(dir.path() + "/" + kStatusPath);
  std::filesystem::create_directories(dir.path() + "/" + kStatusPath);
  expect_bad_input(run({"audit"}), "is a directory");
}

TEST_F(InputsCli, BrokenControlPlaneGivesPathAndPosition) {
  auto f = Fixture::minimal();
  f.control_plane["targets"][0]["completion_rule"] = "whenever";
  f.write(dir);
  const auto r = run({"audit"});
  expect_bad_input(r, "targets[0].completion_rule");
  EXPECT_NE(r.err.find("control_plane.json:"), std::string::npos);
}

TEST_F(InputsCli, StagedReadsTheIndex) {
  ASSERT_EQ(shell("cd '" + dir.path() + "' && git init -q && git add -A"), 0);
  // Break the work-tree copy only: --staged must not see it.
  dir.write(kStatusPath, "{ not json");
  EXPECT_EQ(run({"--staged", "validate"}).exit_code, 0);
  expect_bad_input(run({"validate"}), kStatusPath);
}

TEST_F(InputsCli, NowMustBeRfc3339) {
  expect_bad_input(run({"--now", "yesterday", "audit"}), "RFC 3339");
  RunOptions o;
  o.env["RELCTL_NOW"] = "2026-13-01T00:00:00Z";
  expect_bad_input(run({"audit"}, o), "RELCTL_NOW");
  EXPECT_EQ(run({"--now", "2026-11-22T12:00:00Z", "audit"}).exit_code, 0);
}

TEST_F(InputsCli, GlobalOptionsMayFollowTheSubcommand) {
  RunOptions o;
  o.cwd = "/";
  const auto r = run_relctl({"validate", "--root", dir.path()}, o);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(InputsCli, VerboseExplainsOnStderrOnly) {
  const auto quiet = run({"--now", "2026-11-22T12:00:00Z", "audit"});
  const auto loud = run({"-v", "--now", "2026-11-22T12:00:00Z", "audit"});
  EXPECT_EQ(quiet.err, "");
  EXPECT_NE(loud.err.find("repository root " + dir.path()), std::string::npos) << loud.err;
  EXPECT_NE(loud.err.find("clock pinned"), std::string::npos) << loud.err;
  EXPECT_EQ(quiet.out, loud.out);
}

TEST_F(InputsCli, UnreadableFile) {
  if (geteuid() == 0) GTEST_SKIP() << "root can read files without permission";
  std::filesystem::permissions(dir.path() + "/" + kStatusPath, std::filesystem::perms::none);
  expect_bad_input(run({"audit"}), kStatusPath);
}

}  // namespace
}  // namespace relctl::test
