// Work-claim rules (family V) of src/rules/work_claims.cpp: claim validation,
// the three conflict kinds and the claim figures of audit-rules.md §5.9
// (claim state, expiry warnings, conflict records).
//
// The example has one claim, [0] storage-agent-2-lane-l3 on lane L3,
// claimed 09:30, heartbeat 11:40, expiring 15:40 on 2026-11-22; the fixture's
// clock says 12:00, so it is active.
#include <algorithm>

#include "relctl/rules/work_claims.hpp"
#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

using J = nlohmann::json;  // the report's type

class ClaimRules : public RulesFixture {
 protected:
  [[nodiscard]] std::size_t count(const std::string& rule) const { return messages(rule).size(); }
  // The rule ids that fired, without duplicates, among those starting with `prefix`.
  [[nodiscard]] std::vector<std::string> fired_with(const std::string& prefix) const {
    std::vector<std::string> out;
    for (const auto& r : fired()) {
      if (r.rfind(prefix, 0) == 0 && std::find(out.begin(), out.end(), r) == out.end()) {
        out.push_back(r);
      }
    }
    return out;
  }

  Json& claim(std::size_t i) { return status["work_claims"][i]; }

  // Appends an active claim (claimed `minute` minutes after 10:00, expiring 16:00).
  Json& add_claim(const std::string& id, const std::string& kind, const std::string& work_id,
                  int minute = 0, const std::string& target = "h2-rc-stabilization") {
    Json c = Json::object();
    c["id"] = id;
    c["agent_id"] = id + "-agent";
    c["summary"] = "Work on " + kind + " " + work_id + ".";
    c["target_id"] = target;
    c["claimed_at"] =
        "2026-11-22T10:" + std::string(minute < 10 ? "0" : "") + std::to_string(minute) + ":00Z";
    c["heartbeat_at"] = "2026-11-22T11:00:00Z";
    c["expires_at"] = "2026-11-22T16:00:00Z";
    c["work_item"] = Json::object();
    c["work_item"]["kind"] = kind;
    c["work_item"]["id"] = work_id;
    status["work_claims"].push_back(c);
    return status["work_claims"].back();
  }
  // A second profile with a planned target, for the other-profile rule.
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
};

TEST_F(ClaimRules, TheExampleClaimIsActive) {
  run();
  EXPECT_TRUE(fired_with("CLAIM").empty()) << ::testing::PrintToString(fired());
  const J r = report();
  ASSERT_EQ(r["work_claims"].size(), 1u);
  const J c = r["work_claims"][0];
  EXPECT_EQ(c["claim_state"], "active");
  EXPECT_EQ(c["work_kind"], "lane");
  EXPECT_EQ(c["work_id"], "L3");
  EXPECT_EQ(c["lane_ids"], J::array({"L3"}));
  EXPECT_EQ(c["repo_ids"], J::array({"harbor"}));
  EXPECT_EQ(r["summary"]["active_work_claim_count"], 1);
  EXPECT_TRUE(r["warnings"].empty());
}

TEST_F(ClaimRules, ShapeMissingList) {
  status.erase("work_claims");
  EXPECT_FIRES("CLAIMS-SHAPE");
  EXPECT_TRUE(at("CLAIMS-SHAPE", "status.json"));
}

TEST_F(ClaimRules, ShapeElementNotAnObject) {
  status["work_claims"].push_back("storage-agent-2");
  EXPECT_FIRES("CLAIMS-SHAPE");
  EXPECT_TRUE(at("CLAIMS-SHAPE", "status.json.work_claims[1]"));
}

