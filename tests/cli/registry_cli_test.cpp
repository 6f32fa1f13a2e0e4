// relctl owners, audit registry, audit control-plane and audit all through
// the binary, on a git copy of examples/harbor in a folder NOT named like
// the repository (the control plane calls it "harbor").
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_harness.hpp"
#include "relctl/registry/contract_cache.hpp"

namespace relctl::test {
namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;
const char* const kNow = "2026-11-22T12:00:00Z";
const char* const kRegistry = "docs/release-control/h2/subsystems/registry.json";
const char* const kStatus = "docs/release-control/h2/status.json";

class RegistryCli : public ::testing::Test {
 protected:
  void SetUp() override {
    root = dir.path() + "/checkout-under-another-name";
    copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", root);
    commit();
  }
  void commit() const {
    ASSERT_EQ(shell("cd '" + root +
                    "' && (git init -q 2>/dev/null; git add -A && git -c user.email=t@t -c "
                    "user.name=t commit -qm snapshot --allow-empty)"),
              0);
  }
  void write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories(std::filesystem::path(root + "/" + rel).parent_path());
    std::ofstream(root + "/" + rel) << text;
  }
  [[nodiscard]] std::string read(const std::string& rel) const {
    std::ifstream f(root + "/" + rel);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }
  RunResult run(std::vector<std::string> extra, RunOptions o = {}) const {
    std::vector<std::string> args{"--root", root, "--now", kNow};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_relctl(args, o);
  }
  json run_json(std::vector<std::string> extra, int want = 0) const {
    const auto r = run(std::move(extra));
    EXPECT_EQ(r.exit_code, want) << r.err;
    EXPECT_FALSE(r.signaled);
    return json::parse(r.out);
  }
  TempDir dir;
  std::string root;
};

TEST_F(RegistryCli, OwnersAnswersOwnedTestAndUnownedPaths) {
  const auto r = run_json(
      {"owners", "web/console/src/main.ts", "tests/e2e/full-restore.spec.ts", "nope/unowned.go"});
  ASSERT_EQ(r["files"].size(), 3u);
  const auto& owned = r["files"][0];
  EXPECT_EQ(owned["classification"], "runtime");
  ASSERT_EQ(owned["matches"].size(), 1u);
  EXPECT_EQ(owned["matches"][0]["subsystem"], "web-console");
  EXPECT_EQ(owned["matches"][0]["verification_requirement"]["id"], "console-app");
  EXPECT_EQ(owned["matches"][0]["verification_requirement"]["touched_runtime_files"],
            json::array({"web/console/src/main.ts"}));
  EXPECT_FALSE(owned["matches"][0]["matched_contract_references"].empty());
  EXPECT_TRUE(owned["contract_update_required"].get<bool>());
  const auto& test = r["files"][1];
  EXPECT_EQ(test["classification"], "test-or-fixture");
  EXPECT_FALSE(test["contract_update_required"].get<bool>());
  EXPECT_EQ(r["unowned_runtime_files"], json::array({"nope/unowned.go"}));
  EXPECT_EQ(r["required_contract_updates"][0]["reason"], "owner");
  EXPECT_TRUE(r.contains("scope"));
  EXPECT_TRUE(r.contains("status_summary"));
}

TEST_F(RegistryCli, OwnersReadsEachContractWhole) {
  // Contracts are read one after another into one buffer: a long one before
  // the others (in path order) must leave nothing of itself in theirs. Its
  // last section is one the lookup reads, naming a path it would then match.
  const std::vector<std::string> args{"owners", "web/console/src/main.ts", "web/leak/file.ts",
                                      "tests/e2e/single-file-restore.spec.ts"};
  const auto before = run_json(args);
  std::string notes = "# Notes\n\n## Current State\n\n";
  while (notes.size() < 600 * 1024) notes += "Plain prose, read by people and not by relctl.\n";
  notes += "\n## Extension Points\n\n1. `web/leak/file.ts` - not a contract's.\n";
  write("docs/release-control/h2/subsystems/a-notes.md", notes);
  commit();
  EXPECT_EQ(run_json(args), before);
}

