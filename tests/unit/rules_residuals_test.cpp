// Bounded-residual tracking (family S) and blocked-lane blockers (family T)
// of src/rules/residuals.cpp, with the residual and blocked-lane figures of
// audit-rules.md §5.11.
//
// In the example L2 (lanes[1]) and L5 (lanes[4]) are bounded-residual: L2
// tracks lane-followup restore-progress-streaming and release-gate
// restore-drill-on-fresh-host, L5 tracks lane-followup
// retention-dry-run-report. L4 (lanes[3]) is blocked by open-decision
// recovery-key-escrow-default and release-gate key-rotation-drill.
//
// FOLLOWUP-REFERENCE-MISMATCH (rule 225) has no test: audit-rules.md §4.18
// calls it unreachable. A follow-up record has exactly one lane (rule 189),
// and only a lane listed in its lane_ids can reference it validly (rule 222),
// so the set of referencing lanes is either empty (rule 224 fires instead) or
// exactly the declared lane.
#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

using J = nlohmann::json;  // the report's type

class FamilyRules : public RulesFixture {
 protected:
  [[nodiscard]] std::size_t count(const std::string& rule) const { return messages(rule).size(); }
  static Json ref(const std::string& kind, const std::string& id) {
    Json r = Json::object();
    r["kind"] = kind;
    r["id"] = id;
    return r;
  }
  Json& tracking(std::size_t lane) { return status["lanes"][lane]["completion"]["tracking"]; }
  Json& blockers() { return status["lanes"][3]["blockers"]; }
  Json& gate(std::size_t i) { return status["release_gates"][i]; }
};

class ResidualRules : public FamilyRules {};

TEST_F(ResidualRules, TheExampleResiduals) {
  run();
  for (const auto& rule : fired()) {
    EXPECT_TRUE(rule.rfind("TRACKING", 0) != 0 && rule.rfind("BLOCKER", 0) != 0 &&
                rule.rfind("FOLLOWUP", 0) != 0)
        << rule;
  }
  const J rd = report()["readiness"];
  ASSERT_EQ(rd["lane_residuals"].size(), 2u);
  EXPECT_EQ(rd["lane_residuals"][0]["lane_id"], "L2");
  EXPECT_EQ(rd["lane_residuals"][0]["tracking"],
            J::array({"lane-followup:restore-progress-streaming[planned]",
                      "release-gate:restore-drill-on-fresh-host[pending]"}));
  EXPECT_EQ(rd["lane_residuals"][0]["unresolved_tracking_count"], 2);
  ASSERT_EQ(rd["blocked_lanes"].size(), 1u);
  EXPECT_EQ(rd["blocked_lanes"][0]["blockers"],
            J::array({"open-decision:recovery-key-escrow-default[open]",
                      "release-gate:key-rotation-drill[blocked]"}));
}

TEST_F(ResidualRules, TrackingUnknownTarget) {
  auto& t = tracking(1);
  t.insert(t.begin(), ref("lane-followup", "progress-bar"));
  EXPECT_FIRES("TRACKING-UNKNOWN-TARGET");
  EXPECT_TRUE(at("TRACKING-UNKNOWN-TARGET", "lanes[L2].completion.tracking"));
  const J detail = report()["readiness"]["lane_residuals"][0]["tracking_details"][0];
  EXPECT_EQ(detail["status"], "unknown");
  EXPECT_EQ(detail["resolved"], false);
  EXPECT_FALSE(detail.contains("summary"));
}

TEST_F(ResidualRules, TrackingUnsupportedKindIsUnknown) {
  tracking(1).insert(tracking(1).begin(), ref("coverage-gap", "catalog-disaster-recovery"));
  EXPECT_FIRES("TRACKING-UNKNOWN-TARGET");
  EXPECT_EQ(count("TRACKING-UNKNOWN-TARGET"), 1u);
}

TEST_F(ResidualRules, TrackingRunsOnlyForBoundedResidualLanes) {
  // An open lane's tracking is a lane error, not a tracking one.
  tracking(2).push_back(ref("lane-followup", "progress-bar"));
  run();
  EXPECT_TRUE(fired("LANE-OPEN-WITH-TRACKING"));
  EXPECT_FALSE(fired("TRACKING-UNKNOWN-TARGET"));
}

TEST_F(ResidualRules, TrackingLaneNotLinked) {
  // incremental-chain-verification is an L1 gate (and passed).
  tracking(4).push_back(ref("release-gate", "incremental-chain-verification"));
  EXPECT_FIRES("TRACKING-LANE-NOT-LINKED");
  EXPECT_TRUE(at("TRACKING-LANE-NOT-LINKED", "lanes[L5].completion.tracking"));
  EXPECT_FALSE(fired("TRACKING-ALREADY-RESOLVED"));  // at most one per item
}

