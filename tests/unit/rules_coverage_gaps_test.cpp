// Coverage-gap rules (family Q) and candidate-lane rules (family R) of
// src/rules/coverage_gaps.cpp, with the coverage planning counts of
// audit-rules.md §5.7 and the candidate-lane queue of §5.8.
//
// The example has one gap, [0] catalog-disaster-recovery (planned, new-lane,
// impact 12, L1+L2, backup-engine+restore-service), and one candidate lane
// covering it, [0] server-self-recovery (target h2-self-recovery).
#include <algorithm>

#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

using J = nlohmann::json;  // the report's type

class FamilyRules : public RulesFixture {
 protected:
  [[nodiscard]] std::size_t count(const std::string& rule) const { return messages(rule).size(); }
  // Whether some finding of `rule` mentions `text`.
  [[nodiscard]] bool mentions(const std::string& rule, const std::string& text) const {
    const auto msgs = messages(rule);
    return std::any_of(msgs.begin(), msgs.end(),
                       [&](const std::string& m) { return m.find(text) != std::string::npos; });
  }

  Json& gap(std::size_t i) { return status["coverage_gaps"][i]; }
  Json& candidate(std::size_t i) { return status["candidate_lanes"][i]; }

  // A second planned, lane-shaping gap on L4 (impact 20), recorded after the first.
  void add_escrow_gap() {
    status["coverage_gaps"].push_back(Json::parse(R"({
      "id": "key-escrow-recovery",
      "summary": "No lane owns recovering a repository whose escrowed key was lost.",
      "owner": "security-team",
      "status": "planned",
      "recorded_at": "2026-11-10",
      "lane_ids": ["L4"],
      "subsystem_ids": ["key-custody"],
      "proposed_resolution": "lane-expansion",
      "coverage_impact": 20,
      "evidence": [{"repo": "harbor", "path": "docs/runbooks/key-rotation.md", "kind": "file"}]
    })"));
  }
  // A candidate covering the second gap, recorded after the first candidate.
  void add_escrow_candidate() {
    status["candidate_lanes"].push_back(Json::parse(R"({
      "id": "key-escrow-lane",
      "name": "Key escrow recovery",
      "summary": "Let an operator recover a repository from an escrowed key.",
      "status": "proposed",
      "recorded_at": "2026-11-10",
      "target_id": "h2-self-recovery",
      "current_lane_ids": ["L4"],
      "coverage_gap_ids": ["key-escrow-recovery"],
      "subsystem_ids": ["key-custody"]
    })"));
  }
  // A second profile with a planned target, for the other-profile rules.
  void add_other_profile_target() {
    Json p = control_plane["profiles"][0];
    p["id"] = "h1";
    p["lifecycle"] = "retired";
    control_plane["profiles"].push_back(p);
    Json t = control_plane["targets"][3];
    t["id"] = "h1-maintenance";
    t["profile_id"] = "h1";
    control_plane["targets"].push_back(t);
  }
  void add_claim(const std::string& id, const std::string& kind, const std::string& work_id,
                 const std::string& target = "h2-rc-stabilization") {
    Json c = status["work_claims"][0];
    c["id"] = id;
    c["agent_id"] = id + "-agent";
    c["target_id"] = target;
    c["claimed_at"] = "2026-11-22T10:00:00Z";
    c["work_item"]["kind"] = kind;
    c["work_item"]["id"] = work_id;
    status["work_claims"].push_back(c);
  }
};

class CoverageGapRules : public FamilyRules {};

TEST_F(CoverageGapRules, TheExamplePlanning) {
  run();
  for (const auto& rule : fired()) {
    EXPECT_TRUE(rule.rfind("GAP", 0) != 0 && rule.rfind("CANDIDATE", 0) != 0) << rule;
  }
  const J r = report();
  EXPECT_EQ(r["coverage_gaps"].size(), 1u);
  EXPECT_EQ(r["candidate_lanes"].size(), 1u);
  const J s = r["summary"];
  EXPECT_EQ(s["coverage_gap_total_impact"], 12);
  EXPECT_EQ(s["lane_coverage_score"], 88);
  EXPECT_EQ(s["planned_coverage_gap_count"], 1);
  EXPECT_EQ(s["unplanned_coverage_gap_count"], 0);
  EXPECT_EQ(s["planned_coverage_gap_total_impact"], 12);
  EXPECT_EQ(s["unplanned_coverage_gap_total_impact"], 0);
  EXPECT_EQ(s["coverage_planning_score"], 100);
}

