// Release-gate rules (family K) and closure-contract rules (family L) of
// src/rules/release_gates.cpp, with the derived gate figures of
// audit-rules.md §5.2 (effective status), §5.3 (closure completeness) and the
// readiness booleans of §5.5 that gates and decisions feed.
//
// The example has three gates: [0] incremental-chain-verification (rc-ready,
// passed, minimum local-rehearsal, L1), [1] key-rotation-drill (rc-ready,
// blocked, minimum managed-runtime-exercise, L4) and [2]
// restore-drill-on-fresh-host (release-ready, pending, minimum
// real-external-e2e, L2+L3).
#include <algorithm>

#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

using J = nlohmann::json;  // the report's type

class FamilyRules : public RulesFixture {
 protected:
  Json& gate(std::size_t i) { return status["release_gates"][i]; }

  // The report record of the gate with this id (null when there is none).
  J gate_record(const std::string& id) {
    const J r = report();
    for (const auto& g : r["release_gates"]) {
      if (g["id"] == id) return g;
    }
    return J();
  }
};

class GateRules : public FamilyRules {};

TEST_F(GateRules, TheExampleGatesAreClean) {
  run();
  for (const auto& rule : fired()) {
    EXPECT_TRUE(rule.rfind("GATE", 0) != 0 && rule.rfind("CLOSURE", 0) != 0) << rule;
  }
  const auto r = report();
  ASSERT_EQ(r["release_gates"].size(), 3u);
  EXPECT_EQ(r["release_gates"][0]["effective_status"], "passed");
  EXPECT_EQ(r["release_gates"][1]["effective_status"], "blocked");
  EXPECT_EQ(r["release_gates"][2]["effective_status"], "pending");
  EXPECT_EQ(r["release_gates"][0]["closure_contract_kind"], nullptr);
  EXPECT_EQ(r["release_gates"][0]["closure_contract_complete"], true);
  // No tier on the drill plan: no highest tier, so no threshold is met.
  EXPECT_EQ(r["release_gates"][2]["highest_evidence_tier"], nullptr);
  EXPECT_EQ(r["release_gates"][2]["evidence_threshold_met"], false);
}

TEST_F(GateRules, ShapeMissingList) {
  status.erase("release_gates");
  EXPECT_FIRES("GATES-SHAPE");
  EXPECT_TRUE(at("GATES-SHAPE", "status.json"));
  EXPECT_TRUE(report()["release_gates"].empty());
}

TEST_F(GateRules, ShapeElementNotAnObject) {
  status["release_gates"].push_back(42);
  EXPECT_FIRES("GATES-SHAPE");
  EXPECT_TRUE(at("GATES-SHAPE", "status.json.release_gates[3]"));
  EXPECT_EQ(report()["release_gates"].size(), 3u);
}

TEST_F(GateRules, FieldMissingDropsTheRecord) {
  gate(0).erase("owner");
  EXPECT_FIRES("GATE-FIELD");
  EXPECT_TRUE(at("GATE-FIELD", "release_gates[0]"));
  EXPECT_EQ(report()["release_gates"].size(), 2u);
  EXPECT_TRUE(gate_record("incremental-chain-verification").is_null());
}

TEST_F(GateRules, BlankStringCountsAsMissing) {
  gate(1)["summary"] = "  \t";
  EXPECT_FIRES("GATE-FIELD");
  EXPECT_TRUE(at("GATE-FIELD", "release_gates[1]"));
}

TEST_F(GateRules, LaneIdsNotAList) {
  gate(2)["lane_ids"] = "L2";
  EXPECT_FIRES("GATE-FIELD");
  EXPECT_TRUE(at("GATE-FIELD", "release_gates[2]"));
  // lane_ids is not one of the seven scalars: the record stays.
  EXPECT_EQ(report()["release_gates"].size(), 3u);
}

TEST_F(GateRules, AMissingGateIsAnUnknownGateForItsAssertions) {
  // RA3 (readiness_assertions[2]) links incremental-chain-verification.
  gate(0).erase("verification_doc");
  EXPECT_FIRES("ASSERTION-GATE-UNKNOWN");
  EXPECT_TRUE(at("ASSERTION-GATE-UNKNOWN", "readiness_assertions[2]"));
  EXPECT_EQ(report()["readiness_assertions"][2]["derived_status"], "gates-pending");
}

