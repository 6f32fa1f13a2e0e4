// Lane rules (src/rules/lanes.cpp), families H and I of audit-rules.md
// (§4.9, §4.10), and the lane figures of §5.1 and §5.6. Complements
// rules_lanes_test.cpp. The example's lanes are:
//   lanes[0] L1 target-met   complete          9/9
//   lanes[1] L2 partial      bounded-residual  8/8  two tracking refs
//   lanes[2] L3 partial      open              6.5/8
//   lanes[3] L4 blocked      open              5/9  two blockers
//   lanes[4] L5 partial      bounded-residual  8/8  one tracking ref
//   lanes[5] L6 not-started  open              0/7
#include <string>
#include <vector>

#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

using Strings = std::vector<std::string>;

Strings tokens_of(const Strings& messages) {
  Strings out;
  for (const auto& m : messages) out.push_back(m.substr(0, m.find(' ')));
  return out;
}

class LaneRulesMore : public RulesFixture {
 protected:
  Strings tokens(const std::string& rule) const { return tokens_of(messages(rule)); }
  Json& lane(std::size_t i) { return status["lanes"][i]; }

  // A copy of L6 (not-started, no subsystems) under another id: a lane the
  // registry does not know, which breaks nothing but the lane order.
  Json extra_lane(const std::string& id) {
    Json l = lane(5);
    l["id"] = id;
    l["subsystems"] = Json::array();
    return l;
  }

  void set_scores(const std::vector<double>& target, const std::vector<double>& current) {
    for (std::size_t i = 0; i < target.size(); ++i) {
      lane(i)["target_score"] = target[i];
      lane(i)["current_score"] = current[i];
    }
  }
};

// ------------------------------------------------------------ rules 66-74

TEST_F(LaneRulesMore, LaneNotObject) {
  status["lanes"].push_back(5);
  EXPECT_FIRES("LANE-NOT-OBJECT");
  EXPECT_EQ(tokens("LANE-NOT-OBJECT"), (Strings{"lanes[6]"}));
  EXPECT_EQ(report()["summary"]["lane_count"], 6);
}

// A lane without an id still gets a record, under the fallback id lane-<i>,
// which the registry bindings then use.
TEST_F(LaneRulesMore, IdMissingUsesTheFallbackId) {
  lane(5).erase("id");
  EXPECT_FIRES("LANE-FIELD");
  EXPECT_EQ(tokens("LANE-FIELD"), (Strings{"lanes[5]"}));
  EXPECT_EQ(report()["lanes"][5]["id"], "lane-5");
  EXPECT_EQ(report()["lanes"][5]["name"], "Console onboarding");
  EXPECT_EQ(tokens("REGISTRY-LANE-ABSENT"), (Strings{"status.json"}));
  EXPECT_EQ(tokens("LANE-SUBSYSTEMS-REGISTRY-MISMATCH"), (Strings{"lanes[lane-5].subsystems"}));
  EXPECT_FALSE(fired("LANES-ORDER"));  // non-L<n> ids sort last
}

TEST_F(LaneRulesMore, FallbacksOfABrokenLane) {
  lane(2).erase("id");
  lane(2).erase("name");
  lane(2).erase("status");
  lane(2)["target_score"] = "8";
  lane(2)["completion"] = "open";
  run();
  const auto l = report()["lanes"][2];
  EXPECT_EQ(l["id"], "lane-2");
  EXPECT_EQ(l["name"], "lane-2");
  EXPECT_EQ(l["status"], "partial");
  EXPECT_EQ(l["completion_state"], "open");
  EXPECT_EQ(l["completion_summary"], "");
  EXPECT_EQ(l["target_score"], 0.0);
  EXPECT_EQ(l["at_target"], true);
  EXPECT_EQ(tokens("LANE-FIELD"), (Strings{"lanes[2]", "lanes[2]", "lanes[2]"}));
  EXPECT_EQ(tokens("LANE-SCORE"), (Strings{"lanes[2]"}));
  EXPECT_EQ(tokens("LANE-COMPLETION"), (Strings{"lanes[2].completion"}));
  // The fallback id takes part in the lane order check: lane-2 sorts last.
  EXPECT_EQ(tokens("LANES-ORDER"), (Strings{"status.json"}));
}

