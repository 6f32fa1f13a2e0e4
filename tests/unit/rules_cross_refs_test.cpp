// Family J (src/rules/cross_refs.cpp): the shared lane_ids / subsystem_ids
// checks of gates, assertions, open decisions, follow-ups, coverage gaps,
// resolved decisions and candidate lanes (audit-rules.md §4.11). The
// location token is the owner (`open_decisions[0]`) or the owner's list
// (`open_decisions[0].lane_ids`).
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

class CrossRefRules : public RulesFixture {
 protected:
  Strings tokens(const std::string& rule) const { return tokens_of(messages(rule)); }
};

// ------------------------------------------------------------ rule 116

TEST_F(CrossRefRules, LaneIdsDuplicateOnAGate) {
  status["release_gates"][2]["lane_ids"] = {"L2", "L2", "L3"};
  EXPECT_FIRES("XREF-LANE-IDS-DUPLICATE");
  EXPECT_EQ(tokens("XREF-LANE-IDS-DUPLICATE"), (Strings{"release_gates[2].lane_ids"}));
  EXPECT_FALSE(fired("XREF-LANE-IDS-ORDER"));
}

TEST_F(CrossRefRules, LaneIdsDuplicateOnAnAssertion) {
  status["readiness_assertions"][2]["lane_ids"] = {"L2", "L3", "L3"};
  EXPECT_FIRES("XREF-LANE-IDS-DUPLICATE");
  EXPECT_EQ(tokens("XREF-LANE-IDS-DUPLICATE"), (Strings{"readiness_assertions[2].lane_ids"}));
}

// ------------------------------------------------------------ rule 117

TEST_F(CrossRefRules, LaneIdsOrder) {
  status["resolved_decisions"][1]["lane_ids"] = {"L2", "L1"};
  EXPECT_FIRES("XREF-LANE-IDS-ORDER");
  EXPECT_EQ(tokens("XREF-LANE-IDS-ORDER"), (Strings{"resolved_decisions[1].lane_ids"}));
}

// Lane order is numeric: L2 < L10.
TEST_F(CrossRefRules, LaneIdsOrderIsNumeric) {
  auto& ids = status["resolved_decisions"][1]["lane_ids"];
  ids = {"L1", "L2", "L10"};
  run();
  EXPECT_FALSE(fired("XREF-LANE-IDS-ORDER")) << ::testing::PrintToString(fired());
  EXPECT_EQ(tokens("XREF-LANE-ID-UNKNOWN"), (Strings{"resolved_decisions[1]"}));
  ids = {"L1", "L10", "L2"};
  EXPECT_FIRES("XREF-LANE-IDS-ORDER");
  EXPECT_EQ(tokens("XREF-LANE-IDS-ORDER"), (Strings{"resolved_decisions[1].lane_ids"}));
}

// ------------------------------------------------------------ rule 118

TEST_F(CrossRefRules, LaneIdUnknownOnAnOpenDecision) {
  status["open_decisions"][0]["lane_ids"] = {"L4", "L9"};
  EXPECT_FIRES("XREF-LANE-ID-UNKNOWN");
  EXPECT_EQ(tokens("XREF-LANE-ID-UNKNOWN"), (Strings{"open_decisions[0]"}));
}

// Gates run the lane checks only; an unknown lane adds no repo ids.
TEST_F(CrossRefRules, LaneIdUnknownOnAGate) {
  status["release_gates"][0]["lane_ids"] = {"L1", "L9"};
  EXPECT_FIRES("XREF-LANE-ID-UNKNOWN");
  EXPECT_EQ(tokens("XREF-LANE-ID-UNKNOWN"), (Strings{"release_gates[0]"}));
  EXPECT_EQ(report()["release_gates"][0]["repo_ids"], Json::array({"harbor"}));
}

TEST_F(CrossRefRules, LaneIdUnknownOnAFollowup) {
  status["lane_followups"][1]["lane_ids"] = {"L9"};
  EXPECT_FIRES("XREF-LANE-ID-UNKNOWN");
  EXPECT_EQ(tokens("XREF-LANE-ID-UNKNOWN"), (Strings{"lane_followups[1]"}));
  // scheduler belongs to L5, which is no longer listed.
  EXPECT_EQ(tokens("XREF-SUBSYSTEM-LANE-NOT-LISTED"), (Strings{"lane_followups[1]"}));
}

TEST_F(CrossRefRules, LaneIdUnknownOnACoverageGap) {
  status["coverage_gaps"][0]["lane_ids"] = {"L1", "L2", "L9"};
  EXPECT_FIRES("XREF-LANE-ID-UNKNOWN");
  EXPECT_EQ(tokens("XREF-LANE-ID-UNKNOWN"), (Strings{"coverage_gaps[0]"}));
}

// One finding per listed id, repeats included.
TEST_F(CrossRefRules, LaneIdUnknownPerOccurrence) {
  status["readiness_assertions"][0]["lane_ids"] = {"L1", "L9", "L9"};
  EXPECT_FIRES("XREF-LANE-ID-UNKNOWN");
  EXPECT_EQ(tokens("XREF-LANE-ID-UNKNOWN"),
            (Strings{"readiness_assertions[0]", "readiness_assertions[0]"}));
  EXPECT_TRUE(fired("XREF-LANE-IDS-DUPLICATE"));
}