TEST_F(GateRules, IdDuplicate) {
  gate(2)["id"] = "key-rotation-drill";
  EXPECT_FIRES("GATE-ID-DUPLICATE");
  EXPECT_TRUE(at("GATE-ID-DUPLICATE", "release_gates[2]"));
  EXPECT_EQ(messages("GATE-ID-DUPLICATE").size(), 1u);
  EXPECT_EQ(report()["release_gates"].size(), 3u);  // both records kept
}

TEST_F(GateRules, DuplicateIdLookupsUseTheLaterGate) {
  // A second key-rotation-drill that passes: RA4 now sees that one.
  gate(2)["id"] = "key-rotation-drill";
  gate(2)["status"] = "passed";
  gate(2)["evidence"][0]["evidence_tier"] = "real-external-e2e";
  run();
  EXPECT_TRUE(fired("GATE-ID-DUPLICATE"));
  const J r = report();
  EXPECT_EQ(r["readiness_assertions"][3]["linked_release_gates_cleared"], true);
  EXPECT_EQ(r["readiness_assertions"][3]["derived_status"], "passed");
}

TEST_F(GateRules, BlockingLevelEnum) {
  // repo-ready is an assertion level, not a gate level.
  gate(2)["blocking_level"] = "repo-ready";
  EXPECT_FIRES("GATE-BLOCKING-LEVEL-ENUM");
  EXPECT_TRUE(at("GATE-BLOCKING-LEVEL-ENUM", "release_gates[2]"));
  // Kept raw; it now blocks no phase.
  const auto r = report();
  EXPECT_EQ(gate_record("restore-drill-on-fresh-host")["blocking_level"], "repo-ready");
  EXPECT_EQ(r["readiness"]["release_ready_release_gates_cleared"], true);
}

TEST_F(GateRules, MinimumTierEnumIsAlwaysMet) {
  gate(0)["minimum_evidence_tier"] = "gold";
  EXPECT_FIRES("GATE-MINIMUM-TIER-ENUM");
  EXPECT_TRUE(at("GATE-MINIMUM-TIER-ENUM", "release_gates[0]"));
  const auto g = gate_record("incremental-chain-verification");
  EXPECT_EQ(g["evidence_threshold_met"], true);
  EXPECT_EQ(g["effective_status"], "passed");
}

TEST_F(GateRules, StatusEnumKeepsTheRawStatus) {
  gate(0)["status"] = "done";
  EXPECT_FIRES("GATE-STATUS-ENUM");
  EXPECT_TRUE(at("GATE-STATUS-ENUM", "release_gates[0]"));
  EXPECT_EQ(gate_record("incremental-chain-verification")["effective_status"], "done");
  EXPECT_EQ(report()["readiness"]["rc_ready_release_gates_cleared"], false);
}

TEST_F(GateRules, VerificationDoc) {
  gate(1)["verification_doc"] = "docs/release-control/h2/OTHER_MATRIX.md";
  EXPECT_FIRES("GATE-VERIFICATION-DOC");
  EXPECT_TRUE(at("GATE-VERIFICATION-DOC", "release_gates[1].verification_doc"));
}

TEST_F(GateRules, OrderIsPlainById) {
  std::swap(gate(0), gate(1));
  EXPECT_FIRES("GATES-ORDER");
  EXPECT_TRUE(at("GATES-ORDER", "status.json"));
}

TEST_F(GateRules, OrderUsesPlainNotFoldedComparison) {
  // Plain (code point) order puts "Z..." before "a...": sorted.
  gate(0)["id"] = "Zeta-gate";
  gate(1)["id"] = "alpha-gate";
  gate(2)["id"] = "beta-gate";
  run();
  EXPECT_FALSE(fired("GATES-ORDER"));
  // ...and the reverse is unsorted although it is in fold order.
  gate(0)["id"] = "alpha-gate";
  gate(1)["id"] = "beta-gate";
  gate(2)["id"] = "Zeta-gate";
  EXPECT_FIRES("GATES-ORDER");
}

TEST_F(GateRules, OrderSkippedWhenAGateHasNoRecord) {
  std::swap(gate(0), gate(1));
  gate(2).erase("summary");
  run();
  EXPECT_TRUE(fired("GATE-FIELD"));
  EXPECT_FALSE(fired("GATES-ORDER"));
}

// §5.2: effective status of a gate declared `passed`.