TEST_F(ClaimRules, FieldMissingDropsTheClaim) {
  claim(0).erase("agent_id");
  EXPECT_FIRES("CLAIM-FIELD");
  EXPECT_TRUE(at("CLAIM-FIELD", "work_claims[0]"));
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, IdDuplicateDropsTheLaterClaim) {
  Json c = claim(0);
  c["agent_id"] = "storage-agent-3";
  c["claimed_at"] = "2026-11-22T10:00:00Z";
  status["work_claims"].push_back(c);
  EXPECT_FIRES("CLAIM-ID-DUPLICATE");
  EXPECT_TRUE(at("CLAIM-ID-DUPLICATE", "work_claims[1]"));
  const J r = report();
  ASSERT_EQ(r["work_claims"].size(), 1u);
  EXPECT_EQ(r["work_claims"][0]["agent_id"], "storage-agent-2");
  // Only one claim is left, so there is no same-item conflict.
  EXPECT_TRUE(r["work_claim_conflicts"].empty());
}

TEST_F(ClaimRules, WorkItemNotObject) {
  claim(0)["work_item"] = "lane:L3";
  EXPECT_FIRES("CLAIM-WORK-ITEM-NOT-OBJECT");
  EXPECT_TRUE(at("CLAIM-WORK-ITEM-NOT-OBJECT", "work_claims[0].work_item"));
  // Treated as {}: both fields are missing.
  EXPECT_EQ(count("CLAIM-WORK-ITEM-FIELD"), 2u);
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, WorkItemFieldMissing) {
  claim(0)["work_item"].erase("id");
  EXPECT_FIRES("CLAIM-WORK-ITEM-FIELD");
  EXPECT_TRUE(at("CLAIM-WORK-ITEM-FIELD", "work_claims[0].work_item"));
  EXPECT_EQ(count("CLAIM-WORK-ITEM-FIELD"), 1u);
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, WorkKindEnumSkipsTheLookup) {
  claim(0)["work_item"]["kind"] = "subsystem";
  EXPECT_FIRES("CLAIM-WORK-KIND-ENUM");
  EXPECT_TRUE(at("CLAIM-WORK-KIND-ENUM", "work_claims[0].work_item.kind"));
  EXPECT_FALSE(fired("CLAIM-WORK-ITEM-UNKNOWN"));
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, TimestampFormat) {
  claim(0)["claimed_at"] = "2026-11-22 09:30:00Z";
  EXPECT_FIRES("CLAIM-TIMESTAMP-FORMAT");
  EXPECT_TRUE(at("CLAIM-TIMESTAMP-FORMAT", "work_claims[0].claimed_at"));
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, TimestampNeedsAZone) {
  claim(0)["heartbeat_at"] = "2026-11-22T11:40:00";
  EXPECT_FIRES("CLAIM-TIMESTAMP-FORMAT");
  EXPECT_TRUE(at("CLAIM-TIMESTAMP-FORMAT", "work_claims[0].heartbeat_at"));
}

TEST_F(ClaimRules, TimestampMustParse) {
  for (const char* bad : {"2026-13-22T15:40:00Z", "2026-11-22T24:00:00Z", "2026-11-22T15:40:60Z",
                          "2026-11-22T15:40:00+24:00", "2026-11-22T15:40:00Z\n"}) {
    SCOPED_TRACE(bad);
    claim(0)["expires_at"] = bad;
    EXPECT_FIRES("CLAIM-TIMESTAMP-FORMAT");
    EXPECT_TRUE(at("CLAIM-TIMESTAMP-FORMAT", "work_claims[0].expires_at"));
  }
  claim(0)["expires_at"] = "2026-11-22T17:40:00+02:00";
  run();
  EXPECT_FALSE(fired("CLAIM-TIMESTAMP-FORMAT"));
}

TEST_F(ClaimRules, HeartbeatBeforeClaim) {
  claim(0)["heartbeat_at"] = "2026-11-22T09:00:00Z";
  EXPECT_FIRES("CLAIM-HEARTBEAT-BEFORE-CLAIM");
  EXPECT_TRUE(at("CLAIM-HEARTBEAT-BEFORE-CLAIM", "work_claims[0].heartbeat_at"));
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, TimestampsCompareAsInstants) {
  // 10:30+02:00 is 08:30Z, before the 09:00Z heartbeat.
  claim(0)["claimed_at"] = "2026-11-22T10:30:00+02:00";
  claim(0)["heartbeat_at"] = "2026-11-22T09:00:00Z";
  run();
  EXPECT_FALSE(fired("CLAIM-HEARTBEAT-BEFORE-CLAIM"));
  // 11:00-02:00 is 13:00Z, after it.
  claim(0)["claimed_at"] = "2026-11-22T11:00:00-02:00";
  claim(0)["heartbeat_at"] = "2026-11-22T12:00:00Z";
  EXPECT_FIRES("CLAIM-HEARTBEAT-BEFORE-CLAIM");
}