TEST_F(LaneRulesMore, NameMissingFallsBackToTheId) {
  lane(0)["name"] = "";
  EXPECT_FIRES("LANE-FIELD");
  EXPECT_EQ(tokens("LANE-FIELD"), (Strings{"lanes[0]"}));
  EXPECT_EQ(report()["lanes"][0]["name"], "L1");
}

TEST_F(LaneRulesMore, StatusMissingFallsBackToPartial) {
  lane(2).erase("status");
  run();
  EXPECT_EQ(fired(), (Strings{"LANE-FIELD"}));
  EXPECT_EQ(tokens("LANE-FIELD"), (Strings{"lanes[2]"}));
  EXPECT_EQ(report()["lanes"][2]["status"], "partial");
}

TEST_F(LaneRulesMore, IdDuplicate) {
  lane(5)["id"] = "L5";
  EXPECT_FIRES("LANE-ID-DUPLICATE");
  EXPECT_EQ(tokens("LANE-ID-DUPLICATE"), (Strings{"lanes[5]"}));
  EXPECT_FALSE(fired("LANES-ORDER"));               // equal ids tie
  EXPECT_EQ(report()["summary"]["lane_count"], 6);  // both records stay
}

TEST_F(LaneRulesMore, ScoresMissingOneFindingEach) {
  lane(2).erase("target_score");
  lane(2)["current_score"] = "6.5";
  EXPECT_FIRES("LANE-SCORE");
  EXPECT_EQ(tokens("LANE-SCORE"), (Strings{"lanes[2]", "lanes[2]"}));
  EXPECT_EQ(report()["lanes"][2]["current_score"], 0.0);
}

// NUM reads true/false as 1/0.
TEST_F(LaneRulesMore, ScoresAcceptBooleans) {
  lane(5)["current_score"] = false;
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
  lane(5)["target_score"] = true;
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
  const auto r = report();
  EXPECT_EQ(r["lanes"][5]["target_score"], 1.0);
  EXPECT_EQ(r["lanes"][5]["current_score"], 0.0);
  // total target 9+8+8+9+8+1 = 43, current 36.5: 84.88 -> 85
  EXPECT_EQ(r["summary"]["lane_completion_score"], 85);
}

// Both scores out of range: one finding.
TEST_F(LaneRulesMore, ScoreRangeReportedOnce) {
  lane(0)["target_score"] = 11;
  lane(0)["current_score"] = 11;
  EXPECT_FIRES("LANE-SCORE-RANGE");
  EXPECT_EQ(tokens("LANE-SCORE-RANGE"), (Strings{"lanes[0]"}));
  EXPECT_FALSE(fired("LANE-SCORE-EXCEEDS-TARGET"));
}

TEST_F(LaneRulesMore, NegativeScoreIsOutOfRange) {
  lane(5)["current_score"] = -1;
  EXPECT_FIRES("LANE-SCORE-RANGE");
  EXPECT_EQ(tokens("LANE-SCORE-RANGE"), (Strings{"lanes[5]"}));
}

TEST_F(LaneRulesMore, ScoreExceedsTarget) {
  lane(0)["current_score"] = 9.5;
  EXPECT_FIRES("LANE-SCORE-EXCEEDS-TARGET");
  EXPECT_EQ(tokens("LANE-SCORE-EXCEEDS-TARGET"), (Strings{"lanes[0]"}));
  const auto m = messages("LANE-SCORE-EXCEEDS-TARGET").at(0);
  EXPECT_NE(m.find("9.5"), std::string::npos) << m;
  EXPECT_FALSE(fired("LANE-SCORE-RANGE"));
}

TEST_F(LaneRulesMore, StatusEnumKeepsTheRawStatus) {
  lane(2)["status"] = "in-progress";
  EXPECT_FIRES("LANE-STATUS-ENUM");
  EXPECT_EQ(tokens("LANE-STATUS-ENUM"), (Strings{"lanes[2]"}));
  EXPECT_EQ(report()["lanes"][2]["status"], "in-progress");
}

// ------------------------------------------------------------ rules 75-92

TEST_F(LaneRulesMore, CompletionNotObject) {
  lane(2)["completion"] = Json::array();
  run();
  EXPECT_EQ(fired(), (Strings{"LANE-COMPLETION"}));
  EXPECT_EQ(tokens("LANE-COMPLETION"), (Strings{"lanes[2].completion"}));
}

TEST_F(LaneRulesMore, CompletionSummaryMissing) {
  lane(2)["completion"].erase("summary");
  EXPECT_FIRES("LANE-COMPLETION");
  EXPECT_EQ(tokens("LANE-COMPLETION"), (Strings{"lanes[2].completion"}));
  EXPECT_EQ(report()["lanes"][2]["completion_summary"], "");
}