TEST_F(GateRules, PassedWithMissingEvidenceIsEvidenceMissing) {
  gate(0)["evidence"][1]["path"] = "internal/engine/chain/gone_test.go";
  EXPECT_FIRES("EVIDENCE-MISSING");
  const auto g = gate_record("incremental-chain-verification");
  EXPECT_EQ(g["effective_status"], "evidence-missing");
  EXPECT_EQ(g["all_evidence_present"], false);
  EXPECT_EQ(g["missing_evidence"], J::array({"harbor:internal/engine/chain/gone_test.go"}));
  // The raw status is passed: the gate is over-closed.
  const auto over = report()["readiness"]["overclosed_release_gates"];
  ASSERT_EQ(over.size(), 1u);
  EXPECT_EQ(over[0]["id"], "incremental-chain-verification");
  EXPECT_EQ(over[0]["raw_status"], "passed");
}

TEST_F(GateRules, PassedBelowMinimumTierIsThresholdUnmet) {
  gate(0)["minimum_evidence_tier"] = "real-external-e2e";
  run();
  const auto g = gate_record("incremental-chain-verification");
  EXPECT_EQ(g["highest_evidence_tier"], "local-rehearsal");
  EXPECT_EQ(g["evidence_threshold_met"], false);
  EXPECT_EQ(g["effective_status"], "threshold-unmet");
}

TEST_F(GateRules, TiersOfMissingEvidenceStillCount) {
  // §8 quirk 13: a missing reference's tier still raises the highest tier.
  gate(1)["status"] = "passed";
  gate(1)["evidence"][1]["evidence_tier"] = "production-observed";
  gate(1)["evidence"][1]["path"] = "docs/runbooks/gone.md";
  run();
  const auto g = gate_record("key-rotation-drill");
  EXPECT_EQ(g["highest_evidence_tier"], "production-observed");
  EXPECT_EQ(g["evidence_threshold_met"], true);
  EXPECT_EQ(g["effective_status"], "evidence-missing");
}

TEST_F(GateRules, PassedWithEnoughEvidenceIsPassed) {
  gate(1)["status"] = "passed";
  gate(1)["evidence"][0]["evidence_tier"] = "managed-runtime-exercise";
  run();
  const auto g = gate_record("key-rotation-drill");
  EXPECT_EQ(g["effective_status"], "passed");
  EXPECT_EQ(g["highest_evidence_tier"], "managed-runtime-exercise");
}

TEST_F(GateRules, NonPassedStatusIsTakenAsIs) {
  gate(1)["status"] = "owner-action";
  run();
  EXPECT_EQ(gate_record("key-rotation-drill")["effective_status"], "owner-action");
}

// §5.5: readiness booleans.

TEST_F(GateRules, ReadinessBooleans) {
  auto& lanes = status["lanes"];
  for (auto& l : lanes) l["current_score"] = l["target_score"];
  run();
  auto rd = report()["readiness"];
  EXPECT_EQ(rd["repo_ready"], true);
  EXPECT_EQ(rd["rc_ready"], false);
  EXPECT_EQ(rd["rc_ready_release_gates_cleared"], false);
  EXPECT_EQ(rd["rc_ready_assertions_cleared"], false);  // RA4 waits for key-rotation-drill
  EXPECT_EQ(rd["rc_ready_open_decisions_cleared"], false);

  gate(1)["status"] = "passed";
  gate(1)["evidence"][0]["evidence_tier"] = "managed-runtime-exercise";
  run();
  rd = report()["readiness"];
  EXPECT_EQ(rd["rc_ready_release_gates_cleared"], true);
  EXPECT_EQ(rd["rc_ready_assertions_cleared"], true);
  EXPECT_EQ(rd["rc_ready"], false);  // the rc-ready decision is still open

  // Any open decision blocks its level, whatever its status.
  status["open_decisions"][0]["status"] = "owner-action";
  run();
  EXPECT_EQ(report()["readiness"]["rc_ready"], false);

  status["open_decisions"] = Json::array();
  run();
  rd = report()["readiness"];
  EXPECT_EQ(rd["rc_ready"], true);
  EXPECT_EQ(rd["release_ready"], false);
  EXPECT_EQ(rd["release_ready_release_gates_cleared"], false);
  EXPECT_EQ(rd["release_ready_assertions_cleared"], false);  // RA5 waits for the drill

  gate(2)["status"] = "passed";
  gate(2)["evidence"][0]["evidence_tier"] = "real-external-e2e";
  run();
  rd = report()["readiness"];
  EXPECT_EQ(rd["release_ready_release_gates_cleared"], true);
  EXPECT_EQ(rd["release_ready_assertions_cleared"], true);
  EXPECT_EQ(rd["release_ready"], true);
  EXPECT_EQ(report()["summary"]["release_ready"], true);
}