TEST_F(ResidualRules, TrackingAlreadyResolvedGoesByEffectiveStatus) {
  gate(2)["status"] = "passed";  // restore-drill-on-fresh-host, no tier: threshold-unmet
  run();
  EXPECT_FALSE(fired("TRACKING-ALREADY-RESOLVED"));
  gate(2)["evidence"][0]["evidence_tier"] = "real-external-e2e";
  EXPECT_FIRES("TRACKING-ALREADY-RESOLVED");
  EXPECT_TRUE(at("TRACKING-ALREADY-RESOLVED", "lanes[L2].completion.tracking"));
  const J detail = report()["readiness"]["lane_residuals"][0]["tracking_details"][1];
  EXPECT_EQ(detail["status"], "passed");
  EXPECT_EQ(detail["resolved"], true);
}

TEST_F(ResidualRules, TrackingAlreadyResolvedFollowup) {
  status["lane_followups"][1]["status"] = "done";
  EXPECT_FIRES("TRACKING-ALREADY-RESOLVED");
  EXPECT_TRUE(at("TRACKING-ALREADY-RESOLVED", "lanes[L5].completion.tracking"));
}

TEST_F(ResidualRules, TrackingAlreadyResolvedAssertion) {
  // RA1 (L1, passing) tracked from L1 made bounded-residual.
  auto& l1 = status["lanes"][0];
  l1["status"] = "partial";
  l1["completion"]["state"] = "bounded-residual";
  l1["completion"]["tracking"] = Json::array({ref("readiness-assertion", "RA1")});
  EXPECT_FIRES("TRACKING-ALREADY-RESOLVED");
  EXPECT_TRUE(at("TRACKING-ALREADY-RESOLVED", "lanes[L1].completion.tracking"));
}

TEST_F(ResidualRules, OpenDecisionsNeverResolve) {
  auto& l4 = status["lanes"][3];
  l4["status"] = "partial";
  l4["blockers"] = Json::array();
  l4["current_score"] = 9;
  l4["completion"]["state"] = "bounded-residual";
  l4["completion"]["tracking"] = Json::array({ref("open-decision", "recovery-key-escrow-default")});
  run();
  EXPECT_FALSE(fired("TRACKING-UNKNOWN-TARGET"));
  EXPECT_FALSE(fired("TRACKING-LANE-NOT-LINKED"));
  EXPECT_FALSE(fired("TRACKING-ALREADY-RESOLVED"));
  status["open_decisions"][0]["lane_ids"] = Json::array({"L3"});
  status["open_decisions"][0]["subsystem_ids"] = Json::array({"storage-targets"});
  EXPECT_FIRES("TRACKING-LANE-NOT-LINKED");
}

TEST_F(ResidualRules, FollowupUnreferenced) {
  Json f = status["lane_followups"][1];
  f["id"] = "sftp-resume-docs";
  f["recorded_at"] = "2026-11-20";
  f["lane_ids"] = Json::array({"L3"});
  f["subsystem_ids"] = Json::array({"storage-targets"});
  status["lane_followups"].push_back(f);
  EXPECT_FIRES("FOLLOWUP-UNREFERENCED");
  EXPECT_TRUE(at("FOLLOWUP-UNREFERENCED", "lane_followups[sftp-resume-docs]"));
  EXPECT_EQ(count("FOLLOWUP-UNREFERENCED"), 1u);
}

TEST_F(ResidualRules, AnUnlinkedReferenceDoesNotCount) {
  // L5 names L2's follow-up; L2 stops naming it.
  tracking(1).erase(0);
  tracking(4).push_back(ref("lane-followup", "restore-progress-streaming"));
  run();
  EXPECT_TRUE(fired("TRACKING-LANE-NOT-LINKED"));
  EXPECT_TRUE(at("FOLLOWUP-UNREFERENCED", "lane_followups[restore-progress-streaming]"));
  EXPECT_EQ(count("FOLLOWUP-UNREFERENCED"), 1u);
}

TEST_F(ResidualRules, ADoneFollowupIsStillReferenced) {
  // Rule 223 fires, but the reference counts for rule 224.
  status["lane_followups"][0]["status"] = "done";
  run();
  EXPECT_TRUE(fired("TRACKING-ALREADY-RESOLVED"));
  EXPECT_FALSE(fired("FOLLOWUP-UNREFERENCED"));
}

