// relctl preflight, entrypoint and branch-for-version through the binary, on
// a git copy of examples/harbor (profile h2: prerelease branch main, stable
// release/2.x, legacy line 1. -> release/1.x; one claim by storage-agent-2,
// active until 2026-11-22T15:40:00Z).
#include <filesystem>
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_harness.hpp"

namespace relctl::test {
namespace {

using nlohmann::json;
const char* const kNow = "2026-11-22T12:00:00Z";
const char* const kStatus = "docs/release-control/h2/status.json";

class AgentCli : public ::testing::Test {
 protected:
  void SetUp() override {
    root = dir.path() + "/harbor";
    copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", root);
    ASSERT_EQ(git("init -q -b main && git add -A && git -c user.email=t@t -c user.name=t commit "
                  "-qm snapshot"),
              0);
  }
  [[nodiscard]] int git(const std::string& cmd) const {
    return shell("cd '" + root + "' && git " + cmd + " >/dev/null 2>&1");
  }
  RunResult run(std::vector<std::string> extra, const char* now = kNow) const {
    std::vector<std::string> args{"--root", root, "--now", now};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_relctl(args);
  }
  json run_json(std::vector<std::string> extra, int want, const char* now = kNow) const {
    const auto r = run(std::move(extra), now);
    EXPECT_EQ(r.exit_code, want) << r.err;
    EXPECT_FALSE(r.signaled);
    return json::parse(r.out);
  }
  void edit_status(const std::function<void(nlohmann::ordered_json&)>& f) const {
    const std::string p = root + "/" + kStatus;
    nlohmann::ordered_json s = nlohmann::ordered_json::parse(std::ifstream(p));
    f(s);
    std::ofstream(p) << s.dump(2) << "\n";
  }
  TempDir dir;
  std::string root;
};

TEST_F(AgentCli, PreflightPassesOnThePrereleaseBranch) {
  const auto r = run_json({"preflight"}, 0);
  EXPECT_EQ(r["branch"], "main");
  EXPECT_EQ(r["expected_branch"], "main");
  EXPECT_EQ(r["active_profile_id"], "h2");
  EXPECT_EQ(r["active_target_id"], "h2-rc-stabilization");
  EXPECT_EQ(r["agent_id"], "codex");
  EXPECT_EQ(r["active_claim_count"], 1);
  EXPECT_EQ(r["active_claim_ids"], json::array({"storage-agent-2-lane-l3"}));
  EXPECT_EQ(r["agent_active_claim_count"], 0);
  EXPECT_EQ(r["expired_claim_count"], 0);
  EXPECT_EQ(r["require_active_claim"], false);
  EXPECT_EQ(r["errors"], json::array());
}

TEST_F(AgentCli, PreflightRequiresExactlyOneClaimOfTheAgent) {
  auto r = run_json({"preflight", "--require-active-claim"}, 1);
  ASSERT_EQ(r["errors"].size(), 1u);
  EXPECT_EQ(r["errors"][0].get<std::string>().rfind("expected ", 0), 0u);
  r = run_json({"preflight", "--agent-id", "storage-agent-2", "--require-active-claim"}, 0);
  EXPECT_EQ(r["agent_active_claim_ids"], json::array({"storage-agent-2-lane-l3"}));
  EXPECT_EQ(r["agent_active_claim_count"], 1);
}

TEST_F(AgentCli, PreflightCountsAClaimExpiringNowAsExpired) {
  auto r = run_json({"preflight", "--agent-id", "storage-agent-2", "--require-active-claim"}, 1,
                    "2026-11-22T15:40:00Z");
  EXPECT_EQ(r["active_claim_count"], 0);
  EXPECT_EQ(r["expired_claim_count"], 1);
  r = run_json({"preflight", "--agent-id", "storage-agent-2", "--require-active-claim"}, 0,
               "2026-11-22T15:39:59Z");
  EXPECT_EQ(r["active_claim_count"], 1);
}

TEST_F(AgentCli, PreflightFailsOnAnotherBranchAndOnADetachedHead) {
  ASSERT_EQ(git("checkout -q -b feature/x"), 0);
  auto r = run_json({"preflight"}, 1);
  EXPECT_EQ(r["branch"], "feature/x");
  ASSERT_EQ(r["errors"].size(), 1u);
  EXPECT_EQ(r["errors"][0].get<std::string>().rfind("current ", 0), 0u);
  ASSERT_EQ(git("checkout -q --detach"), 0);
  r = run_json({"preflight"}, 1);
  EXPECT_EQ(r["branch"], "");
}

TEST_F(AgentCli, PreflightPrettyIsShortAndSaysWhatFailed) {
  auto r = run({"preflight", "--pretty"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("preflight: passed"), std::string::npos) << r.out;
  r = run({"preflight", "--pretty", "--require-active-claim"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("FAILED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("- expected agent 'codex'"), std::string::npos) << r.out;
}

TEST_F(AgentCli, PreflightRefusesAClaimWithoutAValidExpiry) {
  edit_status([](auto& s) { s["work_claims"][0]["expires_at"] = "tomorrow"; });
  auto r = run({"preflight"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.signaled);
  EXPECT_TRUE(r.out.empty());
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(status\.json:\d+:\d+)"))) << r.err;
  EXPECT_NE(r.err.find("work_claims[0].expires_at"), std::string::npos) << r.err;
  edit_status([](auto& s) { s["work_claims"][0].erase("expires_at"); });
  r = run({"preflight"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("storage-agent-2-lane-l3"), std::string::npos) << r.err;
  edit_status([](auto& s) { s["work_claims"] = "none"; });
  r = run({"preflight"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("work_claims"), std::string::npos) << r.err;
}

TEST_F(AgentCli, PreflightOutsideAGitCheckoutIsBadInput) {
  std::filesystem::remove_all(root + "/.git");
  const auto r = run({"preflight"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("git"), std::string::npos) << r.err;
}

TEST_F(AgentCli, EntrypointListsFilesInReadingOrderAndOurCommands) {
  const auto r = run_json({"entrypoint"}, 0);
  EXPECT_EQ(r["active_profile_id"], "h2");
  EXPECT_EQ(r["default_pick_surface"], "lanes");
  EXPECT_EQ(r["startup_files"], json::array({"docs/release-control/internal/AGENT_VALUES.md",
                                             "docs/release-control/internal/CONTROL_PLANE.md",
                                             "docs/release-control/control_plane.json",
                                             "docs/release-control/h2/SOURCE_OF_TRUTH.md",
                                             "docs/release-control/h2/DEVELOPMENT_PROTOCOL.md"}));
  EXPECT_EQ(r["escalation_files"],
            json::array({kStatus, "docs/release-control/h2/status.schema.json",
                         "docs/release-control/h2/subsystems/registry.json",
                         "docs/release-control/h2/subsystems/"
                         "registry.schema.json"}));
  EXPECT_EQ(r["ordered_files"].size(), 9u);
  EXPECT_EQ(r["prerelease_branch"], "main");
  EXPECT_EQ(r["stable_branch"], "release/2.x");
  EXPECT_EQ(r["subsystems_dir"], "docs/release-control/h2/subsystems");
  EXPECT_EQ(r["targeted_lookup_commands"].size(), 10u);
  EXPECT_EQ(r["startup_commands"][0], "relctl preflight --pretty");
  for (const auto& c : r["targeted_lookup_commands"]) {
    const auto s = c.get<std::string>();
    EXPECT_TRUE(s.rfind("relctl ", 0) == 0 || s.find("worktree_") != std::string::npos) << s;
  }
  const auto text = run({"entrypoint", "--pretty"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("1. docs/release-control/internal/AGENT_VALUES.md"), std::string::npos);
  EXPECT_NE(text.out.find("$ relctl audit --pretty"), std::string::npos);
}

TEST_F(AgentCli, BranchForVersionFollowsLegacyLinesAndPrereleases) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"2.0.0", "release/2.x"},   {"v2.1.0", "release/2.x"}, {"2.0.0-rc.3", "main"},
      {"v2.0.0-rc.3+b7", "main"}, {"1.9.4", "release/1.x"},  {"v1.9.5-rc.1", "release/1.x"},
      {"V1.9.4", "release/2.x"},  {"2.0.0-", "release/2.x"}};
  for (const auto& [version, branch] : cases) {
    const auto r = run({"branch-for-version", version});
    EXPECT_EQ(r.exit_code, 0) << version << r.err;
    EXPECT_EQ(r.out, branch + "\n") << version;
  }
  auto r = run({"branch-for-version", ""});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
  r = run({"branch-for-version"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(AgentCli, ABrokenControlPlaneIsBadInputForEveryAgentCommand) {
  std::ofstream(root + "/docs/release-control/control_plane.json") << "{\"version\": \"1\",";
  for (const auto& cmd : std::vector<std::vector<std::string>>{
           {"preflight"}, {"entrypoint"}, {"branch-for-version", "2.0.0"}}) {
    const auto r = run(cmd);
    EXPECT_EQ(r.exit_code, 2) << cmd[0];
    EXPECT_TRUE(r.out.empty()) << cmd[0];
    EXPECT_NE(r.err.find("control_plane.json:"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace relctl::test