TEST_F(GateRules, RepoReadyNeedsEveryLaneAtTarget) {
  for (auto& l : status["lanes"]) l["current_score"] = l["target_score"];
  status["lanes"][5]["current_score"] = 6.5;  // L6 below its 7
  run();
  EXPECT_EQ(report()["readiness"]["repo_ready"], false);
  EXPECT_EQ(report()["readiness"]["rc_ready"], false);
}

// Family L: closure contracts.

class ClosureRules : public FamilyRules {
 protected:
  static Json record(const std::string& subject, const std::string& disposition,
                     const std::string& tier = "local-rehearsal") {
    Json r = Json::object();
    r["subject_id"] = subject;
    r["disposition"] = disposition;
    r["recorded_at"] = "2026-11-18T09:00:00Z";
    r["verifier"] = "security-team";
    Json e = Json::object();
    e["repo"] = "harbor";
    e["path"] = "docs/release-control/h2/records/key-rotation-drill-2026-11-18.md";
    e["kind"] = "file";
    e["evidence_tier"] = tier;
    r["evidence"] = Json::array({e});
    return r;
  }
  // A complete contract for two subjects.
  static Json contract() {
    Json c = Json::object();
    c["kind"] = "historical-credential-containment";
    c["subject_ids"] = Json::array({"s3-access-key", "sftp-host-key"});
    c["provider_closure_records"] = Json::array(
        {record("s3-access-key", "revoked"), record("sftp-host-key", "decommissioned")});
    c["replacement_deployment_records"] = Json::array(
        {record("s3-access-key", "validated"), record("sftp-host-key", "not-applicable-retired")});
    c["history_rewrite"] =
        Json::parse(R"({"blocking": false, "status": "optional-after-containment"})");
    return c;
  }
  void SetUp() override {
    RulesFixture::SetUp();
    gate(0)["closure_contract"] = contract();  // incremental-chain-verification, passed
  }
  Json& cc() { return gate(0)["closure_contract"]; }
  J record0() { return gate_record("incremental-chain-verification"); }
  static constexpr const char* kCc = "release_gates[0].closure_contract";
};

TEST_F(ClosureRules, ACompleteContractIsClean) {
  run();
  for (const auto& rule : fired()) EXPECT_NE(rule.rfind("CLOSURE", 0), 0u) << rule;
  const auto g = record0();
  EXPECT_EQ(g["closure_contract_kind"], "historical-credential-containment");
  EXPECT_EQ(g["closure_contract_complete"], true);
  EXPECT_EQ(g["closure_subject_count"], 2);
  EXPECT_EQ(g["provider_closure_count"], 2);
  EXPECT_EQ(g["replacement_deployment_count"], 2);
  EXPECT_EQ(g["history_rewrite_blocking"], false);
  EXPECT_EQ(g["effective_status"], "passed");
  // 2 gate references + 4 closure-record references resolve.
  EXPECT_EQ(g["evidence_count"], 6);
}

TEST_F(ClosureRules, NullContractIsNotDeclared) {
  cc() = nullptr;
  run();
  const auto g = record0();
  EXPECT_EQ(g["closure_contract_kind"], nullptr);
  EXPECT_EQ(g["closure_contract_complete"], true);
  EXPECT_EQ(g["effective_status"], "passed");
}

TEST_F(ClosureRules, NotObject) {
  cc() = "historical-credential-containment";
  EXPECT_FIRES("CLOSURE-NOT-OBJECT");
  EXPECT_TRUE(at("CLOSURE-NOT-OBJECT", kCc));
  const auto g = record0();
  EXPECT_EQ(g["closure_contract_kind"], nullptr);
  EXPECT_EQ(g["closure_contract_complete"], false);
  EXPECT_EQ(g["effective_status"], "closure-incomplete");
}

TEST_F(ClosureRules, KindMissing) {
  cc().erase("kind");
  EXPECT_FIRES("CLOSURE-KIND");
  EXPECT_TRUE(at("CLOSURE-KIND", kCc));
  EXPECT_EQ(record0()["closure_contract_complete"], false);
}