TEST_F(ClaimRules, ExpiryBeforeHeartbeat) {
  claim(0)["expires_at"] = "2026-11-22T11:00:00Z";
  EXPECT_FIRES("CLAIM-EXPIRY-BEFORE-HEARTBEAT");
  EXPECT_TRUE(at("CLAIM-EXPIRY-BEFORE-HEARTBEAT", "work_claims[0].expires_at"));
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, ExpiryEqualToHeartbeatIsAccepted) {
  claim(0)["expires_at"] = claim(0)["heartbeat_at"];
  run();
  EXPECT_FALSE(fired("CLAIM-EXPIRY-BEFORE-HEARTBEAT"));
  ASSERT_EQ(report()["work_claims"].size(), 1u);
  EXPECT_EQ(report()["work_claims"][0]["claim_state"], "expired");  // 11:40 < 12:00
}

TEST_F(ClaimRules, TargetUnknown) {
  claim(0)["target_id"] = "h2-hotfix";
  EXPECT_FIRES("CLAIM-TARGET-UNKNOWN");
  EXPECT_TRUE(at("CLAIM-TARGET-UNKNOWN", "work_claims[0]"));
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, TargetOtherProfile) {
  add_other_profile_target();
  claim(0)["target_id"] = "h1-maintenance";
  EXPECT_FIRES("CLAIM-TARGET-OTHER-PROFILE");
  EXPECT_TRUE(at("CLAIM-TARGET-OTHER-PROFILE", "work_claims[0].target_id"));
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, TargetCompleted) {
  claim(0)["target_id"] = "h2-beta-hardening";
  EXPECT_FIRES("CLAIM-TARGET-COMPLETED");
  EXPECT_TRUE(at("CLAIM-TARGET-COMPLETED", "work_claims[0].target_id"));
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, WorkItemUnknown) {
  claim(0)["work_item"]["id"] = "L9";
  EXPECT_FIRES("CLAIM-WORK-ITEM-UNKNOWN");
  EXPECT_TRUE(at("CLAIM-WORK-ITEM-UNKNOWN", "work_claims[0].work_item"));
  EXPECT_TRUE(report()["work_claims"].empty());
}

TEST_F(ClaimRules, WorkItemUnknownForEachKind) {
  for (const char* kind : {"lane-followup", "coverage-gap", "candidate-lane", "readiness-assertion",
                           "release-gate", "open-decision"}) {
    SCOPED_TRACE(kind);
    claim(0)["work_item"]["kind"] = kind;
    claim(0)["work_item"]["id"] = "nothing-by-that-name";
    EXPECT_FIRES("CLAIM-WORK-ITEM-UNKNOWN");
    EXPECT_TRUE(at("CLAIM-WORK-ITEM-UNKNOWN", "work_claims[0].work_item"));
  }
}

