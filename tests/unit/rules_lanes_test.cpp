// Lane rules (src/rules/lanes.cpp). Each test breaks the example one way.
#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

class LaneRules : public RulesFixture {};

TEST_F(LaneRules, TheExampleIsClean) {
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
  const auto r = report();
  EXPECT_EQ(r["summary"]["lane_count"], 6);
  EXPECT_EQ(r["summary"]["lane_completion_score"], 74);
  EXPECT_TRUE(r["warnings"].empty()) << r["warnings"].dump();
}

TEST_F(LaneRules, TrackingOrder) {
  auto& t = status["lanes"][1]["completion"]["tracking"];
  std::swap(t[0], t[1]);
  EXPECT_FIRES("LANE-TRACKING-ORDER");
  EXPECT_EQ(messages("LANE-TRACKING-ORDER").at(0).rfind("lanes[1].completion.tracking ", 0), 0u);
}

TEST_F(LaneRules, BlockedWithoutBlockers) {
  status["lanes"][3]["blockers"] = Json::array();
  EXPECT_FIRES("LANE-BLOCKED-WITHOUT-BLOCKERS");
}

TEST_F(LaneRules, NotStartedWithScore) {
  status["lanes"][5]["current_score"] = 1;
  EXPECT_FIRES("LANE-NOT-STARTED-NONZERO");
  EXPECT_EQ(report()["summary"]["lane_completion_score"], 77);
}

TEST_F(LaneRules, MissingEvidenceMakesTheLaneEvidenceMissing) {
  auto& ev = status["lanes"][1]["evidence"];
  ev[ev.size() - 1]["path"] = ev[ev.size() - 1]["path"].get<std::string>() + ".gone";
  EXPECT_FIRES("EVIDENCE-MISSING");
  EXPECT_EQ(report()["lanes"][1]["derived_status"], "evidence-missing");
}

TEST_F(LaneRules, NoLanesIsRefused) {
  status["lanes"] = Json::array();
  EXPECT_THROW(run(), LoadError);
}

}  // namespace
}  // namespace relctl::test
