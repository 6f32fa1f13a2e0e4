// relctl claim through the binary: dry runs, writes, renewals, releases,
// conflicts, --list, and every kind of bad input (message, exit code, and
// status.json left byte for byte as it was).
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "claim_fixture.hpp"
#include "cli_harness.hpp"

namespace relctl::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
const char* const kNow = "2026-11-22T12:00:00Z";

class ClaimCli : public ::testing::Test {
 protected:
  void SetUp() override { claim_fixture().write(dir); }
  [[nodiscard]] std::string status() const { return dir.read(kStatusPath); }
  [[nodiscard]] std::string status_file() const { return dir.path() + "/" + kStatusPath; }
  RunResult run(std::vector<std::string> extra, const char* now = kNow) const {
    std::vector<std::string> args{"--root", dir.path(), "--now", now, "claim"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_relctl(args);
  }
  // Runs a request that must fail with `code`, say why on stderr, and leave
  // status.json untouched.
  void expect_refused(std::vector<std::string> extra, int code, const std::string& says) const {
    const std::string before = status();
    extra.push_back("--write");
    const auto r = run(extra);
    EXPECT_EQ(r.exit_code, code) << r.err;
    EXPECT_FALSE(r.signaled);
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_EQ(status(), before);
  }
  static std::vector<std::string> claim(const char* lane, const char* agent) {
    return {"--kind", "lane", "--id", lane, "--agent-id", agent, "--summary", "Work on it"};
  }
  TempDir dir;
};

TEST_F(ClaimCli, DryRunReportsWithoutWriting) {
  const std::string before = status();
  const auto r = run(claim("L3", "agent-a"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["action"], "claimed");
  EXPECT_EQ(j["write_applied"], false);
  EXPECT_EQ(j["status_path"], kStatusPath);
  EXPECT_EQ(j["active_target_id"], "t1");
  EXPECT_EQ(j["claim"]["id"], "agent-a-lane-l3");
  EXPECT_EQ(j["claim"]["expires_at"], "2026-11-22T14:00:00Z");
  EXPECT_EQ(status(), before);
}

TEST_F(ClaimCli, WriteRenewReleaseRoundTrip) {
  std::vector<std::string> args = claim("L3", "agent-a");
  args.push_back("--write");
  auto r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["write_applied"], true);
  const std::string written = status();
  json st = json::parse(written);
  ASSERT_EQ(st["work_claims"].size(), 1u);
  EXPECT_EQ(st["work_claims"][0]["agent_id"], "agent-a");
  // The written file is in the reference's layout: two-space indent, ASCII.
  EXPECT_EQ(written.rfind("{\n  \"version\": ", 0), 0u) << written.substr(0, 40);
  EXPECT_EQ(written.back(), '\n');

  // Renew an hour later with a shorter lease.
  args = claim("L3", "agent-a");
  args.insert(args.end(), {"--ttl-hours", "0.5", "--write"});
  r = run(args, "2026-11-22T13:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["action"], "renewed");
  EXPECT_EQ(j["claim"]["claimed_at"], "2026-11-22T12:00:00Z");
  EXPECT_EQ(j["claim"]["expires_at"], "2026-11-22T13:30:00Z");

  // Release: back to the list without claims.
  r = run({"--release", "--agent-id", "agent-a", "--write"}, "2026-11-22T13:05:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = json::parse(r.out);
  EXPECT_EQ(j["action"], "released");
  EXPECT_EQ(j["released_claims"].size(), 1u);
  EXPECT_TRUE(json::parse(status())["work_claims"].empty());
}

TEST_F(ClaimCli, ConflictNamesTheHolderAndExpiryAndExitsOne) {
  std::vector<std::string> args = claim("L1", "agent-a");
  args.push_back("--write");
  ASSERT_EQ(run(args).exit_code, 0);
  const std::string before = status();
  args = claim("L1", "agent-b");
  args.push_back("--write");
  const auto r = run(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("relctl: conflict: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("agent 'agent-a'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2026-11-22T14:00:00Z"), std::string::npos) << r.err;
  EXPECT_EQ(status(), before);
  // Narrower work inside the held lane is refused too.
  const auto n = run({"--kind", "release-gate", "--id", "g1", "--agent-id", "agent-b", "--summary",
                      "gate work", "--write"});
  EXPECT_EQ(n.exit_code, 1);
  EXPECT_NE(n.err.find("the whole lane L1"), std::string::npos) << n.err;
  EXPECT_EQ(status(), before);
  // A code of its own on request; other refusals keep 1.
  args.push_back("--conflict-exit-code");
  EXPECT_EQ(run(args).exit_code, 5);
  EXPECT_EQ(run({"--kind", "lane", "--id", "L404", "--agent-id", "agent-b", "--summary", "x",
                 "--conflict-exit-code"})
                .exit_code,
            1);
  EXPECT_EQ(status(), before);
}

TEST_F(ClaimCli, BadRequestsAreRefusedAndLeaveTheFileAlone) {
  expect_refused({"--kind", "not-a-kind", "--id", "L1", "--agent-id", "a", "--summary", "s"}, 1,
                 "'not-a-kind'");
  expect_refused(claim("L999", "a"), 1, "L999");
  auto with = [](std::vector<std::string> v, std::initializer_list<std::string> more) {
    v.insert(v.end(), more);
    return v;
  };
  expect_refused(with(claim("L1", "a"), {"--target-id", "nope"}), 1, "unknown target 'nope'");
  expect_refused(with(claim("L1", "a"), {"--target-id", "t0"}), 1, "completed");
  expect_refused(with(claim("L1", "a"), {"--ttl-hours", "0"}), 1, "greater than 0");
  expect_refused(with(claim("L1", "a"), {"--ttl-hours", "-2"}), 1, "greater than 0");
  expect_refused(with(claim("L1", "a"), {"--ttl-hours", "nan"}), 1, "greater than 0");
  expect_refused(with(claim("L1", "a"), {"--ttl-hours", "169"}), 1, "longest lease");
  expect_refused(with(claim("L1", "a"), {"--ttl-hours", "abc"}), 2, "not a number");
  expect_refused(claim("L1", "agent a"), 1, "whitespace");
  expect_refused(claim("L1", "agent\x01"), 1, "control character");
  expect_refused({"--kind", "lane", "--id", "L1", "--agent-id", "a"}, 1, "--summary");
  expect_refused({"--release", "--agent-id", "nobody"}, 1, "no active claim");
  expect_refused({"--release", "--agent-id", "a", "--kind", "lane"}, 1, "--kind and --id");
  expect_refused({"--list", "--write"}, 2, "--list");
}

TEST_F(ClaimCli, MissingStatusFileIsBadInputNamingIt) {
  fs::remove(status_file());
  const auto r = run(claim("L1", "a"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(kStatusPath), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(status_file()));
  std::vector<std::string> args = claim("L1", "a");
  args.push_back("--write");
  const auto w = run(args);
  EXPECT_EQ(w.exit_code, 2);
  EXPECT_NE(w.err.find(kStatusPath), std::string::npos) << w.err;
  EXPECT_FALSE(fs::exists(status_file()));
  // A status path whose folder does not exist: still bad input, and
  // nothing is created.
  auto f = claim_fixture();
  f.control_plane["profiles"][0]["status"] = "docs/release-control/p1/gone/status.json";
  f.write(dir);
  fs::remove(status_file());
  const auto g = run(args);
  EXPECT_EQ(g.exit_code, 2) << g.err;
  EXPECT_NE(g.err.find("docs/release-control/p1/gone/status.json"), std::string::npos) << g.err;
  EXPECT_FALSE(fs::exists(dir.path() + "/docs/release-control/p1/gone"));
}

TEST_F(ClaimCli, MalformedStatusFileIsBadInputWithLineAndColumn) {
  dir.write(kStatusPath, "{\n  \"lanes\": [,]\n}\n");
  const auto r = run(claim("L1", "a"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(std::string(kStatusPath) + ":2:"), std::string::npos) << r.err;
}

TEST_F(ClaimCli, ReadOnlyStatusFileIsNotReplaced) {
  fs::permissions(status_file(), fs::perms::owner_read | fs::perms::group_read);
  std::vector<std::string> args = claim("L1", "a");
  args.push_back("--write");
  const std::string before = status();
  const auto r = run(args);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
  EXPECT_EQ(status(), before);
  EXPECT_EQ(fs::status(status_file()).permissions(), fs::perms::owner_read | fs::perms::group_read);
  // Without --write nothing needs to be written: the dry run works.
  EXPECT_EQ(run(claim("L1", "a")).exit_code, 0);
}

TEST_F(ClaimCli, LockTimeoutIsExitFourAndWritesNothing) {
  const std::string folder = fs::path(status_file()).parent_path().string();
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  std::vector<std::string> args = claim("L1", "a");
  args.insert(args.end(), {"--write", "--lock-timeout", "0.3"});
  const std::string before = status();
  const auto r = run(args);
  ::close(fd);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("lock"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(std::to_string(::getpid())), std::string::npos) << r.err;  // the holder
  EXPECT_EQ(status(), before);
  // Once the lock is free the same command goes through.
  EXPECT_EQ(run(args).exit_code, 0);
}

TEST_F(ClaimCli, WriteKeepsPermissionsAndRemovesOrphanedTemporaryFiles) {
  fs::permissions(status_file(),
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  const std::string orphan =
      fs::path(status_file()).parent_path().string() + "/.status.json.relctl-ABC123";
  dir.write(std::string(kStatusPath).substr(0, std::string(kStatusPath).rfind('/')) +
                "/.status.json.relctl-ABC123",
            "{\"half\": ");
  std::vector<std::string> args = claim("L1", "a");
  args.push_back("--write");
  ASSERT_EQ(run(args).exit_code, 0);
  EXPECT_EQ(fs::status(status_file()).permissions(),
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_FALSE(fs::exists(orphan));
  for (const auto& e : fs::directory_iterator(fs::path(status_file()).parent_path())) {
    EXPECT_EQ(e.path().filename().string().find(".relctl-"), std::string::npos) << e.path();
  }
}

TEST_F(ClaimCli, WritesThroughASymlinkedStatusFile) {
  const fs::path real = fs::path(dir.path()) / "elsewhere.json";
  fs::rename(status_file(), real);
  fs::create_symlink(real, status_file());
  std::vector<std::string> args = claim("L1", "a");
  args.push_back("--write");
  ASSERT_EQ(run(args).exit_code, 0);
  EXPECT_TRUE(fs::is_symlink(status_file()));
  EXPECT_EQ(json::parse(dir.read("elsewhere.json"))["work_claims"].size(), 1u);
}

TEST_F(ClaimCli, ListShowsActiveExpiredAndConflictingClaims) {
  auto st = claim_fixture().status;
  st["work_claims"] = nlohmann::ordered_json::parse(R"([
    {"id": "a-lane-l1", "agent_id": "a", "summary": "s", "target_id": "t1",
     "claimed_at": "2026-11-22T11:00:00Z", "heartbeat_at": "2026-11-22T11:00:00Z",
     "expires_at": "2026-11-22T13:00:00Z", "work_item": {"kind": "lane", "id": "L1"}},
    {"id": "b-release-gate-g1", "agent_id": "b", "summary": "s", "target_id": "t1",
     "claimed_at": "2026-11-22T11:30:00Z", "heartbeat_at": "2026-11-22T11:30:00Z",
     "expires_at": "2026-11-22T13:30:00Z", "work_item": {"kind": "release-gate", "id": "g1"}},
    {"id": "c-lane-l2", "agent_id": "c", "summary": "s", "target_id": "t1",
     "claimed_at": "2026-11-22T08:00:00Z", "heartbeat_at": "2026-11-22T08:00:00Z",
     "expires_at": "2026-11-22T10:00:00Z", "work_item": {"kind": "lane", "id": "L2"}}])");
  dir.write(kStatusPath, st.dump(2) + "\n");
  const auto r = run({"--list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["active_claims"].size(), 2u);
  EXPECT_EQ(j["expired_claims"].size(), 1u);
  ASSERT_EQ(j["conflicts"].size(), 1u);
  EXPECT_EQ(j["conflicts"][0]["kind"], "lane-overlap");
  EXPECT_EQ(j["conflicts"][0]["claim_ids"], json::array({"a-lane-l1", "b-release-gate-g1"}));
  const auto p = run({"--list", "--pretty"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_NE(p.out.find("STATE"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("expired"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("lane-overlap"), std::string::npos) << p.out;
}

TEST_F(ClaimCli, PrettyClaimAndHelp) {
  const auto r =
      run({"--kind", "lane", "--id", "L2", "--agent-id", "a", "--summary", "s", "--pretty"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("action=claimed"), std::string::npos) << r.out;
  const auto h = run_relctl({"claim", "--help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("Examples:"), std::string::npos);
  EXPECT_NE(h.out.find("--lock-timeout"), std::string::npos);
}

TEST_F(ClaimCli, StagedDoesNotApply) {
  const auto r = run_relctl({"--root", dir.path(), "--staged", "claim", "--list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--staged"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace relctl::test