TEST_F(CoverageGapRules, ShapeMissingList) {
  status["coverage_gaps"] = 12;
  EXPECT_FIRES("GAPS-SHAPE");
  EXPECT_TRUE(at("GAPS-SHAPE", "status.json"));
}

TEST_F(CoverageGapRules, ShapeElementNotAnObject) {
  status["coverage_gaps"].push_back("catalog");
  EXPECT_FIRES("GAPS-SHAPE");
  EXPECT_TRUE(at("GAPS-SHAPE", "status.json.coverage_gaps[1]"));
}

TEST_F(CoverageGapRules, FieldMissingDropsTheRecord) {
  gap(0).erase("proposed_resolution");
  EXPECT_FIRES("GAP-FIELD");
  EXPECT_TRUE(at("GAP-FIELD", "coverage_gaps[0]"));
  EXPECT_TRUE(report()["coverage_gaps"].empty());
  // The candidate now names an unknown gap.
  EXPECT_TRUE(at("CANDIDATE-GAP-UNKNOWN", "candidate_lanes[0]"));
}

TEST_F(CoverageGapRules, IdDuplicateKeepsBothInTheTotals) {
  Json g = gap(0);
  g["coverage_impact"] = 30;
  status["coverage_gaps"].push_back(g);
  EXPECT_FIRES("GAP-ID-DUPLICATE");
  EXPECT_TRUE(at("GAP-ID-DUPLICATE", "coverage_gaps[1]"));
  const J s = report()["summary"];
  EXPECT_EQ(s["coverage_gap_count"], 2);
  EXPECT_EQ(s["coverage_gap_total_impact"], 42);
  // One distinct id, planned; both records' impact counts.
  EXPECT_EQ(s["planned_coverage_gap_count"], 1);
  EXPECT_EQ(s["unplanned_coverage_gap_count"], 0);
  EXPECT_EQ(s["planned_coverage_gap_total_impact"], 42);
}