TEST_F(RegistryCli, OwnersLeanIsCompact) {
  const auto r = run_json({"owners", "--lean", "web/console/src/main.ts"});
  EXPECT_FALSE(r.contains("scope"));
  const auto& lc = r["files"][0]["matches"][0]["lane_context"];
  EXPECT_TRUE(lc.contains("open_decision_ids"));
  EXPECT_FALSE(lc.contains("open_decisions"));
  EXPECT_TRUE(r["control_plane"]["active_target"].contains("completion_met"));
}

TEST_F(RegistryCli, OwnersMapsReposAndAbsolutePathsWhateverTheFolderName) {
  const auto r = run_json({"owners", "repos/harbor/web/console/src/main.ts",
                           root + "/web/console/src/main.ts", "repos/other/x/y.go"});
  EXPECT_EQ(r["files"][0]["path"], "web/console/src/main.ts");
  EXPECT_EQ(r["files"][1]["path"], "web/console/src/main.ts");
  EXPECT_EQ(r["files"][2]["path"], "other:x/y.go");
}

TEST_F(RegistryCli, OwnersReadsThousandsOfPathsFromStdin) {
  std::string in;
  for (int i = 0; i < 3000; ++i) in += "web/console/src/file" + std::to_string(i) + ".ts\n\n";
  in += "  nope.go  \r\n";
  RunOptions o;
  o.stdin_data = in;
  const auto r = run({"owners", "--stdin", "--lean"}, o);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  ASSERT_EQ(j["files"].size(), 3001u);
  EXPECT_EQ(j["files"][2999]["matches"][0]["subsystem"], "web-console");
  EXPECT_EQ(j["files"][3000]["path"], "nope.go");
  EXPECT_EQ(j["impacted_subsystems"][0]["touched_runtime_files"].size(), 3000u);
}

// The report goes out with writev, in pieces; a full disk is told (exit 3),
// not ignored.
TEST_F(RegistryCli, OwnersReportsAnOutputItCannotWrite) {
  std::string in;
  for (int i = 0; i < 2000; ++i) in += "web/console/src/file" + std::to_string(i) + ".ts\n";
  RunOptions o;
  o.stdin_data = in;
  o.wrapper = {"sh", "-c", "exec \"$0\" \"$@\" > /dev/full"};
  const auto r = run({"owners", "--stdin"}, o);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("could not write the output"), std::string::npos) << r.err;
}