TEST_F(LaneRulesMore, CompletionStateMissingFallsBackToOpen) {
  lane(0)["completion"]["state"] = nullptr;
  EXPECT_FIRES("LANE-COMPLETION");
  EXPECT_EQ(tokens("LANE-COMPLETION"), (Strings{"lanes[0].completion"}));
  EXPECT_EQ(report()["lanes"][0]["completion_state"], "open");
  EXPECT_EQ(tokens("LANE-OPEN-TARGET-MET"), (Strings{"lanes[0]"}));
  EXPECT_FALSE(fired("LANE-COMPLETION-STATE-ENUM"));
}

TEST_F(LaneRulesMore, TrackingNotAList) {
  lane(0)["completion"]["tracking"] = Json::object();
  EXPECT_FIRES("LANE-TRACKING-NOT-LIST");
  EXPECT_EQ(tokens("LANE-TRACKING-NOT-LIST"), (Strings{"lanes[0].completion.tracking"}));
}

TEST_F(LaneRulesMore, TrackingMissingIsNotAList) {
  lane(0)["completion"].erase("tracking");
  EXPECT_FIRES("LANE-TRACKING-NOT-LIST");
  EXPECT_EQ(tokens("LANE-TRACKING-NOT-LIST"), (Strings{"lanes[0].completion.tracking"}));
}

TEST_F(LaneRulesMore, TrackingItemNotObject) {
  lane(1)["completion"]["tracking"].push_back("lane-followup:x");
  EXPECT_FIRES("LANE-REF-NOT-OBJECT");
  EXPECT_EQ(tokens("LANE-REF-NOT-OBJECT"), (Strings{"lanes[1].completion.tracking[2]"}));
}

TEST_F(LaneRulesMore, TrackingItemFieldMissingDropsTheItem) {
  lane(1)["completion"]["tracking"][0].erase("id");
  EXPECT_FIRES("LANE-REF-FIELD");
  EXPECT_EQ(tokens("LANE-REF-FIELD"), (Strings{"lanes[1].completion.tracking[0]"}));
  EXPECT_EQ(report()["lanes"][1]["completion_tracking"].size(), 1u);
}

TEST_F(LaneRulesMore, BlockersNotAList) {
  lane(0)["blockers"] = "none";
  EXPECT_FIRES("LANE-BLOCKERS-NOT-LIST");
  EXPECT_EQ(tokens("LANE-BLOCKERS-NOT-LIST"), (Strings{"lanes[0].blockers"}));
}

TEST_F(LaneRulesMore, BlockerItemNotObject) {
  lane(3)["blockers"].push_back(1);
  EXPECT_FIRES("LANE-REF-NOT-OBJECT");
  EXPECT_EQ(tokens("LANE-REF-NOT-OBJECT"), (Strings{"lanes[3].blockers[2]"}));
}

TEST_F(LaneRulesMore, BlockerItemFieldMissing) {
  lane(3)["blockers"][1]["kind"] = " ";
  EXPECT_FIRES("LANE-REF-FIELD");
  EXPECT_EQ(tokens("LANE-REF-FIELD"), (Strings{"lanes[3].blockers[1]"}));
  EXPECT_EQ(report()["lanes"][3]["blockers"].size(), 1u);
}

TEST_F(LaneRulesMore, CompletionStateEnum) {
  lane(0)["completion"]["state"] = "done";
  EXPECT_FIRES("LANE-COMPLETION-STATE-ENUM");
  EXPECT_EQ(tokens("LANE-COMPLETION-STATE-ENUM"), (Strings{"lanes[0].completion.state"}));
  EXPECT_EQ(report()["lanes"][0]["completion_state"], "done");
}

TEST_F(LaneRulesMore, TrackingKindUnsupportedKeepsTheItem) {
  lane(1)["completion"]["tracking"][0]["kind"] = "coverage-gap";
  EXPECT_FIRES("LANE-TRACKING-KIND");
  EXPECT_EQ(tokens("LANE-TRACKING-KIND"), (Strings{"lanes[1].completion.tracking"}));
  EXPECT_EQ(report()["lanes"][1]["completion_tracking"].size(), 2u);
}