// A lane record under its fallback id (lane-<i>) is a known lane.
TEST_F(CrossRefRules, FallbackLaneIdIsKnown) {
  status["lanes"][5].erase("id");
  status["resolved_decisions"][0]["lane_ids"] = {"L1", "lane-5"};
  run();
  EXPECT_TRUE(fired("LANE-FIELD"));
  EXPECT_FALSE(fired("XREF-LANE-ID-UNKNOWN")) << ::testing::PrintToString(fired());
}

// ------------------------------------------------------------ rules 119-120

TEST_F(CrossRefRules, SubsystemIdsDuplicate) {
  status["coverage_gaps"][0]["subsystem_ids"] = {"backup-engine", "backup-engine",
                                                 "restore-service"};
  EXPECT_FIRES("XREF-SUBSYSTEM-IDS-DUPLICATE");
  EXPECT_EQ(tokens("XREF-SUBSYSTEM-IDS-DUPLICATE"), (Strings{"coverage_gaps[0].subsystem_ids"}));
  EXPECT_FALSE(fired("XREF-SUBSYSTEM-IDS-ORDER"));
}

TEST_F(CrossRefRules, SubsystemIdsOrder) {
  status["readiness_assertions"][2]["subsystem_ids"] = {"storage-targets", "restore-service"};
  EXPECT_FIRES("XREF-SUBSYSTEM-IDS-ORDER");
  EXPECT_EQ(tokens("XREF-SUBSYSTEM-IDS-ORDER"), (Strings{"readiness_assertions[2].subsystem_ids"}));
}

// Subsystem ids use plain order: "Zeta" < "backup-engine".
TEST_F(CrossRefRules, SubsystemIdsUsePlainOrder) {
  auto& ids = status["resolved_decisions"][0]["subsystem_ids"];
  ids = {"Zeta", "backup-engine"};
  run();
  EXPECT_FALSE(fired("XREF-SUBSYSTEM-IDS-ORDER")) << ::testing::PrintToString(fired());
  ids = {"backup-engine", "Zeta"};
  EXPECT_FIRES("XREF-SUBSYSTEM-IDS-ORDER");
  EXPECT_EQ(tokens("XREF-SUBSYSTEM-IDS-ORDER"), (Strings{"resolved_decisions[0].subsystem_ids"}));
}

// ------------------------------------------------------------ rules 121-122

TEST_F(CrossRefRules, SubsystemUnknown) {
  status["open_decisions"][0]["subsystem_ids"] = {"key-custody", "zz-unknown"};
  EXPECT_FIRES("XREF-SUBSYSTEM-UNKNOWN");
  EXPECT_EQ(tokens("XREF-SUBSYSTEM-UNKNOWN"), (Strings{"open_decisions[0]"}));
  EXPECT_FALSE(fired("XREF-SUBSYSTEM-LANE-NOT-LISTED"));
}

TEST_F(CrossRefRules, SubsystemLaneNotListed) {
  status["resolved_decisions"][0]["subsystem_ids"] = {"backup-engine", "scheduler"};
  EXPECT_FIRES("XREF-SUBSYSTEM-LANE-NOT-LISTED");
  EXPECT_EQ(tokens("XREF-SUBSYSTEM-LANE-NOT-LISTED"), (Strings{"resolved_decisions[0]"}));
  EXPECT_FALSE(fired("XREF-SUBSYSTEM-UNKNOWN"));
}

TEST_F(CrossRefRules, SubsystemLaneNotListedOnAnAssertion) {
  status["readiness_assertions"][1]["lane_ids"] = {"L4"};  // scheduler is L5's
  EXPECT_FIRES("XREF-SUBSYSTEM-LANE-NOT-LISTED");
  EXPECT_EQ(tokens("XREF-SUBSYSTEM-LANE-NOT-LISTED"), (Strings{"readiness_assertions[1]"}));
}

// For a candidate lane the subsystems are checked against current_lane_ids,
// and any error drops the candidate; its gap then counts as unplanned.
TEST_F(CrossRefRules, CandidateSubsystemLaneNotListedDropsTheCandidate) {
  status["candidate_lanes"][0]["subsystem_ids"] = {"backup-engine", "restore-service", "scheduler"};
  EXPECT_FIRES("XREF-SUBSYSTEM-LANE-NOT-LISTED");
  EXPECT_EQ(tokens("XREF-SUBSYSTEM-LANE-NOT-LISTED"), (Strings{"candidate_lanes[0]"}));
  const auto r = report();
  EXPECT_TRUE(r["candidate_lanes"].empty());
  EXPECT_EQ(r["summary"]["planned_coverage_gap_count"], 0);
  EXPECT_EQ(r["summary"]["unplanned_coverage_gap_total_impact"], 12);
  EXPECT_EQ(r["summary"]["coverage_planning_score"], 88);
}

TEST_F(CrossRefRules, CandidateSubsystemUnknownDropsTheCandidate) {
  status["candidate_lanes"][0]["subsystem_ids"] = {"backup-engine", "restore-service",
                                                   "zz-unknown"};
  EXPECT_FIRES("XREF-SUBSYSTEM-UNKNOWN");
  EXPECT_EQ(tokens("XREF-SUBSYSTEM-UNKNOWN"), (Strings{"candidate_lanes[0]"}));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CrossRefRules, CandidateSubsystemIdsOrder) {
  status["candidate_lanes"][0]["subsystem_ids"] = {"restore-service", "backup-engine"};
  EXPECT_FIRES("XREF-SUBSYSTEM-IDS-ORDER");
  EXPECT_EQ(tokens("XREF-SUBSYSTEM-IDS-ORDER"), (Strings{"candidate_lanes[0].subsystem_ids"}));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

}  // namespace
}  // namespace relctl::test