TEST_F(ResidualRules, DuplicateFollowupIdsAreReportedOnce) {
  Json f = status["lane_followups"][1];
  f["recorded_at"] = "2026-11-20";
  f["lane_ids"] = Json::array({"L3"});
  f["subsystem_ids"] = Json::array({"storage-targets"});
  status["lane_followups"].push_back(f);  // a second retention-dry-run-report, on L3
  run();
  EXPECT_TRUE(fired("FOLLOWUP-ID-DUPLICATE"));
  // By id the later record (L3) wins: L5's reference is not linked.
  EXPECT_TRUE(fired("TRACKING-LANE-NOT-LINKED"));
  EXPECT_EQ(count("FOLLOWUP-UNREFERENCED"), 1u);
  EXPECT_TRUE(at("FOLLOWUP-UNREFERENCED", "lane_followups[retention-dry-run-report]"));
}

class BlockerRules : public FamilyRules {};

TEST_F(BlockerRules, UnknownTarget) {
  blockers().push_back(ref("release-gate", "no-gate"));
  EXPECT_FIRES("BLOCKER-UNKNOWN-TARGET");
  EXPECT_TRUE(at("BLOCKER-UNKNOWN-TARGET", "lanes[L4].blockers"));
}

TEST_F(BlockerRules, AFollowupBlockerIsAlwaysUnknownButResolvesInTheReport) {
  Json f = status["lane_followups"][1];
  f["id"] = "escrow-prompt";
  f["recorded_at"] = "2026-11-20";
  f["lane_ids"] = Json::array({"L4"});
  f["subsystem_ids"] = Json::array({"key-custody"});
  status["lane_followups"].push_back(f);
  blockers().insert(blockers().begin(), ref("lane-followup", "escrow-prompt"));
  EXPECT_FIRES("BLOCKER-UNKNOWN-TARGET");
  EXPECT_TRUE(at("BLOCKER-UNKNOWN-TARGET", "lanes[L4].blockers"));
  const auto msg = messages("BLOCKER-UNKNOWN-TARGET").at(0);
  EXPECT_NE(msg.find("lane-followup"), std::string::npos) << msg;  // the raw kind as label
  // §8 quirk 30: blocked_lanes looks it up among the follow-ups.
  const J detail = report()["readiness"]["blocked_lanes"][0]["blocker_details"][0];
  EXPECT_EQ(detail["status"], "active");
  EXPECT_EQ(detail["resolved"], false);
  EXPECT_TRUE(detail.contains("summary"));
}

TEST_F(BlockerRules, LaneNotLinked) {
  // RA1 is an L1 assertion.
  blockers().insert(blockers().begin() + 1, ref("readiness-assertion", "RA1"));
  EXPECT_FIRES("BLOCKER-LANE-NOT-LINKED");
  EXPECT_TRUE(at("BLOCKER-LANE-NOT-LINKED", "lanes[L4].blockers"));
  EXPECT_FALSE(fired("BLOCKER-ALREADY-RESOLVED"));  // RA1 passes, but at most one per item
}

TEST_F(BlockerRules, AlreadyResolvedGate) {
  gate(0)["lane_ids"] = Json::array({"L1", "L4"});  // incremental-chain-verification, passed
  blockers().insert(blockers().begin() + 1, ref("release-gate", "incremental-chain-verification"));
  EXPECT_FIRES("BLOCKER-ALREADY-RESOLVED");
  EXPECT_TRUE(at("BLOCKER-ALREADY-RESOLVED", "lanes[L4].blockers"));
  EXPECT_EQ(report()["readiness"]["blocked_lanes"][0]["unresolved_blocker_count"], 2);
}

TEST_F(BlockerRules, AlreadyResolvedAssertion) {
  status["readiness_assertions"][3]["release_gate_ids"] = Json::array();  // RA4 passes vacuously
  blockers().insert(blockers().begin() + 1, ref("readiness-assertion", "RA4"));
  EXPECT_FIRES("BLOCKER-ALREADY-RESOLVED");
}

TEST_F(BlockerRules, OnlyBlockedLanesAreChecked) {
  auto& l3 = status["lanes"][2];
  l3["blockers"] = Json::array({ref("release-gate", "no-gate")});
  run();
  EXPECT_TRUE(fired("LANE-BLOCKERS-ON-UNBLOCKED"));
  EXPECT_FALSE(fired("BLOCKER-UNKNOWN-TARGET"));
}

}  // namespace
}  // namespace relctl::test