TEST_F(ClaimRules, EachKindFindsItsRecord) {
  add_claim("a", "lane-followup", "restore-progress-streaming", 1);
  add_claim("b", "coverage-gap", "catalog-disaster-recovery", 2);
  add_claim("c", "readiness-assertion", "RA4", 3);
  add_claim("d", "open-decision", "recovery-key-escrow-default", 4);
  add_claim("e", "candidate-lane", "server-self-recovery", 5, "h2-self-recovery");
  run();
  EXPECT_TRUE(fired_with("CLAIM-WORK").empty()) << ::testing::PrintToString(fired());
  const J claims = report()["work_claims"];
  ASSERT_EQ(claims.size(), 6u);
  EXPECT_EQ(claims[1]["lane_ids"], J::array({"L2"}));
  EXPECT_EQ(claims[2]["lane_ids"], J::array({"L1", "L2"}));
  EXPECT_EQ(claims[2]["coverage_gap_ids"], J::array({"catalog-disaster-recovery"}));
  EXPECT_EQ(claims[3]["lane_ids"], J::array({"L4"}));
  EXPECT_EQ(claims[5]["lane_ids"], J::array({"L1", "L2"}));
  EXPECT_EQ(claims[5]["coverage_gap_ids"], J::array({"catalog-disaster-recovery"}));
}

TEST_F(ClaimRules, ACandidateClaimSeesOnlyTheFilteredCandidates) {
  // §8 quirk 25: the candidate is dropped for its bad date.
  status["candidate_lanes"][0]["recorded_at"] = "someday";
  add_claim("promote", "candidate-lane", "server-self-recovery", 1, "h2-self-recovery");
  EXPECT_FIRES("CLAIM-WORK-ITEM-UNKNOWN");
  EXPECT_TRUE(at("CLAIM-WORK-ITEM-UNKNOWN", "work_claims[1].work_item"));
}

TEST_F(ClaimRules, CandidateTargetMismatch) {
  add_claim("promote", "candidate-lane", "server-self-recovery", 1);  // rc-stabilization target
  EXPECT_FIRES("CLAIM-CANDIDATE-TARGET-MISMATCH");
  EXPECT_TRUE(at("CLAIM-CANDIDATE-TARGET-MISMATCH", "work_claims[1].target_id"));
  EXPECT_EQ(report()["work_claims"].size(), 1u);
}

TEST_F(ClaimRules, Order) {
  add_claim("early", "lane", "L5", 0);
  claim(1)["claimed_at"] = "2026-11-22T08:00:00Z";
  EXPECT_FIRES("CLAIMS-ORDER");
  EXPECT_TRUE(at("CLAIMS-ORDER", "status.json"));
  EXPECT_EQ(report()["work_claims"].size(), 2u);  // an order error drops nothing
}

TEST_F(ClaimRules, OrderComparesTheRawStrings) {
  // 10:30+02:00 (08:30Z) sorts after 09:30Z as text: no order error.
  add_claim("later-text", "lane", "L5", 0);
  claim(1)["claimed_at"] = "2026-11-22T10:30:00+02:00";
  claim(1)["heartbeat_at"] = "2026-11-22T09:00:00Z";
  run();
  EXPECT_FALSE(fired("CLAIMS-ORDER"));
}

TEST_F(ClaimRules, OrderSkippedWhenAClaimIsDropped) {
  add_claim("early", "lane", "L5", 0);
  claim(1)["claimed_at"] = "2026-11-22T08:00:00Z";
  add_claim("broken", "lane", "L9", 30);
  run();
  EXPECT_TRUE(fired("CLAIM-WORK-ITEM-UNKNOWN"));
  EXPECT_FALSE(fired("CLAIMS-ORDER"));
}

// §5.9: state and expiry.

TEST_F(ClaimRules, ExpiredClaimWarns) {
  now = "2026-11-22T16:00:00Z";
  run();
  const J r = report();
  ASSERT_EQ(r["work_claims"].size(), 1u);
  EXPECT_EQ(r["work_claims"][0]["claim_state"], "expired");
  EXPECT_EQ(r["summary"]["expired_work_claim_count"], 1);
  EXPECT_EQ(r["summary"]["active_work_claim_count"], 0);
  EXPECT_EQ(r["expired_work_claims"].size(), 1u);
  EXPECT_TRUE(r["active_work_claims"].empty());
  ASSERT_EQ(r["warnings"].size(), 1u);
  const auto w = r["warnings"][0].get<std::string>();
  EXPECT_NE(w.find("storage-agent-2-lane-l3"), std::string::npos) << w;
  EXPECT_NE(w.find("2026-11-22T15:40:00Z"), std::string::npos) << w;
}