TEST_F(ClosureRules, KindValue) {
  cc()["kind"] = "token-rotation";
  EXPECT_FIRES("CLOSURE-KIND");
  EXPECT_TRUE(at("CLOSURE-KIND", std::string(kCc) + ".kind"));
  EXPECT_EQ(record0()["closure_contract_kind"], "token-rotation");
  EXPECT_EQ(record0()["effective_status"], "closure-incomplete");
}

TEST_F(ClosureRules, SubjectsShape) {
  cc()["subject_ids"] = Json::array({"s3-access-key", ""});
  EXPECT_FIRES("CLOSURE-SUBJECTS");
  EXPECT_TRUE(at("CLOSURE-SUBJECTS", kCc));
  // The list is discarded as a whole, so it is also empty.
  EXPECT_TRUE(fired("CLOSURE-SUBJECTS-EMPTY"));
  EXPECT_EQ(record0()["closure_subject_count"], 0);
}

TEST_F(ClosureRules, SubjectsEmpty) {
  cc()["subject_ids"] = Json::array();
  EXPECT_FIRES("CLOSURE-SUBJECTS-EMPTY");
  EXPECT_TRUE(at("CLOSURE-SUBJECTS-EMPTY", std::string(kCc) + ".subject_ids"));
  EXPECT_EQ(record0()["closure_contract_complete"], false);
}

TEST_F(ClosureRules, SubjectsDuplicate) {
  cc()["subject_ids"] = Json::array({"s3-access-key", "s3-access-key", "sftp-host-key"});
  EXPECT_FIRES("CLOSURE-SUBJECTS-DUPLICATE");
  EXPECT_TRUE(at("CLOSURE-SUBJECTS-DUPLICATE", std::string(kCc) + ".subject_ids"));
  EXPECT_EQ(record0()["closure_subject_count"], 3);  // duplicates counted
}

TEST_F(ClosureRules, SubjectsOrder) {
  cc()["subject_ids"] = Json::array({"sftp-host-key", "s3-access-key"});
  EXPECT_FIRES("CLOSURE-SUBJECTS-ORDER");
  EXPECT_TRUE(at("CLOSURE-SUBJECTS-ORDER", std::string(kCc) + ".subject_ids"));
}

TEST_F(ClosureRules, RecordsNotList) {
  cc()["replacement_deployment_records"] = Json::object();
  EXPECT_FIRES("CLOSURE-RECORDS-NOT-LIST");
  EXPECT_TRUE(at("CLOSURE-RECORDS-NOT-LIST", std::string(kCc) + ".replacement_deployment_records"));
  const auto g = record0();
  EXPECT_EQ(g["closure_contract_complete"], false);
  EXPECT_EQ(g["replacement_deployment_count"], 0);
  EXPECT_EQ(g["missing_replacement_deployment_subject_ids"],
            J::array({"s3-access-key", "sftp-host-key"}));
}

TEST_F(ClosureRules, RecordNotObject) {
  cc()["provider_closure_records"].push_back("s3-access-key");
  EXPECT_FIRES("CLOSURE-RECORD-NOT-OBJECT");
  EXPECT_TRUE(at("CLOSURE-RECORD-NOT-OBJECT", std::string(kCc) + ".provider_closure_records[2]"));
}

TEST_F(ClosureRules, RecordFieldMissingIsNotCounted) {
  cc()["provider_closure_records"][1].erase("verifier");
  EXPECT_FIRES("CLOSURE-RECORD-FIELD");
  EXPECT_TRUE(at("CLOSURE-RECORD-FIELD", std::string(kCc) + ".provider_closure_records[1]"));
  const auto g = record0();
  EXPECT_EQ(g["provider_closure_count"], 1);
  EXPECT_EQ(g["missing_provider_closure_subject_ids"], J::array({"sftp-host-key"}));
  EXPECT_EQ(g["closure_contract_complete"], false);
  EXPECT_EQ(g["evidence_count"], 5);  // the uncounted record's evidence does not count
}

TEST_F(ClosureRules, UncountedRecordEvidenceIsAuditedButNotMissing) {
  // §8 quirk 18.
  auto& r = cc()["provider_closure_records"][1];
  r.erase("disposition");
  r["evidence"][0]["path"] = "docs/gone.md";
  EXPECT_FIRES("EVIDENCE-MISSING");
  const auto g = record0();
  EXPECT_EQ(g["all_evidence_present"], true);
  EXPECT_TRUE(g["missing_evidence"].empty());
}

