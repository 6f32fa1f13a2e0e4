// Open-decision rules (family O) and resolved-decision rules (family U) of
// src/rules/decisions.cpp.
//
// The example has one open decision, [0] recovery-key-escrow-default
// (rc-ready, open, 2026-11-10, L4), and three resolved decisions dated
// 2026-09-14, 2026-10-02 and 2026-10-28.
#include <algorithm>

#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

using J = nlohmann::json;  // the report's type

class FamilyRules : public RulesFixture {
 protected:
};

class OpenDecisionRules : public FamilyRules {
 protected:
  Json& decision(std::size_t i) { return status["open_decisions"][i]; }
  // A second, valid rc-ready decision on L4.
  void add_decision(const std::string& id, const std::string& opened_at) {
    Json d = decision(0);
    d["id"] = id;
    d["opened_at"] = opened_at;
    status["open_decisions"].push_back(d);
  }
};

TEST_F(OpenDecisionRules, TheExampleDecisionBlocksRcReady) {
  run();
  for (const auto& rule : fired()) EXPECT_NE(rule.rfind("OPEN-DECISION", 0), 0u) << rule;
  const J r = report();
  ASSERT_EQ(r["open_decisions"].size(), 1u);
  EXPECT_EQ(r["readiness"]["rc_ready_open_decisions_cleared"], false);
  EXPECT_EQ(r["readiness"]["release_ready_open_decisions_cleared"], true);
  EXPECT_EQ(r["open_decisions"][0]["repo_ids"], J::array({"harbor"}));
}

TEST_F(OpenDecisionRules, ShapeMissingList) {
  status.erase("open_decisions");
  EXPECT_FIRES("OPEN-DECISIONS-SHAPE");
  EXPECT_TRUE(at("OPEN-DECISIONS-SHAPE", "status.json"));
}

TEST_F(OpenDecisionRules, ShapeElementNotAnObject) {
  status["open_decisions"].push_back("decide later");
  EXPECT_FIRES("OPEN-DECISIONS-SHAPE");
  EXPECT_TRUE(at("OPEN-DECISIONS-SHAPE", "status.json.open_decisions[1]"));
}

TEST_F(OpenDecisionRules, FieldMissingDropsTheRecord) {
  decision(0).erase("owner");
  EXPECT_FIRES("OPEN-DECISION-FIELD");
  EXPECT_TRUE(at("OPEN-DECISION-FIELD", "open_decisions[0]"));
  const J r = report();
  EXPECT_TRUE(r["open_decisions"].empty());
  // Without a record it blocks nothing.
  EXPECT_EQ(r["readiness"]["rc_ready_open_decisions_cleared"], true);
}

TEST_F(OpenDecisionRules, LaneIdsNotAList) {
  decision(0)["lane_ids"] = nullptr;
  EXPECT_FIRES("OPEN-DECISION-FIELD");
  EXPECT_TRUE(at("OPEN-DECISION-FIELD", "open_decisions[0]"));
  EXPECT_EQ(report()["open_decisions"].size(), 1u);
}

TEST_F(OpenDecisionRules, IdDuplicate) {
  add_decision("recovery-key-escrow-default", "2026-11-11");
  EXPECT_FIRES("OPEN-DECISION-ID-DUPLICATE");
  EXPECT_TRUE(at("OPEN-DECISION-ID-DUPLICATE", "open_decisions[1]"));
  EXPECT_EQ(report()["open_decisions"].size(), 2u);
}

TEST_F(OpenDecisionRules, Date) {
  decision(0)["opened_at"] = "2026-11-1";
  EXPECT_FIRES("OPEN-DECISION-DATE");
  EXPECT_TRUE(at("OPEN-DECISION-DATE", "open_decisions[0].opened_at"));
}

TEST_F(OpenDecisionRules, DateIsNotCalendarChecked) {
  decision(0)["opened_at"] = "2026-99-99";
  run();
  EXPECT_FALSE(fired("OPEN-DECISION-DATE"));
  decision(0)["opened_at"] = "2026-11-10T00:00:00Z";
  EXPECT_FIRES("OPEN-DECISION-DATE");
}

TEST_F(OpenDecisionRules, BlockingLevelEnumBlocksNoPhase) {
  decision(0)["blocking_level"] = "repo-ready";  // not a decision level
  EXPECT_FIRES("OPEN-DECISION-BLOCKING-LEVEL-ENUM");
  EXPECT_TRUE(at("OPEN-DECISION-BLOCKING-LEVEL-ENUM", "open_decisions[0]"));
  const J r = report();
  EXPECT_EQ(r["open_decisions"].size(), 1u);
  EXPECT_EQ(r["readiness"]["rc_ready_open_decisions_cleared"], true);
}

TEST_F(OpenDecisionRules, StatusEnumStillBlocks) {
  decision(0)["status"] = "closed";
  EXPECT_FIRES("OPEN-DECISION-STATUS-ENUM");
  EXPECT_TRUE(at("OPEN-DECISION-STATUS-ENUM", "open_decisions[0]"));
  EXPECT_EQ(report()["readiness"]["rc_ready_open_decisions_cleared"], false);
}

TEST_F(OpenDecisionRules, OrderByDate) {
  add_decision("auth-token-lifetime", "2026-11-01");
  EXPECT_FIRES("OPEN-DECISIONS-ORDER");
  EXPECT_TRUE(at("OPEN-DECISIONS-ORDER", "status.json"));
}