TEST_F(CoverageGapRules, DuplicateIdLookupsSeeTheLaterRecord) {
  Json g = gap(0);
  g["status"] = "triaged";
  status["coverage_gaps"].push_back(g);
  EXPECT_FIRES("GAP-ID-DUPLICATE");
  // The candidate sees the later, triaged record...
  EXPECT_TRUE(fired("CANDIDATE-GAP-NOT-PLANNED"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
  // ...and so does rule 220, so the earlier planned record raises nothing.
  EXPECT_FALSE(fired("GAP-PLANNED-WITHOUT-CANDIDATE"));
}

TEST_F(CoverageGapRules, ImpactType) {
  for (const Json& v : {Json(12.0), Json(true), Json("12"), Json(nullptr)}) {
    SCOPED_TRACE(v.dump());
    gap(0)["coverage_impact"] = v;
    EXPECT_FIRES("GAP-IMPACT-TYPE");
    EXPECT_TRUE(at("GAP-IMPACT-TYPE", "coverage_gaps[0]"));
    EXPECT_TRUE(report()["coverage_gaps"].empty());
  }
}

TEST_F(CoverageGapRules, ImpactRange) {
  for (const Json& v : {Json(0), Json(101), Json(-5)}) {
    SCOPED_TRACE(v.dump());
    gap(0)["coverage_impact"] = v;
    EXPECT_FIRES("GAP-IMPACT-RANGE");
    EXPECT_TRUE(at("GAP-IMPACT-RANGE", "coverage_gaps[0].coverage_impact"));
    EXPECT_TRUE(report()["coverage_gaps"].empty());
  }
  gap(0)["coverage_impact"] = 100;
  run();
  EXPECT_FALSE(fired("GAP-IMPACT-RANGE"));
  EXPECT_EQ(report()["summary"]["lane_coverage_score"], 0);
}

TEST_F(CoverageGapRules, Date) {
  gap(0)["recorded_at"] = "09-11-2026";
  EXPECT_FIRES("GAP-DATE");
  EXPECT_TRUE(at("GAP-DATE", "coverage_gaps[0].recorded_at"));
  EXPECT_EQ(report()["coverage_gaps"].size(), 1u);
}

TEST_F(CoverageGapRules, StatusEnum) {
  gap(0)["status"] = "open";
  EXPECT_FIRES("GAP-STATUS-ENUM");
  EXPECT_TRUE(at("GAP-STATUS-ENUM", "coverage_gaps[0]"));
}

TEST_F(CoverageGapRules, ResolutionEnum) {
  gap(0)["proposed_resolution"] = "rewrite";
  EXPECT_FIRES("GAP-RESOLUTION-ENUM");
  EXPECT_TRUE(at("GAP-RESOLUTION-ENUM", "coverage_gaps[0]"));
}

TEST_F(CoverageGapRules, Order) {
  add_escrow_gap();
  gap(1)["recorded_at"] = "2026-11-01";
  EXPECT_FIRES("GAPS-ORDER");
  EXPECT_TRUE(at("GAPS-ORDER", "status.json"));
}

TEST_F(CoverageGapRules, OrderSkippedWhenAGapHasNoRecord) {
  add_escrow_gap();
  gap(1)["recorded_at"] = "2026-11-01";
  gap(1)["coverage_impact"] = 0;
  run();
  EXPECT_FALSE(fired("GAPS-ORDER"));
}

TEST_F(CoverageGapRules, PlannedWithoutCandidate) {
  status["candidate_lanes"] = Json::array();
  EXPECT_FIRES("GAP-PLANNED-WITHOUT-CANDIDATE");
  EXPECT_TRUE(at("GAP-PLANNED-WITHOUT-CANDIDATE", "coverage_gap"));
  EXPECT_TRUE(mentions("GAP-PLANNED-WITHOUT-CANDIDATE", "catalog-disaster-recovery"));
  const J s = report()["summary"];
  EXPECT_EQ(s["planned_coverage_gap_count"], 0);
  EXPECT_EQ(s["unplanned_coverage_gap_count"], 1);
  EXPECT_EQ(s["unplanned_coverage_gap_total_impact"], 12);
  EXPECT_EQ(s["coverage_planning_score"], 88);
}

TEST_F(CoverageGapRules, PlannedWithoutCandidateWhenTheCandidateHasAnError) {
  candidate(0)["recorded_at"] = "2026-11-9";
  EXPECT_FIRES("GAP-PLANNED-WITHOUT-CANDIDATE");
  EXPECT_EQ(report()["summary"]["planned_coverage_gap_count"], 0);
}

TEST_F(CoverageGapRules, UnlinkedNonShapingGapsAreUnplannedWithoutAnError) {
  add_escrow_gap();
  gap(1)["status"] = "triaged";
  gap(1)["proposed_resolution"] = "target-update";
  run();
  EXPECT_FALSE(fired("GAP-PLANNED-WITHOUT-CANDIDATE"));
  const J s = report()["summary"];
  EXPECT_EQ(s["planned_coverage_gap_count"], 1);
  EXPECT_EQ(s["unplanned_coverage_gap_count"], 1);
  EXPECT_EQ(s["unplanned_coverage_gap_total_impact"], 20);
  EXPECT_EQ(s["coverage_planning_score"], 80);
  EXPECT_EQ(s["coverage_gap_total_impact"], 32);
}

TEST_F(CoverageGapRules, MultipleCandidatesRemovesBoth) {
  Json k = candidate(0);
  k["id"] = "server-self-recovery-2";
  status["candidate_lanes"].push_back(k);
  EXPECT_FIRES("GAP-MULTIPLE-CANDIDATES");
  EXPECT_TRUE(at("GAP-MULTIPLE-CANDIDATES", "coverage_gap"));
  EXPECT_EQ(count("GAP-MULTIPLE-CANDIDATES"), 1u);
  // Its planned count is reset, so 220 fires next to 219.
  EXPECT_TRUE(at("GAP-PLANNED-WITHOUT-CANDIDATE", "coverage_gap"));
  const J r = report();
  EXPECT_TRUE(r["candidate_lanes"].empty());
  EXPECT_TRUE(r["candidate_lane_queue"].empty());
  EXPECT_EQ(r["summary"]["candidate_lane_count"], 0);
  EXPECT_EQ(r["summary"]["planned_coverage_gap_count"], 0);
  EXPECT_EQ(r["summary"]["unplanned_coverage_gap_count"], 1);
}

TEST_F(CoverageGapRules, MultipleCandidatesCountsDroppedCandidatesToo) {
  // The second candidate is dropped for its bad date, but its reference counts.
  Json k = candidate(0);
  k["id"] = "server-self-recovery-2";
  k["recorded_at"] = "soon";
  status["candidate_lanes"].push_back(k);
  EXPECT_FIRES("GAP-MULTIPLE-CANDIDATES");
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CoverageGapRules, SpecExample57GapStaysPlannedAfterItsCandidateWasRemoved) {
  // §5.7: C1 -> {g1, g2}, C2 -> {g2}: both candidates are removed, g1 stays planned.
  add_escrow_gap();
  auto& c1 = candidate(0);
  c1["current_lane_ids"] = Json::array({"L1", "L2", "L4"});
  c1["coverage_gap_ids"] = Json::array({"catalog-disaster-recovery", "key-escrow-recovery"});
  c1["subsystem_ids"] = Json::array({"backup-engine", "key-custody", "restore-service"});
  add_escrow_candidate();
  run();
  EXPECT_FALSE(fired("CANDIDATE-MISSING-GAP-LANES"));
  EXPECT_FALSE(fired("CANDIDATE-MISSING-GAP-SUBSYSTEMS"));
  EXPECT_EQ(count("GAP-MULTIPLE-CANDIDATES"), 1u);
  EXPECT_TRUE(mentions("GAP-MULTIPLE-CANDIDATES", "key-escrow-recovery"));
  EXPECT_EQ(count("GAP-PLANNED-WITHOUT-CANDIDATE"), 1u);
  EXPECT_TRUE(mentions("GAP-PLANNED-WITHOUT-CANDIDATE", "key-escrow-recovery"));
  const J r = report();
  EXPECT_TRUE(r["candidate_lanes"].empty());
  const J s = r["summary"];
  EXPECT_EQ(s["planned_coverage_gap_count"], 1);
  EXPECT_EQ(s["planned_coverage_gap_total_impact"], 12);
  EXPECT_EQ(s["unplanned_coverage_gap_count"], 1);
  EXPECT_EQ(s["unplanned_coverage_gap_total_impact"], 20);
  EXPECT_EQ(s["coverage_planning_score"], 80);
}

class CandidateRules : public FamilyRules {};

TEST_F(CandidateRules, ShapeMissingList) {
  status.erase("candidate_lanes");
  EXPECT_FIRES("CANDIDATES-SHAPE");
  EXPECT_TRUE(at("CANDIDATES-SHAPE", "status.json"));
}

TEST_F(CandidateRules, ShapeElementNotAnObject) {
  status["candidate_lanes"].push_back(Json::array({"server-self-recovery"}));
  EXPECT_FIRES("CANDIDATES-SHAPE");
  EXPECT_TRUE(at("CANDIDATES-SHAPE", "status.json.candidate_lanes[1]"));
}

TEST_F(CandidateRules, FieldMissing) {
  candidate(0).erase("name");
  EXPECT_FIRES("CANDIDATE-FIELD");
  EXPECT_TRUE(at("CANDIDATE-FIELD", "candidate_lanes[0]"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, ListFieldErrorDropsTheCandidate) {
  candidate(0)["subsystem_ids"] = "backup-engine";
  EXPECT_FIRES("CANDIDATE-FIELD");
  EXPECT_TRUE(at("CANDIDATE-FIELD", "candidate_lanes[0]"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, IdDuplicate) {
  add_escrow_gap();
  add_escrow_candidate();
  candidate(1)["id"] = "server-self-recovery";
  EXPECT_FIRES("CANDIDATE-ID-DUPLICATE");
  EXPECT_TRUE(at("CANDIDATE-ID-DUPLICATE", "candidate_lanes[1]"));
  // The later one is dropped, so its gap has no candidate.
  const J r = report();
  ASSERT_EQ(r["candidate_lanes"].size(), 1u);
  EXPECT_EQ(r["candidate_lanes"][0]["current_lane_ids"], J::array({"L1", "L2"}));
  EXPECT_TRUE(mentions("GAP-PLANNED-WITHOUT-CANDIDATE", "key-escrow-recovery"));
}

TEST_F(CandidateRules, Date) {
  candidate(0)["recorded_at"] = "2026-11-09T00:00:00Z";
  EXPECT_FIRES("CANDIDATE-DATE");
  EXPECT_TRUE(at("CANDIDATE-DATE", "candidate_lanes[0].recorded_at"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, StatusEnum) {
  candidate(0)["status"] = "rejected";
  EXPECT_FIRES("CANDIDATE-STATUS-ENUM");
  EXPECT_TRUE(at("CANDIDATE-STATUS-ENUM", "candidate_lanes[0]"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, TargetUnknown) {
  candidate(0)["target_id"] = "h3-everything";
  EXPECT_FIRES("CANDIDATE-TARGET-UNKNOWN");
  EXPECT_TRUE(at("CANDIDATE-TARGET-UNKNOWN", "candidate_lanes[0]"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, TargetOtherProfile) {
  add_other_profile_target();
  candidate(0)["target_id"] = "h1-maintenance";
  EXPECT_FIRES("CANDIDATE-TARGET-OTHER-PROFILE");
  EXPECT_TRUE(at("CANDIDATE-TARGET-OTHER-PROFILE", "candidate_lanes[0].target_id"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, TargetCompleted) {
  candidate(0)["target_id"] = "h2-beta-hardening";
  EXPECT_FIRES("CANDIDATE-TARGET-COMPLETED");
  EXPECT_TRUE(at("CANDIDATE-TARGET-COMPLETED", "candidate_lanes[0].target_id"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, LanesDuplicate) {
  candidate(0)["current_lane_ids"] = Json::array({"L1", "L1", "L2"});
  EXPECT_FIRES("CANDIDATE-LANES-DUPLICATE");
  EXPECT_TRUE(at("CANDIDATE-LANES-DUPLICATE", "candidate_lanes[0].current_lane_ids"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, LanesOrderIsByLaneNumber) {
  candidate(0)["current_lane_ids"] = Json::array({"L2", "L1"});
  EXPECT_FIRES("CANDIDATE-LANES-ORDER");
  EXPECT_TRUE(at("CANDIDATE-LANES-ORDER", "candidate_lanes[0].current_lane_ids"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, LaneUnknown) {
  // Catalog rule 210 (CANDIDATE-LANE-UNKNOWN); the source reports it with the
  // shared cross-reference id XREF-LANE-ID-UNKNOWN.
  candidate(0)["current_lane_ids"] = Json::array({"L1", "L2", "L9"});
  EXPECT_FIRES("XREF-LANE-ID-UNKNOWN");
  EXPECT_TRUE(at("XREF-LANE-ID-UNKNOWN", "candidate_lanes[0]"));
  EXPECT_TRUE(mentions("XREF-LANE-ID-UNKNOWN", "current_lane_id"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, GapsDuplicateAlsoCountsAsMultipleCandidates) {
  candidate(0)["coverage_gap_ids"] =
      Json::array({"catalog-disaster-recovery", "catalog-disaster-recovery"});
  EXPECT_FIRES("CANDIDATE-GAPS-DUPLICATE");
  EXPECT_TRUE(at("CANDIDATE-GAPS-DUPLICATE", "candidate_lanes[0].coverage_gap_ids"));
  // §8 quirk 23.
  EXPECT_TRUE(fired("GAP-MULTIPLE-CANDIDATES"));
  EXPECT_TRUE(fired("GAP-PLANNED-WITHOUT-CANDIDATE"));
}

TEST_F(CandidateRules, GapsOrderIsFolded) {
  candidate(0)["coverage_gap_ids"] = Json::array({"zeta-gap", "Alpha-gap"});
  EXPECT_FIRES("CANDIDATE-GAPS-ORDER");
  EXPECT_TRUE(at("CANDIDATE-GAPS-ORDER", "candidate_lanes[0].coverage_gap_ids"));
  // Sorted when folded, though 'Z' < 'a' in plain order.
  candidate(0)["coverage_gap_ids"] = Json::array({"alpha-gap", "Zeta-gap"});
  run();
  EXPECT_FALSE(fired("CANDIDATE-GAPS-ORDER"));
}

TEST_F(CandidateRules, GapUnknown) {
  candidate(0)["coverage_gap_ids"] = Json::array({"catalog-disaster-recovery", "nothing"});
  EXPECT_FIRES("CANDIDATE-GAP-UNKNOWN");
  EXPECT_TRUE(at("CANDIDATE-GAP-UNKNOWN", "candidate_lanes[0]"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, GapNotPlanned) {
  gap(0)["status"] = "triaged";
  EXPECT_FIRES("CANDIDATE-GAP-NOT-PLANNED");
  EXPECT_TRUE(at("CANDIDATE-GAP-NOT-PLANNED", "candidate_lanes[0].coverage_gap_ids"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, GapNotLaneShaping) {
  gap(0)["proposed_resolution"] = "target-update";
  EXPECT_FIRES("CANDIDATE-GAP-NOT-LANE-SHAPING");
  EXPECT_TRUE(at("CANDIDATE-GAP-NOT-LANE-SHAPING", "candidate_lanes[0].coverage_gap_ids"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, MissingGapLanes) {
  candidate(0)["current_lane_ids"] = Json::array({"L1"});
  candidate(0)["subsystem_ids"] = Json::array({"backup-engine"});
  gap(0)["subsystem_ids"] = Json::array({"backup-engine"});
  EXPECT_FIRES("CANDIDATE-MISSING-GAP-LANES");
  EXPECT_TRUE(at("CANDIDATE-MISSING-GAP-LANES", "candidate_lanes[0].current_lane_ids"));
  EXPECT_TRUE(mentions("CANDIDATE-MISSING-GAP-LANES", "'L2'"));
  EXPECT_FALSE(fired("CANDIDATE-MISSING-GAP-SUBSYSTEMS"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, MissingGapSubsystems) {
  candidate(0)["subsystem_ids"] = Json::array({"backup-engine"});
  EXPECT_FIRES("CANDIDATE-MISSING-GAP-SUBSYSTEMS");
  EXPECT_TRUE(at("CANDIDATE-MISSING-GAP-SUBSYSTEMS", "candidate_lanes[0].subsystem_ids"));
  EXPECT_TRUE(mentions("CANDIDATE-MISSING-GAP-SUBSYSTEMS", "'restore-service'"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, ASubsystemErrorDropsTheCandidate) {
  // §8 quirk 22: any error, even a shared cross-reference one.
  candidate(0)["subsystem_ids"] = Json::array({"restore-service", "backup-engine"});
  run();
  EXPECT_TRUE(fired("XREF-SUBSYSTEM-IDS-ORDER"));
  EXPECT_TRUE(report()["candidate_lanes"].empty());
}

TEST_F(CandidateRules, Order) {
  add_escrow_gap();
  add_escrow_candidate();
  run();
  EXPECT_FALSE(fired("CANDIDATES-ORDER"));
  candidate(1)["recorded_at"] = "2026-11-01";
  EXPECT_FIRES("CANDIDATES-ORDER");
  EXPECT_TRUE(at("CANDIDATES-ORDER", "status.json"));
}

TEST_F(CandidateRules, OrderSkippedWhenACandidateIsDropped) {
  add_escrow_gap();
  add_escrow_candidate();
  candidate(1)["recorded_at"] = "2026-11-01";
  candidate(1)["status"] = "rejected";
  run();
  EXPECT_FALSE(fired("CANDIDATES-ORDER"));
}

// §5.8: the candidate-lane queue.

TEST_F(CandidateRules, QueueOrderFollowsImpact) {
  add_escrow_gap();
  add_escrow_candidate();
  run();
  const J r = report();
  const J q = r["candidate_lane_queue"];
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0]["candidate_lane_id"], "key-escrow-lane");  // impact 20 before 12
  EXPECT_EQ(q[0]["coverage_impact_total"], 20);
  EXPECT_EQ(q[0]["rank"], 1);
  EXPECT_EQ(q[1]["candidate_lane_id"], "server-self-recovery");
  EXPECT_EQ(q[1]["rank"], 2);
  EXPECT_EQ(r["summary"]["available_candidate_lane_count"], 2);
}

TEST_F(CandidateRules, QueueTiesGoToMoreLanesThenFoldedId) {
  add_escrow_gap();
  add_escrow_candidate();
  gap(1)["coverage_impact"] = 12;
  // List the one-lane candidate first, so input order cannot explain the queue.
  auto& list = status["candidate_lanes"];
  std::swap(list[0], list[1]);
  candidate(0)["recorded_at"] = "2026-11-08";
  run();
  EXPECT_FALSE(fired("CANDIDATES-ORDER"));
  J q = report()["candidate_lane_queue"];
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0]["candidate_lane_id"], "server-self-recovery");  // two lanes before one
  EXPECT_EQ(q[1]["candidate_lane_id"], "key-escrow-lane");
  // Equal impact, lane and repo counts: the folded id decides ("server" <
  // "zeta", though 'Z' < 's' in plain order).
  candidate(0)["id"] = "Zeta-escrow";
  candidate(0)["current_lane_ids"] = Json::array({"L2", "L4"});
  gap(1)["lane_ids"] = Json::array({"L2", "L4"});
  run();
  ASSERT_EQ(report()["candidate_lanes"].size(), 2u) << ::testing::PrintToString(fired());
  q = report()["candidate_lane_queue"];
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0]["candidate_lane_id"], "server-self-recovery");
  EXPECT_EQ(q[1]["candidate_lane_id"], "Zeta-escrow");
}

TEST_F(CandidateRules, ACandidateClaimReservesTheCandidate) {
  add_escrow_gap();
  add_escrow_candidate();
  add_claim("promote-escrow", "candidate-lane", "key-escrow-lane", "h2-self-recovery");
  run();
  EXPECT_TRUE(messages("CLAIM-WORK-ITEM-UNKNOWN").empty());
  const J r = report();
  const J q = r["candidate_lane_queue"];
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0]["candidate_lane_id"], "key-escrow-lane");
  EXPECT_EQ(q[0]["rank"], 1);
  EXPECT_EQ(q[0]["available"], false);
  EXPECT_FALSE(q[0].contains("available_rank"));
  EXPECT_EQ(q[0]["claim_ids"], J::array({"promote-escrow"}));
  EXPECT_EQ(q[0]["claim_agent_ids"], J::array({"promote-escrow-agent"}));
  EXPECT_EQ(q[1]["available"], true);
  EXPECT_EQ(q[1]["available_rank"], 1);
  const J avail = r["available_candidate_lane_queue"];
  ASSERT_EQ(avail.size(), 1u);
  EXPECT_EQ(avail[0]["candidate_lane_id"], "server-self-recovery");
  EXPECT_EQ(avail[0]["rank"], 2);
  EXPECT_EQ(avail[0]["available_rank"], 1);
  EXPECT_EQ(r["summary"]["available_candidate_lane_count"], 1);
}

TEST_F(CandidateRules, AGapClaimReservesItsCandidate) {
  add_claim("gap-work", "coverage-gap", "catalog-disaster-recovery");
  run();
  const J q = report()["candidate_lane_queue"];
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0]["available"], false);
  EXPECT_EQ(q[0]["claim_ids"], J::array({"gap-work"}));
  EXPECT_TRUE(report()["available_candidate_lane_queue"].empty());
}

TEST_F(CandidateRules, AnExpiredClaimReservesNothing) {
  add_claim("gap-work", "coverage-gap", "catalog-disaster-recovery");
  auto& c = status["work_claims"][1];
  c["claimed_at"] = "2026-11-22T09:40:00Z";
  c["heartbeat_at"] = "2026-11-22T10:00:00Z";
  c["expires_at"] = "2026-11-22T11:00:00Z";
  run();
  const J q = report()["candidate_lane_queue"];
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0]["available"], true);
  EXPECT_TRUE(q[0]["claim_ids"].empty());
}

}  // namespace
}  // namespace relctl::test