TEST_F(ClosureRules, RecordSubjectUnknown) {
  cc()["replacement_deployment_records"][1]["subject_id"] = "sftp-host-key-old";
  EXPECT_FIRES("CLOSURE-RECORD-SUBJECT-UNKNOWN");
  EXPECT_TRUE(at("CLOSURE-RECORD-SUBJECT-UNKNOWN",
                 std::string(kCc) + ".replacement_deployment_records[1]"));
  const auto g = record0();
  EXPECT_EQ(g["closure_contract_complete"], false);
  EXPECT_EQ(g["replacement_deployment_count"], 2);  // still counted
  EXPECT_EQ(g["missing_replacement_deployment_subject_ids"], J::array({"sftp-host-key"}));
}

TEST_F(ClosureRules, RecordDispositionDoesNotMakeItIncomplete) {
  cc()["provider_closure_records"][0]["disposition"] = "validated";  // a replacement word
  EXPECT_FIRES("CLOSURE-RECORD-DISPOSITION");
  EXPECT_TRUE(at("CLOSURE-RECORD-DISPOSITION", std::string(kCc) + ".provider_closure_records[0]"));
  EXPECT_EQ(record0()["closure_contract_complete"], true);
}

TEST_F(ClosureRules, RecordTimestamp) {
  cc()["provider_closure_records"][0]["recorded_at"] = "2026-11-18 09:00:00Z";
  EXPECT_FIRES("CLOSURE-RECORD-TIMESTAMP");
  EXPECT_TRUE(at("CLOSURE-RECORD-TIMESTAMP",
                 std::string(kCc) + ".provider_closure_records[0].recorded_at"));
  EXPECT_EQ(record0()["closure_contract_complete"], true);
}

TEST_F(ClosureRules, RecordTimestampIsNotCalendarChecked) {
  cc()["provider_closure_records"][0]["recorded_at"] = "2026-13-45T99:99:99Z";
  run();
  EXPECT_FALSE(fired("CLOSURE-RECORD-TIMESTAMP"));
  cc()["provider_closure_records"][0]["recorded_at"] = "2026-11-18T09:00:00+0100";
  EXPECT_FIRES("CLOSURE-RECORD-TIMESTAMP");
}

TEST_F(ClosureRules, RecordsDuplicateSubject) {
  cc()["provider_closure_records"][1]["subject_id"] = "s3-access-key";
  EXPECT_FIRES("CLOSURE-RECORDS-DUPLICATE-SUBJECT");
  EXPECT_TRUE(
      at("CLOSURE-RECORDS-DUPLICATE-SUBJECT", std::string(kCc) + ".provider_closure_records"));
  EXPECT_EQ(record0()["provider_closure_count"], 1);
}

TEST_F(ClosureRules, RecordsOrder) {
  auto& p = cc()["provider_closure_records"];
  std::swap(p[0], p[1]);
  EXPECT_FIRES("CLOSURE-RECORDS-ORDER");
  EXPECT_TRUE(at("CLOSURE-RECORDS-ORDER", std::string(kCc) + ".provider_closure_records"));
  EXPECT_EQ(record0()["closure_contract_complete"], true);
}

TEST_F(ClosureRules, RetiredNeedsDecommissioned) {
  cc()["provider_closure_records"][1]["disposition"] = "revoked";
  EXPECT_FIRES("CLOSURE-RETIRED-NEEDS-DECOMMISSIONED");
  EXPECT_TRUE(at("CLOSURE-RETIRED-NEEDS-DECOMMISSIONED",
                 std::string(kCc) + ".replacement_deployment_records"));
  EXPECT_EQ(messages("CLOSURE-RETIRED-NEEDS-DECOMMISSIONED").size(), 1u);
  EXPECT_EQ(record0()["closure_contract_complete"], false);
  EXPECT_EQ(record0()["effective_status"], "closure-incomplete");
}

TEST_F(ClosureRules, RetiredWithoutProviderRecordIsIncompleteWithoutThatError) {
  cc()["provider_closure_records"].erase(1);
  run();
  EXPECT_FALSE(fired("CLOSURE-RETIRED-NEEDS-DECOMMISSIONED"));
  EXPECT_EQ(record0()["closure_contract_complete"], false);
  EXPECT_EQ(record0()["missing_provider_closure_subject_ids"], J::array({"sftp-host-key"}));
}