TEST_F(OpenDecisionRules, OrderTiesOnDateUseFoldedIds) {
  decision(0)["id"] = "alpha-decision";
  add_decision("Beta-decision", "2026-11-10");
  run();
  EXPECT_FALSE(fired("OPEN-DECISIONS-ORDER"));  // plain order would put "B" first
  decision(0)["id"] = "gamma-decision";
  EXPECT_FIRES("OPEN-DECISIONS-ORDER");
}

TEST_F(OpenDecisionRules, OrderComparesDatesAsText) {
  // §8 quirk 5: "2026-3-12" sorts after "2026-03-12" (and fails DATE).
  add_decision("later", "2026-3-12");
  run();
  EXPECT_TRUE(fired("OPEN-DECISION-DATE"));
  EXPECT_FALSE(fired("OPEN-DECISIONS-ORDER"));
}

TEST_F(OpenDecisionRules, OrderSkippedWhenADecisionHasNoRecord) {
  add_decision("auth-token-lifetime", "2026-11-01");
  Json broken = decision(0);
  broken.erase("status");
  status["open_decisions"].push_back(broken);
  run();
  EXPECT_TRUE(fired("OPEN-DECISION-FIELD"));
  EXPECT_FALSE(fired("OPEN-DECISIONS-ORDER"));
}

class ResolvedDecisionRules : public FamilyRules {
 protected:
  Json& decision(std::size_t i) { return status["resolved_decisions"][i]; }
};

TEST_F(ResolvedDecisionRules, TheExampleIsClean) {
  run();
  for (const auto& rule : fired()) EXPECT_NE(rule.rfind("RESOLVED", 0), 0u) << rule;
  EXPECT_EQ(report()["resolved_decisions"].size(), 3u);
  EXPECT_EQ(report()["summary"]["resolved_decision_count"], 3);
}

TEST_F(ResolvedDecisionRules, ShapeMissingList) {
  status["resolved_decisions"] = Json::object();
  EXPECT_FIRES("RESOLVED-SHAPE");
  EXPECT_TRUE(at("RESOLVED-SHAPE", "status.json"));
}

TEST_F(ResolvedDecisionRules, ShapeElementNotAnObject) {
  status["resolved_decisions"].push_back(nullptr);
  EXPECT_FIRES("RESOLVED-SHAPE");
  EXPECT_TRUE(at("RESOLVED-SHAPE", "status.json.resolved_decisions[3]"));
}

TEST_F(ResolvedDecisionRules, FieldMissingDropsTheRecord) {
  decision(1).erase("decided_at");
  EXPECT_FIRES("RESOLVED-FIELD");
  EXPECT_TRUE(at("RESOLVED-FIELD", "resolved_decisions[1]"));
  EXPECT_EQ(report()["resolved_decisions"].size(), 2u);
}

TEST_F(ResolvedDecisionRules, SubsystemIdsNotAList) {
  decision(0)["subsystem_ids"] = Json::array({"backup-engine", ""});
  EXPECT_FIRES("RESOLVED-FIELD");
  EXPECT_TRUE(at("RESOLVED-FIELD", "resolved_decisions[0]"));
  EXPECT_EQ(report()["resolved_decisions"].size(), 3u);
}

TEST_F(ResolvedDecisionRules, IdDuplicate) {
  decision(2)["id"] = "content-defined-chunking";
  EXPECT_FIRES("RESOLVED-ID-DUPLICATE");
  EXPECT_TRUE(at("RESOLVED-ID-DUPLICATE", "resolved_decisions[2]"));
}

TEST_F(ResolvedDecisionRules, KindEnum) {
  decision(0)["kind"] = "policy";
  EXPECT_FIRES("RESOLVED-KIND-ENUM");
  EXPECT_TRUE(at("RESOLVED-KIND-ENUM", "resolved_decisions[0]"));
}

TEST_F(ResolvedDecisionRules, Date) {
  decision(0)["decided_at"] = "14/09/2026";
  EXPECT_FIRES("RESOLVED-DATE");
  EXPECT_TRUE(at("RESOLVED-DATE", "resolved_decisions[0].decided_at"));
}

TEST_F(ResolvedDecisionRules, KindIsCheckedBeforeTheDate) {
  decision(0)["kind"] = "policy";
  decision(0)["decided_at"] = "2026-9-14";
  run();
  ASSERT_TRUE(fired("RESOLVED-KIND-ENUM"));
  ASSERT_TRUE(fired("RESOLVED-DATE"));
  EXPECT_LT(first("RESOLVED-KIND-ENUM"), first("RESOLVED-DATE"));
}

TEST_F(ResolvedDecisionRules, Order) {
  std::swap(decision(0), decision(1));
  EXPECT_FIRES("RESOLVED-ORDER");
  EXPECT_TRUE(at("RESOLVED-ORDER", "status.json"));
}

TEST_F(ResolvedDecisionRules, OrderSkippedWhenADecisionHasNoRecord) {
  std::swap(decision(0), decision(1));
  decision(2).erase("summary");
  run();
  EXPECT_FALSE(fired("RESOLVED-ORDER"));
}

}  // namespace
}  // namespace relctl::test
