// The status audit's result cache through the binary (report/audit_cache.hpp):
// every command that runs the status audit answers from a remembered result
// exactly what it computes without one, and stops using it as soon as
// anything the result rests on changes: a control file, an evidence file on
// disk, a repository root from the environment, the time passing a claim's
// expiry, a damaged entry.
#include <filesystem>
#include <fstream>
#include <functional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_harness.hpp"

namespace relctl::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ojson = nlohmann::ordered_json;
const char* const kStatus = "docs/release-control/h2/status.json";
const char* const kUsed = "remembered result used";

class AuditCacheCli : public ::testing::Test {
 protected:
  void SetUp() override {
    root = dir.path() + "/harbor";
    copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", root);
    ASSERT_EQ(shell("cd '" + root +
                    "' && git init -q && git add -A && git -c user.email=t@t -c user.name=t "
                    "commit -qm snapshot"),
              0);
  }
  [[nodiscard]] std::string read(const std::string& rel) const {
    std::ifstream f(root + "/" + rel);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories(fs::path(root + "/" + rel).parent_path());
    std::ofstream(root + "/" + rel) << text;
  }
  // relctl -v ARGS with the cache on (cached) or off.
  [[nodiscard]] RunResult run(const std::vector<std::string>& extra, bool cached,
                              const char* now = "2026-11-22T12:00:00Z") const {
    std::vector<std::string> args{"-v", "--root", root, "--now", now};
    args.insert(args.end(), extra.begin(), extra.end());
    RunOptions o;
    o.env = env;
    if (cached) {
      o.env["RELCTL_NO_CACHE"] = "0";
      o.env["RELCTL_CACHE_DIR"] = cache.path();
    }
    return run_relctl(args, o);
  }
  // Runs ARGS without the cache, then with it: same output and exit code.
  // Returns whether the cached run used a remembered result.
  bool same_as_computed(const std::vector<std::string>& extra,
                        const char* now = "2026-11-22T12:00:00Z") {
    const auto plain = run(extra, false, now);
    const auto cached = run(extra, true, now);
    EXPECT_FALSE(cached.signaled);
    EXPECT_EQ(cached.out, plain.out) << testing::PrintToString(extra);
    EXPECT_EQ(cached.exit_code, plain.exit_code) << testing::PrintToString(extra);
    last = plain.out;
    return cached.err.find(kUsed) != std::string::npos;
  }
  [[nodiscard]] std::vector<fs::path> entries() const {
    std::vector<fs::path> out;
    const fs::path folder = fs::path(cache.path()) / "audit-results";
    if (!fs::exists(folder)) return out;
    for (const auto& e : fs::directory_iterator(folder)) out.push_back(e.path());
    return out;
  }
  TempDir dir;
  TempDir cache;
  std::string root;
  std::map<std::string, std::string> env;
  std::string last;  // the last output computed without the cache
};

// Each command twice: first computed and remembered, then answered from
// the cache, byte for byte what it computes without one.
TEST_F(AuditCacheCli, EveryCommandAnswersTheSameFromARememberedResult) {
  const std::vector<std::vector<std::string>> commands = {
      {"audit"},
      {"audit", "--check"},
      {"audit", "--pretty"},
      {"audit", "--strict", "--check"},
      {"audit", "control-plane"},
      {"lookup", "lane", "L3"},
      {"lookup", "claim", "storage-agent-2-lane-l3"},
      {"lookup", "lane", "L99"},
      {"owners", "internal/engine/chain/walk.go", "web/console/src/main.ts"},
      {"audit", "all"},
  };
  for (const auto& c : commands) {
    fs::remove_all(fs::path(cache.path()) / "audit-results");
    EXPECT_FALSE(same_as_computed(c)) << "first run of " << testing::PrintToString(c);
    EXPECT_TRUE(same_as_computed(c)) << "second run of " << testing::PrintToString(c);
  }
  // One entry per form of the audit (plain, --strict, and the status report
  // with and without a version), shared by the commands that use it.
  fs::remove_all(fs::path(cache.path()) / "audit-results");
  for (const auto& c : commands) (void)same_as_computed(c);
  EXPECT_EQ(entries().size(), 4u);
  for (const auto& c : commands) {
    EXPECT_TRUE(same_as_computed(c)) << "third run of " << testing::PrintToString(c);
  }
}