TEST_F(ClaimRules, ExpiryAtNowIsExpired) {
  now = "2026-11-22T15:40:00Z";
  run();
  EXPECT_EQ(report()["work_claims"][0]["claim_state"], "expired");
  now = "2026-11-22T15:39:59Z";
  run();
  EXPECT_EQ(report()["work_claims"][0]["claim_state"], "active");
  EXPECT_TRUE(report()["warnings"].empty());
}

TEST_F(ClaimRules, OneWarningPerExpiredClaim) {
  add_claim("old-1", "lane", "L5", 1)["expires_at"] = "2026-11-22T11:30:00Z";
  add_claim("old-2", "lane", "L6", 2)["expires_at"] = "2026-11-22T12:00:00Z";
  run();
  const J r = report();
  EXPECT_EQ(r["summary"]["expired_work_claim_count"], 2);
  EXPECT_EQ(r["summary"]["active_work_claim_count"], 1);
  ASSERT_EQ(r["warnings"].size(), 2u);
  EXPECT_NE(r["warnings"][0].get<std::string>().find("old-1"), std::string::npos);
  EXPECT_NE(r["warnings"][1].get<std::string>().find("old-2"), std::string::npos);
}

// §5.9: conflicts.

TEST_F(ClaimRules, ConflictSameWorkItem) {
  add_claim("another-l3", "lane", "L3", 1);
  EXPECT_FIRES("CLAIM-CONFLICT-SAME-ITEM");
  EXPECT_TRUE(at("CLAIM-CONFLICT-SAME-ITEM", "active"));
  EXPECT_EQ(count("CLAIM-CONFLICT-SAME-ITEM"), 1u);
  const J r = report();
  EXPECT_EQ(r["work_claims"].size(), 2u);  // claims stay
  ASSERT_EQ(r["work_claim_conflicts"].size(), 1u);
  const J c = r["work_claim_conflicts"][0];
  EXPECT_EQ(c["kind"], "same-work-item");
  EXPECT_EQ(c["claim_ids"], J::array({"another-l3", "storage-agent-2-lane-l3"}));
  EXPECT_EQ(c["agent_ids"], J::array({"another-l3-agent", "storage-agent-2"}));
  EXPECT_EQ(c["summary"], "Multiple active claims reserve lane:L3.");
  EXPECT_EQ(c["work_items"], J::array({"lane:L3"}));
  EXPECT_EQ(c["lane_ids"], J::array({"L3"}));
  EXPECT_TRUE(c["coverage_gap_ids"].empty());
  EXPECT_EQ(r["summary"]["work_claim_conflict_count"], 1);
}

TEST_F(ClaimRules, ExpiredClaimsDoNotConflict) {
  add_claim("another-l3", "lane", "L3", 1)["expires_at"] = "2026-11-22T11:30:00Z";
  run();
  EXPECT_FALSE(fired("CLAIM-CONFLICT-SAME-ITEM"));
  EXPECT_TRUE(report()["work_claim_conflicts"].empty());
}

TEST_F(ClaimRules, ConflictLaneOverlap) {
  // restore-drill-on-fresh-host is a gate on L2 and L3.
  add_claim("drill", "release-gate", "restore-drill-on-fresh-host", 1);
  EXPECT_FIRES("CLAIM-CONFLICT-LANE-OVERLAP");
  EXPECT_TRUE(at("CLAIM-CONFLICT-LANE-OVERLAP", "active"));
  const J r = report();
  ASSERT_EQ(r["work_claim_conflicts"].size(), 1u);
  const J c = r["work_claim_conflicts"][0];
  EXPECT_EQ(c["kind"], "lane-overlap");
  EXPECT_EQ(c["claim_ids"], J::array({"drill", "storage-agent-2-lane-l3"}));
  EXPECT_EQ(c["agent_ids"], J::array({"drill-agent", "storage-agent-2"}));
  EXPECT_EQ(c["summary"], "Broad lane claim and narrower governed claim both reserve lane L3.");
  EXPECT_EQ(c["work_items"], J::array({"lane:L3", "release-gate:restore-drill-on-fresh-host"}));
  EXPECT_EQ(c["lane_ids"], J::array({"L3"}));
  EXPECT_TRUE(c["coverage_gap_ids"].empty());
}