// lane-followup may track a residual but not block a lane.
TEST_F(LaneRulesMore, BlockerKindUnsupported) {
  lane(3)["blockers"][0]["kind"] = "lane-followup";
  EXPECT_FIRES("LANE-BLOCKER-KIND");
  EXPECT_EQ(tokens("LANE-BLOCKER-KIND"), (Strings{"lanes[3].blockers"}));
}

TEST_F(LaneRulesMore, TrackingDuplicate) {
  auto& t = lane(1)["completion"]["tracking"];
  t[1] = t[0];
  EXPECT_FIRES("LANE-TRACKING-DUPLICATE");
  EXPECT_EQ(tokens("LANE-TRACKING-DUPLICATE"), (Strings{"lanes[1].completion.tracking"}));
  EXPECT_FALSE(fired("LANE-TRACKING-ORDER"));
}

TEST_F(LaneRulesMore, BlockersDuplicate) {
  auto& b = lane(3)["blockers"];
  b[1] = b[0];
  EXPECT_FIRES("LANE-BLOCKERS-DUPLICATE");
  EXPECT_EQ(tokens("LANE-BLOCKERS-DUPLICATE"), (Strings{"lanes[3].blockers"}));
  EXPECT_FALSE(fired("LANE-BLOCKERS-ORDER"));
}

TEST_F(LaneRulesMore, BlockersOrder) {
  auto& b = lane(3)["blockers"];
  std::swap(b[0], b[1]);
  EXPECT_FIRES("LANE-BLOCKERS-ORDER");
  EXPECT_EQ(tokens("LANE-BLOCKERS-ORDER"), (Strings{"lanes[3].blockers"}));
}

TEST_F(LaneRulesMore, SubsystemsNotAList) {
  lane(0)["subsystems"] = "backup-engine";
  EXPECT_FIRES("LANE-SUBSYSTEMS");
  EXPECT_EQ(tokens("LANE-SUBSYSTEMS"), (Strings{"lanes[0]"}));
  // Read as [], which differs from the registry's list for L1.
  EXPECT_EQ(tokens("LANE-SUBSYSTEMS-REGISTRY-MISMATCH"), (Strings{"lanes[L1].subsystems"}));
}

TEST_F(LaneRulesMore, SubsystemsBlankElement) {
  lane(0)["subsystems"] = {"backup-engine", ""};
  EXPECT_FIRES("LANE-SUBSYSTEMS");
  EXPECT_EQ(tokens("LANE-SUBSYSTEMS"), (Strings{"lanes[0]"}));
  EXPECT_TRUE(report()["lanes"][0]["subsystems"].empty());
}

TEST_F(LaneRulesMore, SubsystemsDuplicate) {
  lane(0)["subsystems"] = {"backup-engine", "backup-engine"};
  EXPECT_FIRES("LANE-SUBSYSTEMS-DUPLICATE");
  EXPECT_EQ(tokens("LANE-SUBSYSTEMS-DUPLICATE"), (Strings{"lanes[0].subsystems"}));
}

// Lane subsystems use plain (code point) order: "Zeta" < "backup-engine".
TEST_F(LaneRulesMore, SubsystemsUsePlainOrder) {
  lane(0)["subsystems"] = {"backup-engine", "Zeta"};
  EXPECT_FIRES("LANE-SUBSYSTEMS-ORDER");
  EXPECT_EQ(tokens("LANE-SUBSYSTEMS-ORDER"), (Strings{"lanes[0].subsystems"}));
  lane(0)["subsystems"] = {"Zeta", "backup-engine"};
  run();
  EXPECT_FALSE(fired("LANE-SUBSYSTEMS-ORDER")) << ::testing::PrintToString(fired());
  EXPECT_TRUE(fired("LANE-SUBSYSTEM-UNKNOWN"));
}

// ------------------------------------------------------------ rules 93-110

TEST_F(LaneRulesMore, TargetMetBelowTarget) {
  lane(0)["current_score"] = 8;
  EXPECT_FIRES("LANE-TARGET-MET-BELOW-TARGET");
  EXPECT_EQ(tokens("LANE-TARGET-MET-BELOW-TARGET"), (Strings{"lanes[0]"}));
  EXPECT_EQ(tokens("LANE-BELOW-TARGET-NOT-OPEN"), (Strings{"lanes[0]"}));
  const auto l = report()["lanes"][0];
  EXPECT_EQ(l["derived_status"], "behind-target");
  EXPECT_EQ(l["at_target"], false);
  EXPECT_EQ(l["gap"], 1.0);
}

