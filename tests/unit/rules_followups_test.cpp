// Lane follow-up rules (family P) of src/rules/followups.cpp.
//
// The example has two follow-ups: [0] restore-progress-streaming (L2,
// planned, 2026-11-03) and [1] retention-dry-run-report (L5, active,
// 2026-11-12); each is tracked by its bounded-residual lane.
#include <algorithm>

#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

using J = nlohmann::json;  // the report's type

class FollowupRules : public RulesFixture {
 protected:
  Json& followup(std::size_t i) { return status["lane_followups"][i]; }
};

TEST_F(FollowupRules, TheExampleFollowupsAreClean) {
  run();
  for (const auto& rule : fired()) EXPECT_NE(rule.rfind("FOLLOWUP", 0), 0u) << rule;
  const J r = report();
  ASSERT_EQ(r["lane_followups"].size(), 2u);
  EXPECT_EQ(r["lane_followups"][0]["repo_ids"], J::array({"harbor"}));
}

TEST_F(FollowupRules, ShapeMissingList) {
  status.erase("lane_followups");
  EXPECT_FIRES("FOLLOWUPS-SHAPE");
  EXPECT_TRUE(at("FOLLOWUPS-SHAPE", "status.json"));
}

TEST_F(FollowupRules, ShapeElementNotAnObject) {
  status["lane_followups"].push_back(true);
  EXPECT_FIRES("FOLLOWUPS-SHAPE");
  EXPECT_TRUE(at("FOLLOWUPS-SHAPE", "status.json.lane_followups[2]"));
}

TEST_F(FollowupRules, FieldMissingDropsTheRecord) {
  followup(0).erase("owner");
  EXPECT_FIRES("FOLLOWUP-FIELD");
  EXPECT_TRUE(at("FOLLOWUP-FIELD", "lane_followups[0]"));
  EXPECT_EQ(report()["lane_followups"].size(), 1u);
  // L2 now tracks a follow-up that has no record.
  EXPECT_TRUE(fired("TRACKING-UNKNOWN-TARGET"));
}

TEST_F(FollowupRules, IdDuplicate) {
  followup(1)["id"] = "restore-progress-streaming";
  EXPECT_FIRES("FOLLOWUP-ID-DUPLICATE");
  EXPECT_TRUE(at("FOLLOWUP-ID-DUPLICATE", "lane_followups[1]"));
  EXPECT_EQ(report()["lane_followups"].size(), 2u);  // both kept
}

TEST_F(FollowupRules, Date) {
  followup(0)["recorded_at"] = "2026/11/03";
  EXPECT_FIRES("FOLLOWUP-DATE");
  EXPECT_TRUE(at("FOLLOWUP-DATE", "lane_followups[0].recorded_at"));
}

TEST_F(FollowupRules, DateToleratesOneTrailingNewline) {
  followup(0)["recorded_at"] = "2026-11-03\n";
  run();
  EXPECT_FALSE(fired("FOLLOWUP-DATE"));
  followup(0)["recorded_at"] = "2026-11-03\n\n";
  EXPECT_FIRES("FOLLOWUP-DATE");
}

TEST_F(FollowupRules, StatusEnum) {
  followup(1)["status"] = "done";
  EXPECT_FIRES("FOLLOWUP-STATUS-ENUM");
  EXPECT_TRUE(at("FOLLOWUP-STATUS-ENUM", "lane_followups[1]"));
  // Kept raw: a raw "done" counts as resolved (§4.15 rule 188, §5.11).
  EXPECT_EQ(report()["lane_followups"][1]["status"], "done");
  EXPECT_TRUE(fired("TRACKING-ALREADY-RESOLVED"));
}

TEST_F(FollowupRules, SingleLane) {
  followup(0)["lane_ids"] = Json::array({"L2", "L3"});
  EXPECT_FIRES("FOLLOWUP-SINGLE-LANE");
  EXPECT_TRUE(at("FOLLOWUP-SINGLE-LANE", "lane_followups[0].lane_ids"));
  EXPECT_EQ(report()["lane_followups"].size(), 1u);  // no record
}

TEST_F(FollowupRules, SingleLaneAfterAShapeFailure) {
  followup(0)["lane_ids"] = "L2";
  EXPECT_FIRES("FOLLOWUP-SINGLE-LANE");
  EXPECT_TRUE(fired("FOLLOWUP-FIELD"));
  followup(0)["lane_ids"] = Json::array();
  EXPECT_FIRES("FOLLOWUP-SINGLE-LANE");
}

TEST_F(FollowupRules, SingleLaneSitsBetweenTheLaneListChecks) {
  // §4.11/§4.15: 116, 117, then 189, then 118.
  followup(0)["lane_ids"] = Json::array({"L9", "L2"});
  run();
  ASSERT_TRUE(fired("XREF-LANE-IDS-ORDER"));
  ASSERT_TRUE(fired("FOLLOWUP-SINGLE-LANE"));
  ASSERT_TRUE(fired("XREF-LANE-ID-UNKNOWN"));
  EXPECT_LT(first("XREF-LANE-IDS-ORDER"), first("FOLLOWUP-SINGLE-LANE"));
  EXPECT_LT(first("FOLLOWUP-SINGLE-LANE"), first("XREF-LANE-ID-UNKNOWN"));
}

TEST_F(FollowupRules, Order) {
  std::swap(followup(0), followup(1));
  EXPECT_FIRES("FOLLOWUPS-ORDER");
  EXPECT_TRUE(at("FOLLOWUPS-ORDER", "status.json"));
}

TEST_F(FollowupRules, OrderSkippedWhenAFollowupHasNoRecord) {
  std::swap(followup(0), followup(1));
  followup(0)["lane_ids"] = Json::array({"L5", "L6"});
  run();
  EXPECT_TRUE(fired("FOLLOWUP-SINGLE-LANE"));
  EXPECT_FALSE(fired("FOLLOWUPS-ORDER"));
}

}  // namespace
}  // namespace relctl::test