TEST_F(ClaimRules, NarrowClaimsOnOtherLanesDoNotOverlap) {
  add_claim("escrow", "open-decision", "recovery-key-escrow-default", 1);  // L4
  add_claim("ra1", "readiness-assertion", "RA1", 2);                       // L1
  run();
  EXPECT_FALSE(fired("CLAIM-CONFLICT-LANE-OVERLAP"));
}

TEST_F(ClaimRules, ConflictPromotionOverlap) {
  add_claim("gap-work", "coverage-gap", "catalog-disaster-recovery", 1);
  add_claim("promote", "candidate-lane", "server-self-recovery", 2, "h2-self-recovery");
  EXPECT_FIRES("CLAIM-CONFLICT-PROMOTION-OVERLAP");
  EXPECT_TRUE(at("CLAIM-CONFLICT-PROMOTION-OVERLAP", "active"));
  const J r = report();
  ASSERT_EQ(r["work_claim_conflicts"].size(), 1u);
  const J c = r["work_claim_conflicts"][0];
  EXPECT_EQ(c["kind"], "promotion-overlap");
  EXPECT_EQ(c["claim_ids"], J::array({"gap-work", "promote"}));
  EXPECT_EQ(c["agent_ids"], J::array({"gap-work-agent", "promote-agent"}));
  EXPECT_EQ(c["summary"],
            "Coverage-gap claim and candidate-lane claim both reserve gap "
            "catalog-disaster-recovery.");
  EXPECT_EQ(c["work_items"], J::array({"coverage-gap:catalog-disaster-recovery",
                                       "candidate-lane:server-self-recovery"}));
  EXPECT_EQ(c["lane_ids"], J::array({"L1", "L2"}));
  EXPECT_EQ(c["coverage_gap_ids"], J::array({"catalog-disaster-recovery"}));
}

TEST_F(ClaimRules, GapAndCandidateClaimsNeverConflictWithLaneClaims) {
  add_claim("l1", "lane", "L1", 1);
  add_claim("gap-work", "coverage-gap", "catalog-disaster-recovery", 2);
  run();
  EXPECT_TRUE(report()["work_claim_conflicts"].empty());
  EXPECT_TRUE(fired_with("CLAIM-CONFLICT").empty());
}

TEST_F(ClaimRules, SpecExample59ConflictOrder) {
  // §5.9: z-lane (lane L1), then b-gate, a-gate, c-gate on the L1 gate.
  add_claim("z-lane", "lane", "L1", 1);
  add_claim("b-gate", "release-gate", "incremental-chain-verification", 2);
  add_claim("a-gate", "release-gate", "incremental-chain-verification", 3);
  add_claim("c-gate", "release-gate", "incremental-chain-verification", 4);
  run();
  EXPECT_FALSE(fired("CLAIMS-ORDER"));
  EXPECT_EQ(count("CLAIM-CONFLICT-SAME-ITEM"), 1u);
  EXPECT_EQ(count("CLAIM-CONFLICT-LANE-OVERLAP"), 3u);
  const J conflicts = report()["work_claim_conflicts"];
  ASSERT_EQ(conflicts.size(), 4u);
  EXPECT_EQ(conflicts[0]["kind"], "same-work-item");
  EXPECT_EQ(conflicts[0]["claim_ids"], J::array({"a-gate", "b-gate", "c-gate"}));
  EXPECT_EQ(conflicts[0]["work_items"], J::array({"release-gate:incremental-chain-verification"}));
  EXPECT_EQ(conflicts[1]["claim_ids"], J::array({"b-gate", "z-lane"}));
  EXPECT_EQ(conflicts[2]["claim_ids"], J::array({"a-gate", "z-lane"}));
  EXPECT_EQ(conflicts[3]["claim_ids"], J::array({"c-gate", "z-lane"}));
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(conflicts[i]["kind"], "lane-overlap");
    EXPECT_EQ(conflicts[i]["lane_ids"], J::array({"L1"}));
  }
  // The errors come in the same order, the full group first.
  const auto same = messages("CLAIM-CONFLICT-SAME-ITEM").at(0);
  EXPECT_NE(same.find("['a-gate', 'b-gate', 'c-gate']"), std::string::npos) << same;
}