// An evidence file deleted, then put back, then replaced by a folder: each
// time the answer changes, and the cache gives the new one.
TEST_F(AuditCacheCli, AChangeOnDiskIsSeen) {
  const std::string evidence = "docs/release-control/h2/records/key-rotation-drill-2026-11-18.md";
  ASSERT_TRUE(fs::exists(root + "/" + evidence));
  EXPECT_FALSE(same_as_computed({"audit"}));
  EXPECT_TRUE(same_as_computed({"audit"}));
  const std::string before = last;
  const std::string text = read(evidence);
  fs::remove(root + "/" + evidence);
  EXPECT_FALSE(same_as_computed({"audit"}));
  EXPECT_NE(last, before) << "the deleted evidence changed nothing";
  EXPECT_TRUE(same_as_computed({"audit"}));
  write(evidence, text);
  EXPECT_FALSE(same_as_computed({"audit"}));
  EXPECT_EQ(last, before);
  fs::remove(root + "/" + evidence);
  fs::create_directories(root + "/" + evidence);
  EXPECT_FALSE(same_as_computed({"audit"}));
  EXPECT_NE(last, before);
  // And the lookups and the ownership lookup see it too.
  EXPECT_FALSE(same_as_computed({"lookup", "lane", "L2"}));
  fs::remove(root + "/" + evidence);
  write(evidence, text);
  EXPECT_FALSE(same_as_computed({"lookup", "lane", "L2"}));
}

// A control file edited: a miss, whatever the file.
TEST_F(AuditCacheCli, AnEditedControlFileIsSeen) {
  EXPECT_FALSE(same_as_computed({"audit"}));
  const std::string before = last;
  auto status = ojson::parse(read(kStatus));
  status["lanes"][0]["current_score"] = 1;
  write(kStatus, status.dump(2) + "\n");
  EXPECT_FALSE(same_as_computed({"audit"}));
  EXPECT_NE(last, before);
  const std::string schema = "docs/release-control/h2/status.schema.json";
  auto s = ojson::parse(read(schema));
  s["$defs"]["lane"]["properties"]["status"]["enum"] = json::array({"partial"});
  write(schema, s.dump(2));
  EXPECT_FALSE(same_as_computed({"audit"}));
  EXPECT_FALSE(same_as_computed({"lookup", "lane", "L1"}));
  write("VERSION", "9.9.9\n");
  EXPECT_FALSE(same_as_computed({"audit"}));
  EXPECT_FALSE(same_as_computed({"lookup", "lane", "L1"}));
  EXPECT_TRUE(same_as_computed({"lookup", "lane", "L1"}));
}

// `owners` and the registry audit read a few facts of status.json (the
// local repository's id, the active repositories, the lane ids) from a
// cache of their own (report/status_facts.hpp): each edited in turn, both
// give what they compute without the caches.
TEST_F(AuditCacheCli, TheFactsOfAnEditedStatusFileAreSeen) {
  const std::vector<std::string> owners = {"owners", "repos/harbor/internal/engine/chain/walk.go"};
  const std::vector<std::string> registry = {"audit", "registry"};
  const std::vector<std::function<void(ojson&)>> edits = {
      [](ojson& s) { s["lanes"][0]["id"] = "L77"; },
      [](ojson& s) {
        s["scope"]["control_plane_repo"] = "elsewhere";
        s["evidence_reference_policy"]["local_repo"] = "elsewhere";
      },
      [](ojson& s) { s["scope"]["active_repos"] = json::array({"elsewhere"}); },
  };
  (void)same_as_computed(owners);
  (void)same_as_computed(registry);
  for (std::size_t i = 0; i < edits.size(); ++i) {
    EXPECT_TRUE(fs::exists(fs::path(cache.path()) / "status-facts"));
    (void)same_as_computed(owners);
    const std::string owners_before = last;
    (void)same_as_computed(registry);
    const std::string registry_before = last;
    auto status = ojson::parse(read(kStatus));
    edits[i](status);
    write(kStatus, status.dump(2) + "\n");
    (void)same_as_computed(owners);
    const bool owners_changed = last != owners_before;
    (void)same_as_computed(registry);
    EXPECT_TRUE(owners_changed || last != registry_before) << "edit " << i << " changed nothing";
  }
}