TEST_F(RegistryCli, OwnersPrettyIsShortAndNamesTheOwner) {
  const auto r = run({"owners", "--pretty", "--lean", "web/console/src/main.ts", "nope.go"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("web-console"), std::string::npos);
  EXPECT_NE(r.out.find("unowned runtime files (1)"), std::string::npos);
  EXPECT_EQ(r.out.find('{'), std::string::npos);
}

// The contracts cache (registry::ContractCache) through the binary: a second
// run takes unchanged contracts from the cache with the same answer, and a
// contract edited in place (same size, its mtime put back) is read again.
TEST_F(RegistryCli, OwnersRemembersUnchangedContractsAndReadsEditedOnes) {
  const std::string contract = root + "/docs/release-control/h2/subsystems/web-console.md";
  // Files changed less than the margin ago are never remembered: wait it out.
  std::this_thread::sleep_for(registry::ContractCache::kRacyMargin +
                              std::chrono::milliseconds(300));
  TempDir cache;
  RunOptions o;
  o.env = {{"RELCTL_NO_CACHE", "0"}, {"RELCTL_CACHE_DIR", cache.path()}};
  const std::vector<std::string> args{"-v", "owners", "web/console/src/main.ts"};
  const auto uncached = run(args);
  ASSERT_EQ(uncached.exit_code, 0) << uncached.err;
  EXPECT_EQ(uncached.err.find("contracts cache"), std::string::npos) << uncached.err;

  const auto first = run(args, o);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find(": 0 unchanged, 6 read"), std::string::npos) << first.err;
  EXPECT_EQ(first.out, uncached.out);
  const auto second = run(args, o);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find(": 6 unchanged, 0 read"), std::string::npos) << second.err;
  EXPECT_EQ(second.out, uncached.out);

  struct stat before {};
  ASSERT_EQ(::stat(contract.c_str(), &before), 0);
  std::string text = read("docs/release-control/h2/subsystems/web-console.md");
  const auto at = text.find("1. `web/console/src/main.ts`");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 28, "1. `web/console/src/boot.ts`");
  write("docs/release-control/h2/subsystems/web-console.md", text);
  const struct timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, contract.c_str(), times, 0), 0);
  struct stat after {};
  ASSERT_EQ(::stat(contract.c_str(), &after), 0);
  ASSERT_EQ(after.st_size, before.st_size);

  const auto edited = run(args, o);
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_NE(edited.err.find(": 5 unchanged, 1 read"), std::string::npos) << edited.err;
  EXPECT_NE(edited.out, uncached.out);
  EXPECT_EQ(edited.out, run(args).out);
}

// --staged reads the contracts from the git index, never from the work tree
// and never from the contracts cache, which holds work-tree parses.
TEST_F(RegistryCli, OwnersStagedReadsTheIndexedContractsAndNotTheCache) {
  const std::string rel = "docs/release-control/h2/subsystems/web-console.md";
  std::string text = read(rel);
  const auto at = text.find("1. `web/console/src/main.ts`");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 28, "1. `web/console/src/boot.ts`");
  write(rel, text);  // not staged
  // Old enough for the cache to remember the work-tree parse.
  std::this_thread::sleep_for(registry::ContractCache::kRacyMargin +
                              std::chrono::milliseconds(300));
  TempDir cache;
  RunOptions o;
  o.env = {{"RELCTL_NO_CACHE", "0"}, {"RELCTL_CACHE_DIR", cache.path()}};
  auto named_at = [](const RunResult& r) {
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> paths;
    const json out = json::parse(r.out);
    for (const auto& m : out["files"][0]["matches"]) {
      for (const auto& ref : m["matched_contract_references"]) {
        paths.push_back(ref["path"].get<std::string>());
      }
    }
    return paths;
  };
  const std::vector<std::string> args{"-v", "owners", "web/console/src/main.ts"};
  const auto work_tree = run(args, o);
  EXPECT_NE(work_tree.err.find(": 0 unchanged, 6 read"), std::string::npos) << work_tree.err;
  const auto again = run(args, o);
  EXPECT_NE(again.err.find(": 6 unchanged, 0 read"), std::string::npos) << again.err;
  EXPECT_EQ(named_at(again), named_at(work_tree));

  std::vector<std::string> staged_args{"--staged"};
  staged_args.insert(staged_args.end(), args.begin(), args.end());
  const auto staged = run(staged_args, o);
  EXPECT_EQ(staged.err.find("contracts cache"), std::string::npos) << staged.err;
  const auto in_index = named_at(staged);
  EXPECT_NE(std::find(in_index.begin(), in_index.end(), "web/console/src/main.ts"), in_index.end());
  const auto in_work_tree = named_at(work_tree);
  EXPECT_EQ(std::find(in_work_tree.begin(), in_work_tree.end(), "web/console/src/main.ts"),
            in_work_tree.end());
}