TEST_F(ClaimRules, ALaneOverlapPairIsReportedOnce) {
  // A narrow claim on two lanes both broadly claimed gives two pairs, not four.
  add_claim("l2", "lane", "L2", 1);
  add_claim("drill", "release-gate", "restore-drill-on-fresh-host", 2);  // L2 + L3
  run();
  EXPECT_EQ(count("CLAIM-CONFLICT-LANE-OVERLAP"), 2u);
  add_claim("drill-2", "lane-followup", "restore-progress-streaming", 3);  // L2
  run();
  EXPECT_EQ(count("CLAIM-CONFLICT-LANE-OVERLAP"), 3u);
}

// The overlap relation relctl claim refuses with (rules::claim_overlaps) is
// the one the audit reports as conflicts: either side sees it.
TEST(ClaimOverlaps, TheAuditsConflictRelationFromBothSides) {
  using rules::ClaimScope;
  using rules::OverlapKind;
  const ClaimScope lane{"lane", "L2", {"L2"}, {}};
  const ClaimScope gate{"release-gate", "g1", {"L2", "L16", "L1"}, {}};
  const ClaimScope other_gate{"release-gate", "g2", {"L2"}, {}};
  const ClaimScope gap{"coverage-gap", "gap1", {"L1"}, {"gap1"}};
  const ClaimScope cand{"candidate-lane", "c1", {"L1"}, {"gap1", "gap0"}};
  const ClaimScope lane1{"lane", "L1", {"L1"}, {}};
  auto kinds = [](const ClaimScope& a, const ClaimScope& b) {
    std::vector<std::pair<OverlapKind, std::string>> out;
    for (const auto& o : rules::claim_overlaps(a, b)) out.emplace_back(o.kind, o.shared_id);
    return out;
  };
  using V = std::vector<std::pair<OverlapKind, std::string>>;
  EXPECT_EQ(kinds(lane, lane), (V{{OverlapKind::kSameItem, "lane:L2"}}));
  EXPECT_EQ(kinds(lane, gate), (V{{OverlapKind::kNarrowerInLane, "L2"}}));
  EXPECT_EQ(kinds(gate, lane), (V{{OverlapKind::kBroadLane, "L2"}}));
  EXPECT_EQ(kinds(lane1, gate), (V{{OverlapKind::kNarrowerInLane, "L1"}}));
  EXPECT_TRUE(kinds(gate, other_gate).empty());  // two narrow items on one lane
  EXPECT_EQ(kinds(cand, gap), (V{{OverlapKind::kGapHeld, "gap1"}}));
  EXPECT_EQ(kinds(gap, cand), (V{{OverlapKind::kPromotionHeld, "gap1"}}));
  EXPECT_TRUE(kinds(cand, lane1).empty());
  EXPECT_TRUE(kinds(gap, lane1).empty());
  EXPECT_TRUE(kinds(lane, lane1).empty());
  EXPECT_STREQ(rules::conflict_kind_name(OverlapKind::kBroadLane), "lane-overlap");
  EXPECT_STREQ(rules::conflict_kind_name(OverlapKind::kGapHeld), "promotion-overlap");
  EXPECT_STREQ(rules::conflict_kind_name(OverlapKind::kSameItem), "same-work-item");
}

}  // namespace
}  // namespace relctl::test