// The claim in the example expires at 15:40: a result computed at noon
// holds until then and not a microsecond longer; one computed after it
// holds from the expiry on.
TEST_F(AuditCacheCli, TheTimePassingAClaimsExpiryIsSeen) {
  EXPECT_FALSE(same_as_computed({"audit"}, "2026-11-22T12:00:00Z"));
  const std::string noon = last;
  EXPECT_TRUE(same_as_computed({"audit"}, "2026-11-22T15:39:59Z"));
  EXPECT_EQ(last, noon);
  EXPECT_FALSE(same_as_computed({"audit"}, "2026-11-22T15:40:00Z"));
  EXPECT_NE(last, noon) << "the expiry changed nothing";
  EXPECT_TRUE(same_as_computed({"audit"}, "2027-06-01T00:00:00Z"));
  EXPECT_FALSE(same_as_computed({"audit"}, "2026-11-22T15:39:59Z"));
  EXPECT_EQ(last, noon);
}

// A sibling repository's root comes from the environment: another value, a
// miss.
TEST_F(AuditCacheCli, ARepositoryRootFromTheEnvironmentIsSeen) {
  auto status = ojson::parse(read(kStatus));
  status["scope"]["active_repos"].push_back("harbor-agent");
  status["scope"]["repo_catalog"].push_back(
      {{"id", "harbor-agent"}, {"purpose", "The agent."}, {"visibility", "public"}});
  auto ref = status["lanes"][0]["evidence"][0];
  ref["repo"] = "harbor-agent";
  ref["path"] = "cmd/agent/main.go";
  status["lanes"][0]["evidence"].push_back(ref);
  write(kStatus, status.dump(2) + "\n");
  TempDir with, without;
  with.write("cmd/agent/main.go", "package main\n");
  fs::create_directories(without.path() + "/cmd");
  env["PULSE_REPO_ROOT_HARBOR_AGENT"] = with.path();
  EXPECT_FALSE(same_as_computed({"audit"}));
  const std::string found = last;
  EXPECT_TRUE(same_as_computed({"audit"}));
  env["PULSE_REPO_ROOT_HARBOR_AGENT"] = without.path();
  EXPECT_FALSE(same_as_computed({"audit"}));
  EXPECT_NE(last, found) << "the other root changed nothing";
  env.erase("PULSE_REPO_ROOT_HARBOR_AGENT");
  EXPECT_FALSE(same_as_computed({"audit"}));
}

// A damaged or truncated entry is a miss, and is written again whole.
TEST_F(AuditCacheCli, ADamagedEntryIsAMiss) {
  EXPECT_FALSE(same_as_computed({"audit"}));
  ASSERT_EQ(entries().size(), 1u);
  const fs::path entry = entries()[0];
  const auto size = fs::file_size(entry);
  {
    std::fstream f(entry, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    f.put('#');
  }
  EXPECT_FALSE(same_as_computed({"audit"}));
  EXPECT_TRUE(same_as_computed({"audit"}));
  fs::resize_file(entry, size / 3);
  EXPECT_FALSE(same_as_computed({"audit"}));
  EXPECT_EQ(fs::file_size(entry), size);
  EXPECT_TRUE(same_as_computed({"audit"}));
}

}  // namespace
}  // namespace relctl::test