TEST_F(ClosureRules, HistoryNotObject) {
  cc()["history_rewrite"] = false;
  EXPECT_FIRES("CLOSURE-HISTORY-NOT-OBJECT");
  EXPECT_TRUE(at("CLOSURE-HISTORY-NOT-OBJECT", std::string(kCc) + ".history_rewrite"));
  EXPECT_EQ(record0()["closure_contract_complete"], false);
  EXPECT_EQ(record0()["history_rewrite_blocking"], nullptr);
}

TEST_F(ClosureRules, HistoryBlockingMustBeFalse) {
  for (const Json& v : {Json(true), Json(0), Json("false"), Json(nullptr)}) {
    SCOPED_TRACE(v.dump());
    cc()["history_rewrite"]["blocking"] = v;
    EXPECT_FIRES("CLOSURE-HISTORY-BLOCKING");
    EXPECT_TRUE(at("CLOSURE-HISTORY-BLOCKING", std::string(kCc) + ".history_rewrite.blocking"));
    EXPECT_EQ(record0()["closure_contract_complete"], false);
    EXPECT_EQ(record0()["history_rewrite_blocking"].dump(), v.dump());  // echoed raw
  }
  cc()["history_rewrite"].erase("blocking");
  EXPECT_FIRES("CLOSURE-HISTORY-BLOCKING");
}

TEST_F(ClosureRules, HistoryStatus) {
  cc()["history_rewrite"]["status"] = "required";
  EXPECT_FIRES("CLOSURE-HISTORY-STATUS");
  EXPECT_TRUE(at("CLOSURE-HISTORY-STATUS", std::string(kCc) + ".history_rewrite.status"));
  EXPECT_EQ(record0()["closure_contract_complete"], false);
  EXPECT_EQ(record0()["effective_status"], "closure-incomplete");
}

// §5.2 / §5.3 through the contract.

TEST_F(ClosureRules, MissingRecordEvidenceIsEvidenceMissingBeforeClosureIncomplete) {
  cc()["history_rewrite"]["status"] = "required";  // also incomplete
  cc()["replacement_deployment_records"][0]["evidence"][0]["path"] = "docs/gone.md";
  EXPECT_FIRES("EVIDENCE-MISSING");
  const auto g = record0();
  EXPECT_EQ(g["effective_status"], "evidence-missing");
  EXPECT_EQ(g["all_evidence_present"], false);
  EXPECT_EQ(g["missing_evidence"], J::array({"harbor:docs/gone.md"}));
}

TEST_F(ClosureRules, RecordBelowMinimumTierMakesItIncomplete) {
  cc()["provider_closure_records"][0]["evidence"][0]["evidence_tier"] = "test-proof";
  run();
  const auto g = record0();
  EXPECT_EQ(g["closure_contract_complete"], false);
  // The gate's own threshold is still met by its local-rehearsal evidence.
  EXPECT_EQ(g["evidence_threshold_met"], true);
  EXPECT_EQ(g["effective_status"], "closure-incomplete");
}

TEST_F(ClosureRules, ClosureIncompleteComesBeforeThresholdUnmet) {
  gate(0)["minimum_evidence_tier"] = "production-observed";
  run();
  const auto g = record0();
  EXPECT_EQ(g["evidence_threshold_met"], false);
  EXPECT_EQ(g["closure_contract_complete"], false);  // records are below the minimum too
  EXPECT_EQ(g["effective_status"], "closure-incomplete");
}

TEST_F(ClosureRules, ClosureRecordTiersRaiseTheGateTier) {
  // key-rotation-drill wants managed-runtime-exercise; its own evidence is
  // local-rehearsal, the closure records bring the higher tier.
  gate(0).erase("closure_contract");
  auto c = contract();
  for (auto* side : {&c["provider_closure_records"], &c["replacement_deployment_records"]}) {
    for (auto& r : *side) r["evidence"][0]["evidence_tier"] = "managed-runtime-exercise";
  }
  gate(1)["closure_contract"] = c;
  gate(1)["status"] = "passed";
  run();
  const auto g = gate_record("key-rotation-drill");
  EXPECT_EQ(g["highest_evidence_tier"], "managed-runtime-exercise");
  EXPECT_EQ(g["closure_contract_complete"], true);
  EXPECT_EQ(g["effective_status"], "passed");
}

}  // namespace
}  // namespace relctl::test
