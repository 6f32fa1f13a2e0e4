// relctl lookup through the binary, on a copy of examples/harbor (which has
// an entry of every kind): answers, the unknown-id message and exit code,
// --pretty, --staged, --now, and bad input.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_harness.hpp"

namespace relctl::test {
namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;
const char* const kNow = "2026-11-22T12:00:00Z";
const char* const kStatus = "docs/release-control/h2/status.json";

class LookupCli : public ::testing::Test {
 protected:
  void SetUp() override {
    copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", dir.path());
  }
  RunResult run(std::vector<std::string> extra, RunOptions o = {},
                const std::string& now = kNow) const {
    std::vector<std::string> args{"--root", dir.path(), "--now", now, "lookup"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_relctl(args, o);
  }
  json answer(const std::string& kind, const std::string& id, const std::string& now = kNow) const {
    const auto r = run({kind, id}, {}, now);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(r.signaled);
    return json::parse(r.out);
  }
  void edit_status(const std::function<void(ojson&)>& f) const {
    ojson s = ojson::parse(dir.read(kStatus));
    f(s);
    dir.write(kStatus, s.dump(2) + "\n");
  }
  TempDir dir;
};

TEST_F(LookupCli, EveryKindIsFound) {
  const std::vector<std::tuple<std::string, std::string, std::string, std::string>> cases{
      {"lane", "L2", "lane", "lanes"},
      {"assertion", "RA4", "assertion", "readiness_assertions"},
      {"gate", "key-rotation-drill", "release_gate", "release_gates"},
      {"gap", "catalog-disaster-recovery", "coverage_gap", "coverage_gaps"},
      {"candidate", "server-self-recovery", "candidate_lane", "candidate_lanes"},
      {"followup", "restore-progress-streaming", "followup", "lane_followups"},
      {"decision", "recovery-key-escrow-default", "decision", "open_decisions"},
      {"resolved-decision", "content-defined-chunking", "resolved_decision", "resolved_decisions"},
      {"claim", "storage-agent-2-lane-l3", "work_claim", "work_claims"}};
  for (const auto& [word, id, kind, collection] : cases) {
    const json a = answer(word, id);
    EXPECT_EQ(a["kind"], kind) << word;
    EXPECT_EQ(a["collection"], collection) << word;
    EXPECT_EQ(a["id"], id);
    EXPECT_EQ(a["entry"]["id"], id);
    EXPECT_EQ(a["control_plane"]["active_target"]["id"], "h2-rc-stabilization");
    EXPECT_TRUE(a["summary"].contains("lane_count"));
    EXPECT_EQ(a.contains("queue_item"), word == "candidate");
    EXPECT_EQ(a.contains("linked_candidate_lane_ids"), word == "gap");
  }
}

TEST_F(LookupCli, JsonIsSortedAndDerived) {
  const auto r = run({"lane", "L4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Sorted keys, two-space indent, a final newline (the reference's layout).
  EXPECT_EQ(r.out.rfind("{\n  \"collection\": \"lanes\",\n  \"control_plane\": {", 0), 0u) << r.out;
  EXPECT_EQ(r.out.back(), '\n');
  const json a = json::parse(r.out);
  EXPECT_EQ(a["entry"]["derived_status"], "behind-target");
  EXPECT_EQ(a["entry"]["blockers"].size(), 2u);
  EXPECT_FALSE(a["entry"].contains("summary"));
}

TEST_F(LookupCli, UnknownIdExitsOneWithSuggestions) {
  const auto r = run({"lane", "L29"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("lane 'L29' not found in docs/release-control/h2/status.json"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("did you mean L2?"), std::string::npos) << r.err;

  const auto typo = run({"gate", "key-rotaton-drill"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.err.find("did you mean key-rotation-drill?"), std::string::npos) << typo.err;

  const auto far = run({"assertion", "nothing-like-it"});
  EXPECT_EQ(far.exit_code, 1);
  EXPECT_NE(far.err.find("known assertion ids: RA1, RA2, RA3, RA4, RA5 (5 in all)"),
            std::string::npos)
      << far.err;
}

TEST_F(LookupCli, UnknownIdInAnEmptyCollection) {
  edit_status([](ojson& s) { s["open_decisions"] = ojson::array(); });
  const auto r = run({"decision", "recovery-key-escrow-default"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("it lists no open decisions"), std::string::npos) << r.err;
}

TEST_F(LookupCli, PrettyShowsTheEntryAndItsLinks) {
  const auto r = run({"lane", "L2", "--pretty"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);  // not a terminal: no colour
  EXPECT_EQ(r.out.rfind("lane L2  Restore journeys\n", 0), 0u) << r.out;
  for (const char* want :
       {"\n  state       target-met (status partial, completion bounded-residual)\n", "\nlinks\n",
        // Long rows wrap at 100 columns, continued under the values.
        "\n  tracking    followup restore-progress-streaming (planned),\n              gate "
        "restore-drill-on-fresh-host (pending)\n",
        "\n  assertions  RA3 (passed), RA5 (gates-pending)\n",
        "\n  candidates  server-self-recovery (planned)\n", "\ntarget h2-rc-stabilization"}) {
    EXPECT_NE(r.out.find(want), std::string::npos) << want << "\n" << r.out;
  }
  std::size_t start = 0;
  while (start < r.out.size()) {
    const std::size_t end = r.out.find('\n', start);
    const std::string line = r.out.substr(start, end - start);
    if (line.rfind("  ", 0) == 0) {
      EXPECT_LE(line.size(), 100u) << line;
    }
    start = end + 1;
  }
  for (const char* kind : {"gate", "claim", "gap"}) {
    const std::string id = std::string(kind) == "gate"    ? "key-rotation-drill"
                           : std::string(kind) == "claim" ? "storage-agent-2-lane-l3"
                                                          : "catalog-disaster-recovery";
    const auto p = run({kind, id, "--pretty"});
    EXPECT_EQ(p.exit_code, 0) << p.err;
    EXPECT_NE(p.out.find("\nlinks\n"), std::string::npos) << p.out;
  }
}

TEST_F(LookupCli, PrettyColourFollowsTheSettings) {
  const auto always = run_relctl({"--root", dir.path(), "--now", kNow, "--color", "always",
                                  "lookup", "lane", "L4", "--pretty"});
  ASSERT_EQ(always.exit_code, 0) << always.err;
  EXPECT_NE(always.out.find("\x1b[31mblocked\x1b[0m"), std::string::npos) << always.out;
  RunOptions no_color;
  no_color.env["NO_COLOR"] = "1";
  const auto off = run({"lane", "L4", "--pretty"}, no_color);
  EXPECT_EQ(off.out.find('\x1b'), std::string::npos);
}

TEST_F(LookupCli, NowDecidesTheClaimState) {
  EXPECT_EQ(answer("claim", "storage-agent-2-lane-l3")["entry"]["claim_state"], "active");
  EXPECT_EQ(
      answer("claim", "storage-agent-2-lane-l3", "2026-11-23T00:00:00Z")["entry"]["claim_state"],
      "expired");
}

TEST_F(LookupCli, StagedReadsTheIndex) {
  ASSERT_EQ(shell("cd '" + dir.path() +
                  "' && git init -q && git add -A && git -c user.email=t@t -c user.name=t commit "
                  "-qm snapshot"),
            0);
  edit_status([](ojson& s) { s["lane_followups"] = ojson::array(); });
  EXPECT_EQ(run({"followup", "restore-progress-streaming"}).exit_code, 1);
  const auto staged = run_relctl({"--root", dir.path(), "--now", kNow, "--staged", "lookup",
                                  "followup", "restore-progress-streaming"});
  EXPECT_EQ(staged.exit_code, 0) << staged.err;
}

TEST_F(LookupCli, BadUsageExitsTwo) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"lanes", "L1"},
                                               {"lane"},
                                               {},
                                               {"lane", ""},
                                               {"lane", "L1", "--bogus"}}) {
    const auto r = run(args);
    EXPECT_EQ(r.exit_code, 2) << ::testing::PrintToString(args) << r.err;
    EXPECT_FALSE(r.err.empty());
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  EXPECT_NE(run({"lane", ""}).err.find("the id is empty"), std::string::npos);
}

TEST_F(LookupCli, BadInputNamesTheFile) {
  dir.write(kStatus, "{\"lanes\": [");
  const auto r = run({"lane", "L1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.signaled);
  EXPECT_NE(r.err.find("status.json"), std::string::npos) << r.err;

  TempDir other;
  copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", other.path());
  std::remove((other.path() + "/docs/release-control/h2/subsystems/registry.json").c_str());
  const auto no_registry =
      run_relctl({"--root", other.path(), "--now", kNow, "lookup", "lane", "L1"});
  EXPECT_EQ(no_registry.exit_code, 2);
  EXPECT_NE(no_registry.err.find("registry.json"), std::string::npos) << no_registry.err;
}

TEST_F(LookupCli, HelpHasAnExample) {
  const auto r = run_relctl({"lookup", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("relctl lookup lane L5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("resolved-decision"), std::string::npos);
}

}  // namespace
}  // namespace relctl::test