TEST_F(LaneRulesMore, OpenTargetMet) {
  lane(0)["completion"]["state"] = "open";
  EXPECT_FIRES("LANE-OPEN-TARGET-MET");
  EXPECT_EQ(tokens("LANE-OPEN-TARGET-MET"), (Strings{"lanes[0]"}));
  EXPECT_EQ(tokens("LANE-TARGET-MET-NOT-COMPLETE"), (Strings{"lanes[0]"}));
}

TEST_F(LaneRulesMore, PartialZeroScore) {
  lane(2)["current_score"] = 0;
  EXPECT_FIRES("LANE-PARTIAL-ZERO-SCORE");
  EXPECT_EQ(tokens("LANE-PARTIAL-ZERO-SCORE"), (Strings{"lanes[2]"}));
}

TEST_F(LaneRulesMore, NotStartedNotOpen) {
  lane(5)["completion"]["state"] = "complete";
  EXPECT_FIRES("LANE-NOT-STARTED-NOT-OPEN");
  EXPECT_EQ(tokens("LANE-NOT-STARTED-NOT-OPEN"), (Strings{"lanes[5]"}));
}

TEST_F(LaneRulesMore, BlockedNotOpen) {
  lane(3)["completion"]["state"] = "bounded-residual";
  EXPECT_FIRES("LANE-BLOCKED-NOT-OPEN");
  EXPECT_EQ(tokens("LANE-BLOCKED-NOT-OPEN"), (Strings{"lanes[3]"}));
}

TEST_F(LaneRulesMore, BlockedAtTarget) {
  lane(3)["current_score"] = 9;
  EXPECT_FIRES("LANE-BLOCKED-AT-TARGET");
  EXPECT_EQ(tokens("LANE-BLOCKED-AT-TARGET"), (Strings{"lanes[3]"}));
}

TEST_F(LaneRulesMore, BlockersOnUnblocked) {
  lane(3)["status"] = "partial";
  EXPECT_FIRES("LANE-BLOCKERS-ON-UNBLOCKED");
  EXPECT_EQ(tokens("LANE-BLOCKERS-ON-UNBLOCKED"), (Strings{"lanes[3]"}));
}

TEST_F(LaneRulesMore, BoundedResidualNotPartial) {
  lane(1)["status"] = "target-met";
  EXPECT_FIRES("LANE-BOUNDED-RESIDUAL-NOT-PARTIAL");
  EXPECT_EQ(tokens("LANE-BOUNDED-RESIDUAL-NOT-PARTIAL"), (Strings{"lanes[1]"}));
  EXPECT_EQ(tokens("LANE-TARGET-MET-NOT-COMPLETE"), (Strings{"lanes[1]"}));
}

TEST_F(LaneRulesMore, CompleteNotTargetMet) {
  lane(0)["status"] = "partial";
  EXPECT_FIRES("LANE-COMPLETE-NOT-TARGET-MET");
  EXPECT_EQ(tokens("LANE-COMPLETE-NOT-TARGET-MET"), (Strings{"lanes[0]"}));
  EXPECT_EQ(tokens("LANE-PARTIAL-AT-TARGET-NOT-BOUNDED"), (Strings{"lanes[0]"}));
}

TEST_F(LaneRulesMore, PartialAtTargetNotBounded) {
  lane(2)["current_score"] = 8;
  EXPECT_FIRES("LANE-PARTIAL-AT-TARGET-NOT-BOUNDED");
  EXPECT_EQ(tokens("LANE-PARTIAL-AT-TARGET-NOT-BOUNDED"), (Strings{"lanes[2]"}));
  EXPECT_EQ(report()["lanes"][2]["derived_status"], "target-met");
}

TEST_F(LaneRulesMore, BelowTargetNotOpen) {
  lane(2)["completion"]["state"] = "bounded-residual";
  EXPECT_FIRES("LANE-BELOW-TARGET-NOT-OPEN");
  EXPECT_EQ(tokens("LANE-BELOW-TARGET-NOT-OPEN"), (Strings{"lanes[2]"}));
  EXPECT_EQ(tokens("LANE-BOUNDED-RESIDUAL-WITHOUT-TRACKING"), (Strings{"lanes[2]"}));
}