TEST_F(RegistryCli, OwnersWithoutPathsIsAUsageError) {
  const auto r = run({"owners"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no paths"), std::string::npos);
}

TEST_F(RegistryCli, OwnersRefusesABrokenRegistryWithItsPosition) {
  write(kRegistry, "{\n  \"subsystems\": [\n    {\"id\": \"x\",}\n  ]\n}\n");
  const auto r = run({"owners", "go.mod"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.signaled);
  EXPECT_NE(r.err.find("registry.json:3:"), std::string::npos) << r.err;
}

TEST_F(RegistryCli, RegistryAuditIsCleanOnHarbor) {
  const auto r = run_json({"audit", "registry", "--check"});
  EXPECT_TRUE(r["errors"].empty()) << r["errors"].dump(2);
  EXPECT_EQ(r["summary"]["subsystem_count"], 6);
  EXPECT_EQ(r["subsystems"][0]["id"], "backup-engine");
}

TEST_F(RegistryCli, RegistryAuditFindsAnUntrackedOwnedFileAndFailsWithCheck) {
  auto reg = ojson::parse(read(kRegistry));
  reg["subsystems"][0]["owned_files"].push_back("zz/never-tracked.go");
  write(kRegistry, reg.dump(2));
  const auto plain = run_json({"audit", "registry"});
  bool found = false;
  for (const auto& e : plain["errors"]) {
    if (e.get<std::string>().rfind("subsystems[0].owned_files[", 0) == 0) found = true;
  }
  EXPECT_TRUE(found) << plain["errors"].dump(2);
  EXPECT_EQ(run({"audit", "registry", "--check"}).exit_code, 1);
  const auto pretty = run({"audit", "registry", "--pretty"});
  EXPECT_NE(pretty.out.find("SUBSYSTEM"), std::string::npos);
  EXPECT_NE(pretty.out.find("errors ("), std::string::npos);
}

// The registry audit's result is remembered under a hash of all its inputs:
// a second run answers the same from the cache, and a change to any input
// (registry.json, the tracked files, status.json's lane ids, the registry
// schema) gives the answer a run without the cache gives.
TEST_F(RegistryCli, RegistryAuditIsRememberedAndEveryInputChangesTheAnswer) {
  TempDir cache;
  RunOptions o;
  o.env = {{"RELCTL_NO_CACHE", "0"}, {"RELCTL_CACHE_DIR", cache.path()}};
  auto cached = [&] {
    const auto r = run({"audit", "registry"}, o);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  auto uncached = [&] { return run({"audit", "registry"}).out; };
  auto entries = [&] {
    const auto folder = std::filesystem::path(cache.path()) / "registry-audits";
    if (!std::filesystem::exists(folder)) return std::size_t{0};
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(folder),
                                                  std::filesystem::directory_iterator()));
  };
  std::string before = uncached();
  EXPECT_EQ(cached(), before);
  EXPECT_EQ(entries(), 1u);
  EXPECT_EQ(cached(), before);
  EXPECT_EQ(entries(), 1u);
  auto changed = [&](const char* what) {
    const std::string now = uncached();
    EXPECT_NE(now, before) << what << " did not change the audit";
    EXPECT_EQ(cached(), now) << what;
    before = now;
  };
  auto reg = ojson::parse(read(kRegistry));
  reg["subsystems"][0]["owned_files"].push_back("zz/never-tracked.go");
  write(kRegistry, reg.dump(2));
  changed("registry.json");
  // The same number of tracked files, one of them another: README.md moved
  // to the path the registry names.
  ASSERT_EQ(shell("cd '" + root + "' && mkdir -p zz && git mv README.md zz/never-tracked.go"), 0);
  commit();
  changed("a tracked file renamed");
  auto status = ojson::parse(read("docs/release-control/h2/status.json"));
  status["lanes"][0]["id"] = "L1-renamed";
  write("docs/release-control/h2/status.json", status.dump(2));
  changed("a lane id in status.json");
  const std::string schema_rel = "docs/release-control/h2/subsystems/registry.schema.json";
  auto schema = ojson::parse(read(schema_rel));
  schema["$defs"]["subsystem"]["required"].push_back("maintainer");
  write(schema_rel, schema.dump(2));
  changed("the registry schema");
  EXPECT_EQ(entries(), 5u);
}

TEST_F(RegistryCli, RegistryAuditNeedsTheSchemaDefinitions) {
  write("docs/release-control/h2/subsystems/registry.schema.json", "{\"type\": \"object\"}\n");
  const auto r = run({"audit", "registry"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("registry.schema.json"), std::string::npos) << r.err;
}

TEST_F(RegistryCli, ControlPlaneAuditReportsAMissingDocument) {
  std::filesystem::remove(root + "/docs/release-control/internal/AGENT_VALUES.md");
  const auto r = run_json({"audit", "control-plane"});
  ASSERT_FALSE(r["errors"].empty());
  EXPECT_EQ(r["errors"][0].get<std::string>().rfind("agent values doc", 0), 0u);
  EXPECT_EQ(run({"audit", "control-plane", "--check"}).exit_code, 1);
  EXPECT_EQ(r["summary"]["profile_count"], 1);
}

TEST_F(RegistryCli, ControlPlaneAuditStagedSeesTheIndex) {
  // Deleted from the work tree but still in the index: a file under --staged.
  std::filesystem::remove(root + "/docs/release-control/h2/DEVELOPMENT_PROTOCOL.md");
  EXPECT_FALSE(run_json({"audit", "control-plane"})["errors"].empty());
  EXPECT_TRUE(run_json({"--staged", "audit", "control-plane"})["errors"].empty());
}

TEST_F(RegistryCli, AuditAllCombinesExitCodes) {
  auto ok = run({"audit", "all"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  std::filesystem::remove(root + "/docs/release-control/internal/AGENT_VALUES.md");
  EXPECT_EQ(run({"audit", "all"}).exit_code, 1);
  write(kRegistry, "{ not json");
  const auto bad = run({"audit", "all"});
  EXPECT_EQ(bad.exit_code, 2);
  const auto j = json::parse(bad.out);
  EXPECT_EQ(j["exit_code"], 2);
  const auto pretty = run({"audit", "all", "--pretty"});
  EXPECT_NE(pretty.out.find("bad input"), std::string::npos);
}

// audit all writes its answer in pieces, the status report pasted in from
// its text: byte for byte the layout of every other report (keys sorted,
// two-space indent, non-ASCII escaped), whether the status report was
// computed or remembered, has errors, or could not be made at all.
TEST_F(RegistryCli, AuditAllWritesTheReportsLayout) {
  TempDir cache;
  RunOptions cached;
  cached.env = {{"RELCTL_NO_CACHE", "0"}, {"RELCTL_CACHE_DIR", cache.path()}};
  auto same_layout = [](const RunResult& r, const char* what) {
    EXPECT_FALSE(r.signaled) << what;
    const json j = json::parse(r.out);
    EXPECT_EQ(r.out, j.dump(2, ' ', true) + "\n") << what;
    return j;
  };
  // A lane name with non-ASCII text, escaped in the layout.
  std::string status = read(kStatus);
  const auto at = status.find("\"name\": \"");
  ASSERT_NE(at, std::string::npos);
  status.insert(at + 9, "Caf\u00e9 \u2014 ");
  write(kStatus, status);
  const auto first = run({"audit", "all"});
  EXPECT_NE(first.out.find("Caf\\u00e9 \\u2014 "), std::string::npos);
  const auto computed = same_layout(first, "computed");
  EXPECT_TRUE(computed["reports"]["status"].is_object());
  same_layout(run({"audit", "all"}, cached), "first run with a cache");
  const auto remembered = same_layout(run({"audit", "all"}, cached), "remembered");
  EXPECT_EQ(remembered, computed);
  std::filesystem::remove(root + "/docs/release-control/internal/AGENT_VALUES.md");
  const auto errors = same_layout(run({"audit", "all"}), "with errors");
  EXPECT_EQ(errors["exit_code"], 1);
  write(kRegistry, "{ not json");
  EXPECT_TRUE(same_layout(run({"audit", "all"}), "bad registry")["reports"]["registry"].is_null());
  write(kStatus, "{ not json");
  const auto bad = same_layout(run({"audit", "all"}), "bad status");
  EXPECT_TRUE(bad["reports"]["status"].is_null());
  EXPECT_EQ(bad["exit_code"], 2);
}

TEST_F(RegistryCli, AuditAllReportsEqualTheSingleAudits) {
  // audit all hands the status audit's report to the control-plane audit;
  // its answer must stay what `audit control-plane` alone says, with a
  // clean status audit and with one that has errors (stale-target rule
  // then untrusted).
  for (int round = 0; round < 2; ++round) {
    if (round == 1) {
      std::filesystem::remove(root +
                              "/docs/release-control/h2/records/"
                              "incremental-chain-verification-2026-11-14.md");
    }
    const auto all = json::parse(run({"audit", "all"}).out);
    const auto cp = json::parse(run({"audit", "control-plane"}).out);
    const auto st = json::parse(run({"audit"}).out);
    EXPECT_EQ(all["reports"]["control-plane"], cp) << round;
    EXPECT_EQ(all["reports"]["status"]["errors"], st["errors"]) << round;
    EXPECT_EQ(all["reports"]["status"]["summary"], st["summary"]) << round;
    EXPECT_EQ(st["errors"].empty(), round == 0) << round;
  }
}

// owners copies parts of the status report into its answer (it is handed
// only the members it declares, registry::kOwnersReportMembers): each must
// be the status audit's own, with a clean audit and with one that has errors.
TEST_F(RegistryCli, OwnersCarriesTheStatusReportsParts) {
  for (int round = 0; round < 2; ++round) {
    if (round == 1) {
      std::filesystem::remove(root +
                              "/docs/release-control/h2/records/"
                              "incremental-chain-verification-2026-11-14.md");
    }
    const auto st = json::parse(run({"audit"}).out);
    const auto o = run_json({"owners", "internal/engine/chain/walk.go"});
    // The reference passes no current version there.
    auto cp = st["control_plane"];
    cp["current_version"] = "";
    EXPECT_EQ(o["control_plane"], cp) << round;
    EXPECT_EQ(o["scope"], st["scope"]) << round;
    EXPECT_EQ(o["status_audit_errors"], st["errors"]) << round;
    EXPECT_EQ(o["status_summary"], st["summary"]) << round;
    ASSERT_EQ(o["impacted_subsystems"].size(), 1u) << o.dump(2);
    const auto& lc = o["impacted_subsystems"][0]["lane_context"];
    json lane;
    for (const auto& l : st["lanes"]) {
      if (l["id"] == lc["lane_id"]) lane = l;
    }
    EXPECT_EQ(lc["lane"], lane) << round;
    EXPECT_FALSE(lc["lane"].is_null());
    json gates = json::array();
    for (const auto& g : st["release_gates"]) {
      for (const auto& id : g["lane_ids"]) {
        if (id == lc["lane_id"]) gates.push_back(g);
      }
    }
    EXPECT_EQ(lc["release_gates"], gates) << round;
    EXPECT_FALSE(gates.empty());
  }
}

TEST_F(RegistryCli, PlainAuditStillWorks) {
  const auto r = run({"audit", "--check"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(json::parse(r.out).contains("lanes"));
}

TEST_F(RegistryCli, HelpHasExamples) {
  for (const auto& sub : std::vector<std::vector<std::string>>{{"owners", "--help"},
                                                               {"audit", "registry", "--help"},
                                                               {"audit", "control-plane", "--help"},
                                                               {"audit", "all", "--help"}}) {
    const auto r = run_relctl(sub);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("Example"), std::string::npos) << sub[0];
  }
}

}  // namespace
}  // namespace relctl::test