TEST_F(LaneRulesMore, OpenWithTracking) {
  lane(2)["completion"]["tracking"] = lane(1)["completion"]["tracking"];
  EXPECT_FIRES("LANE-OPEN-WITH-TRACKING");
  EXPECT_EQ(tokens("LANE-OPEN-WITH-TRACKING"), (Strings{"lanes[2]"}));
}

TEST_F(LaneRulesMore, BoundedResidualWithoutTracking) {
  lane(4)["completion"]["tracking"] = Json::array();
  EXPECT_FIRES("LANE-BOUNDED-RESIDUAL-WITHOUT-TRACKING");
  EXPECT_EQ(tokens("LANE-BOUNDED-RESIDUAL-WITHOUT-TRACKING"), (Strings{"lanes[4]"}));
}

TEST_F(LaneRulesMore, CompleteWithTracking) {
  lane(0)["completion"]["tracking"] = {{{"kind", "lane-followup"}, {"id", "x"}}};
  EXPECT_FIRES("LANE-COMPLETE-WITH-TRACKING");
  EXPECT_EQ(tokens("LANE-COMPLETE-WITH-TRACKING"), (Strings{"lanes[0]"}));
}

TEST_F(LaneRulesMore, TargetMetEvidenceMissingOnlyForTargetMetLanes) {
  auto& ev = lane(2)["evidence"];  // L3 is partial
  ev[0]["path"] = ev[0]["path"].get<std::string>() + ".gone";
  EXPECT_FIRES("EVIDENCE-MISSING");
  EXPECT_FALSE(fired("LANE-TARGET-MET-EVIDENCE-MISSING"));
  EXPECT_EQ(report()["lanes"][2]["derived_status"], "evidence-missing");
}

// ------------------------------------------------------------ rule 111

// Lane order: L2 < L10 (numeric), L01 < L1 (tie broken by plain order).
TEST_F(LaneRulesMore, LaneOrderIsNumeric) {
  status["lanes"].push_back(extra_lane("L10"));
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
  EXPECT_EQ(report()["summary"]["lane_count"], 7);
}

TEST_F(LaneRulesMore, LaneOrderL10BeforeL2Fires) {
  status["lanes"].insert(status["lanes"].begin() + 1, extra_lane("L10"));
  EXPECT_FIRES("LANES-ORDER");
  EXPECT_EQ(tokens("LANES-ORDER"), (Strings{"status.json"}));
}

TEST_F(LaneRulesMore, LaneOrderL01BeforeL1) {
  status["lanes"].insert(status["lanes"].begin(), extra_lane("L01"));
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
  status["lanes"].erase(0);
  status["lanes"].insert(status["lanes"].begin() + 1, extra_lane("L01"));
  EXPECT_FIRES("LANES-ORDER");
}

// ------------------------------------------------------------ family I

TEST_F(LaneRulesMore, RegistryLaneAbsent) {
  Json sub = registry["subsystems"][0];
  sub["id"] = "offsite-sync";
  sub["lane"] = "L9";
  registry["subsystems"].push_back(sub);
  EXPECT_FIRES("REGISTRY-LANE-ABSENT");
  EXPECT_EQ(tokens("REGISTRY-LANE-ABSENT"), (Strings{"status.json"}));
}

// A lane renamed away from the registry: its registry lane is absent, and the
// renamed lane's subsystems are unexpected (context uses the lane id).
TEST_F(LaneRulesMore, RenamedLane) {
  lane(5)["id"] = "L7";
  EXPECT_FIRES("REGISTRY-LANE-ABSENT");
  EXPECT_EQ(tokens("REGISTRY-LANE-ABSENT"), (Strings{"status.json"}));
  EXPECT_EQ(tokens("LANE-SUBSYSTEMS-REGISTRY-MISMATCH"), (Strings{"lanes[L7].subsystems"}));
  EXPECT_FALSE(fired("LANE-SUBSYSTEM-UNKNOWN"));
}

// A null registry lane reads as the text "None" (§2.5): a lane "None" is then
// required, and L6 loses its subsystem.
TEST_F(LaneRulesMore, NullRegistryLaneReadsAsNone) {
  registry["subsystems"][5]["lane"] = nullptr;  // web-console
  EXPECT_FIRES("REGISTRY-LANE-ABSENT");
  EXPECT_EQ(tokens("REGISTRY-LANE-ABSENT"), (Strings{"status.json"}));
  const auto m = messages("REGISTRY-LANE-ABSENT").at(0);
  EXPECT_NE(m.find("None"), std::string::npos) << m;
  EXPECT_EQ(tokens("LANE-SUBSYSTEMS-REGISTRY-MISMATCH"), (Strings{"lanes[L6].subsystems"}));
}

TEST_F(LaneRulesMore, SubsystemUnknown) {
  lane(0)["subsystems"] = {"backup-engine", "zz-unknown"};
  EXPECT_FIRES("LANE-SUBSYSTEM-UNKNOWN");
  EXPECT_EQ(tokens("LANE-SUBSYSTEM-UNKNOWN"), (Strings{"lanes[L1].subsystems"}));
  EXPECT_EQ(tokens("LANE-SUBSYSTEMS-REGISTRY-MISMATCH"), (Strings{"lanes[L1].subsystems"}));
}

TEST_F(LaneRulesMore, SubsystemsRegistryMismatch) {
  Json sub = registry["subsystems"][0];
  sub["id"] = "offsite-sync";  // a second subsystem of L1
  registry["subsystems"].push_back(sub);
  EXPECT_FIRES("LANE-SUBSYSTEMS-REGISTRY-MISMATCH");
  EXPECT_EQ(tokens("LANE-SUBSYSTEMS-REGISTRY-MISMATCH"), (Strings{"lanes[L1].subsystems"}));
  lane(0)["subsystems"] = {"backup-engine", "offsite-sync"};
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
}

TEST_F(LaneRulesMore, CriticalLaneUnknown) {
  status["priority_engine"]["floor_rule"]["release_critical_lanes"] = {"L1", "L2", "L4", "L9"};
  EXPECT_FIRES("PRIORITY-CRITICAL-LANE-UNKNOWN");
  EXPECT_EQ(tokens("PRIORITY-CRITICAL-LANE-UNKNOWN"),
            (Strings{"priority_engine.floor_rule.release_critical_lanes"}));
}

// One finding per listed id, repeats included.
TEST_F(LaneRulesMore, CriticalLaneUnknownPerOccurrence) {
  status["priority_engine"]["floor_rule"]["release_critical_lanes"] = {"L1", "L9", "L9"};
  EXPECT_FIRES("PRIORITY-CRITICAL-LANE-UNKNOWN");
  EXPECT_EQ(messages("PRIORITY-CRITICAL-LANE-UNKNOWN").size(), 2u);
}

// ------------------------------------------------------------ §5.1, §5.6

// gap is an unrounded double difference.
TEST_F(LaneRulesMore, GapIsAnUnroundedDifference) {
  lane(2)["target_score"] = 8.5;
  lane(2)["current_score"] = 8.2;
  run();
  const auto l = report()["lanes"][2];
  EXPECT_EQ(l["gap"].get<double>(), 8.5 - 8.2);
  EXPECT_NE(l["gap"].get<double>(), 0.3);
  EXPECT_EQ(l["derived_status"], "behind-target");
}

// lane_completion_score = round-half-even(current / target * 100).
TEST_F(LaneRulesMore, CompletionScoreRoundsHalfToEven) {
  const std::vector<double> target{8, 8, 8, 8, 4, 4};  // 40
  set_scores(target, {1, 1, 1, 1, 1, 0});              // 12.5
  run();
  EXPECT_EQ(report()["summary"]["lane_completion_score"], 12);
  set_scores(target, {3, 3, 3, 3, 3, 0});  // 37.5
  run();
  EXPECT_EQ(report()["summary"]["lane_completion_score"], 38);
  set_scores(target, {5, 5, 5, 5, 5, 0});  // 62.5
  run();
  EXPECT_EQ(report()["summary"]["lane_completion_score"], 62);
  set_scores(target, {5.5, 5.5, 5.5, 5.5, 5.5, 0});  // 68.75
  run();
  EXPECT_EQ(report()["summary"]["lane_completion_score"], 69);
}

TEST_F(LaneRulesMore, CompletionScoreWithoutTargetsIs100) {
  set_scores({0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0});
  run();
  EXPECT_EQ(report()["summary"]["lane_completion_score"], 100);
}

TEST_F(LaneRulesMore, CompletionScoreIsClamped) {
  set_scores({1, 1, 1, 1, 1, 1}, {10, 10, 10, 10, 10, 10});
  run();
  EXPECT_EQ(report()["summary"]["lane_completion_score"], 100);
  EXPECT_TRUE(fired("LANE-SCORE-EXCEEDS-TARGET"));
}

}  // namespace
}  // namespace relctl::test
