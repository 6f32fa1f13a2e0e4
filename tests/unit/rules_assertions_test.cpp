// Readiness-assertion rules (family M) and proof-command rules (family N) of
// src/rules/assertions.cpp, with the derived assertion status of
// audit-rules.md §5.4.
//
// The example's assertions: [0] RA1 and [1] RA2 (repo-ready, automated),
// [2] RA3 (rc-ready, hybrid, gate incremental-chain-verification, which
// passes; two proof commands, the second with cwd tests/e2e), [3] RA4
// (rc-ready, manual, gate key-rotation-drill, which is blocked) and [4] RA5
// (release-ready, hybrid, gate restore-drill-on-fresh-host, pending).
#include <algorithm>

#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

using J = nlohmann::json;  // the report's type

class FamilyRules : public RulesFixture {
 protected:
  Json& assertion(std::size_t i) { return status["readiness_assertions"][i]; }
  Json& command(std::size_t a, std::size_t k) { return assertion(a)["proof_commands"][k]; }

  // The report record of the assertion with this id (null when there is none).
  J record(const std::string& id) {
    const J r = report();
    for (const auto& a : r["readiness_assertions"]) {
      if (a["id"] == id) return a;
    }
    return J();
  }
};

class AssertionRules : public FamilyRules {};

TEST_F(AssertionRules, TheExampleAssertions) {
  run();
  for (const auto& rule : fired()) {
    EXPECT_TRUE(rule.rfind("ASSERTION", 0) != 0 && rule.rfind("PROOF", 0) != 0) << rule;
  }
  const J r = report();
  ASSERT_EQ(r["readiness_assertions"].size(), 5u);
  const char* want[] = {"passed", "passed", "passed", "gates-pending", "gates-pending"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(r["readiness_assertions"][i]["derived_status"], want[i]) << i;
  }
  EXPECT_EQ(r["readiness_assertions"][2]["linked_release_gates_cleared"], true);
  EXPECT_EQ(r["readiness_assertions"][3]["linked_release_gates_cleared"], false);
  EXPECT_EQ(r["readiness_assertions"][0]["has_executable_proof"], true);
  EXPECT_EQ(r["readiness_assertions"][2]["proof_command_count"], 2);
}

TEST_F(AssertionRules, ShapeMissingList) {
  status["readiness_assertions"] = "RA1";
  EXPECT_FIRES("ASSERTIONS-SHAPE");
  EXPECT_TRUE(at("ASSERTIONS-SHAPE", "status.json"));
}

TEST_F(AssertionRules, ShapeElementNotAnObject) {
  status["readiness_assertions"].push_back(Json::array());
  EXPECT_FIRES("ASSERTIONS-SHAPE");
  EXPECT_TRUE(at("ASSERTIONS-SHAPE", "status.json.readiness_assertions[5]"));
}

TEST_F(AssertionRules, FieldMissingDropsTheRecord) {
  assertion(1).erase("proof_type");
  EXPECT_FIRES("ASSERTION-FIELD");
  EXPECT_TRUE(at("ASSERTION-FIELD", "readiness_assertions[1]"));
  EXPECT_EQ(report()["readiness_assertions"].size(), 4u);
  EXPECT_TRUE(record("RA2").is_null());
}

TEST_F(AssertionRules, ListFieldNotAList) {
  assertion(0)["subsystem_ids"] = "backup-engine";
  EXPECT_FIRES("ASSERTION-FIELD");
  EXPECT_TRUE(at("ASSERTION-FIELD", "readiness_assertions[0]"));
  EXPECT_EQ(report()["readiness_assertions"].size(), 5u);  // lists do not drop the record
}

TEST_F(AssertionRules, IdDuplicate) {
  assertion(1)["id"] = "RA1";
  EXPECT_FIRES("ASSERTION-ID-DUPLICATE");
  EXPECT_TRUE(at("ASSERTION-ID-DUPLICATE", "readiness_assertions[1]"));
  EXPECT_EQ(report()["readiness_assertions"].size(), 5u);
}

TEST_F(AssertionRules, KindEnum) {
  assertion(0)["kind"] = "property";
  EXPECT_FIRES("ASSERTION-KIND-ENUM");
  EXPECT_TRUE(at("ASSERTION-KIND-ENUM", "readiness_assertions[0]"));
}

TEST_F(AssertionRules, BlockingLevelEnumCountsTowardNoLevel) {
  // RA4 is the failing rc-ready assertion; with an unknown level it blocks nothing.
  run();
  EXPECT_EQ(report()["readiness"]["rc_ready_assertions_cleared"], false);
  assertion(3)["blocking_level"] = "ga-ready";
  EXPECT_FIRES("ASSERTION-BLOCKING-LEVEL-ENUM");
  EXPECT_TRUE(at("ASSERTION-BLOCKING-LEVEL-ENUM", "readiness_assertions[3]"));
  EXPECT_EQ(report()["readiness"]["rc_ready_assertions_cleared"], true);
}

TEST_F(AssertionRules, ProofTypeEnumBehavesLikeAutomated) {
  assertion(3)["proof_type"] = "exploratory";
  EXPECT_FIRES("ASSERTION-PROOF-TYPE-ENUM");
  EXPECT_TRUE(at("ASSERTION-PROOF-TYPE-ENUM", "readiness_assertions[3]"));
  // Never gates-pending, though its gate is blocked.
  EXPECT_EQ(record("RA4")["derived_status"], "passed");
  EXPECT_FALSE(fired("ASSERTION-NO-EXECUTABLE-PROOF"));
  EXPECT_FALSE(fired("ASSERTION-AUTOMATED-WITHOUT-COMMANDS"));
}

TEST_F(AssertionRules, GateIdsDuplicate) {
  assertion(3)["release_gate_ids"] = Json::array({"key-rotation-drill", "key-rotation-drill"});
  EXPECT_FIRES("ASSERTION-GATE-IDS-DUPLICATE");
  EXPECT_TRUE(at("ASSERTION-GATE-IDS-DUPLICATE", "readiness_assertions[3].release_gate_ids"));
}

TEST_F(AssertionRules, GateIdsOrderIsPlain) {
  assertion(2)["release_gate_ids"] =
      Json::array({"key-rotation-drill", "incremental-chain-verification"});
  EXPECT_FIRES("ASSERTION-GATE-IDS-ORDER");
  EXPECT_TRUE(at("ASSERTION-GATE-IDS-ORDER", "readiness_assertions[2].release_gate_ids"));
}

TEST_F(AssertionRules, GateUnknownIsNotCleared) {
  assertion(2)["release_gate_ids"] = Json::array({"incremental-chain-verification", "no-gate"});
  EXPECT_FIRES("ASSERTION-GATE-UNKNOWN");
  EXPECT_TRUE(at("ASSERTION-GATE-UNKNOWN", "readiness_assertions[2]"));
  const auto a = record("RA3");
  EXPECT_EQ(a["linked_release_gates_cleared"], false);
  EXPECT_EQ(a["derived_status"], "gates-pending");
}

TEST_F(AssertionRules, GateLookupStripsTheGateIds) {
  // §8 quirk 32: only the assertions' gate table is keyed by stripped ids.
  status["release_gates"][1]["id"] = "key-rotation-drill ";
  run();
  EXPECT_FALSE(fired("ASSERTION-GATE-UNKNOWN"));
  EXPECT_TRUE(at("BLOCKER-UNKNOWN-TARGET", "lanes[L4].blockers"));  // an exact lookup
}

TEST_F(AssertionRules, GateLevelMismatch) {
  // RA3 is rc-ready; restore-drill-on-fresh-host is release-ready.
  assertion(2)["release_gate_ids"] =
      Json::array({"incremental-chain-verification", "restore-drill-on-fresh-host"});
  EXPECT_FIRES("ASSERTION-GATE-LEVEL-MISMATCH");
  EXPECT_TRUE(at("ASSERTION-GATE-LEVEL-MISMATCH", "readiness_assertions[2]"));
  EXPECT_EQ(messages("ASSERTION-GATE-LEVEL-MISMATCH").size(), 1u);
}

TEST_F(AssertionRules, AutomatedWithGates) {
  assertion(0)["release_gate_ids"] = Json::array({"incremental-chain-verification"});
  EXPECT_FIRES("ASSERTION-AUTOMATED-WITH-GATES");
  EXPECT_TRUE(at("ASSERTION-AUTOMATED-WITH-GATES", "readiness_assertions[0]"));
}

TEST_F(AssertionRules, AutomatedIgnoresItsGatesForTheStatus) {
  assertion(0)["release_gate_ids"] = Json::array({"key-rotation-drill"});  // blocked
  run();
  EXPECT_EQ(record("RA1")["derived_status"], "passed");
}

TEST_F(AssertionRules, ManualWithoutGatesIsVacuouslyCleared) {
  assertion(3)["release_gate_ids"] = Json::array();
  EXPECT_FIRES("ASSERTION-MANUAL-WITHOUT-GATES");
  EXPECT_TRUE(at("ASSERTION-MANUAL-WITHOUT-GATES", "readiness_assertions[3]"));
  EXPECT_EQ(record("RA4")["derived_status"], "passed");
}

TEST_F(AssertionRules, HybridWithoutGates) {
  assertion(4)["release_gate_ids"] = Json::array();
  EXPECT_FIRES("ASSERTION-MANUAL-WITHOUT-GATES");
  EXPECT_TRUE(at("ASSERTION-MANUAL-WITHOUT-GATES", "readiness_assertions[4]"));
}

TEST_F(AssertionRules, AutomatedWithoutCommands) {
  assertion(1).erase("proof_commands");
  EXPECT_FIRES("ASSERTION-AUTOMATED-WITHOUT-COMMANDS");
  EXPECT_TRUE(at("ASSERTION-AUTOMATED-WITHOUT-COMMANDS", "readiness_assertions[1]"));
}

TEST_F(AssertionRules, AutomatedWhoseOnlyCommandIsDropped) {
  command(1, 0)["run"] = Json::array();
  EXPECT_FIRES("ASSERTION-AUTOMATED-WITHOUT-COMMANDS");
  EXPECT_EQ(record("RA2")["proof_command_count"], 0);
}

TEST_F(AssertionRules, NoExecutableProof) {
  auto& ev = assertion(0)["evidence"];
  ev.erase(1);  // chain_verify_test.go
  EXPECT_FIRES("ASSERTION-NO-EXECUTABLE-PROOF");
  EXPECT_TRUE(at("ASSERTION-NO-EXECUTABLE-PROOF", "readiness_assertions[0]"));
  EXPECT_EQ(record("RA1")["has_executable_proof"], false);
}

TEST_F(AssertionRules, NoExecutableProofForHybrid) {
  // RA3 keeps its walkthrough record only.
  auto& ev = assertion(2)["evidence"];
  ev.erase(2);
  ev.erase(1);
  EXPECT_FIRES("ASSERTION-NO-EXECUTABLE-PROOF");
  EXPECT_TRUE(at("ASSERTION-NO-EXECUTABLE-PROOF", "readiness_assertions[2]"));
}

TEST_F(AssertionRules, ManualNeedsNoExecutableProof) {
  run();
  EXPECT_EQ(record("RA4")["has_executable_proof"], false);
  EXPECT_FALSE(fired("ASSERTION-NO-EXECUTABLE-PROOF"));
}

TEST_F(AssertionRules, ExecutableProofNeedNotExist) {
  // §5.4: the file name decides; existence does not matter.
  assertion(0)["evidence"][1]["path"] = "internal/engine/chain/gone_test.go";
  run();
  EXPECT_TRUE(fired("EVIDENCE-MISSING"));
  EXPECT_FALSE(fired("ASSERTION-NO-EXECUTABLE-PROOF"));
  EXPECT_EQ(record("RA1")["has_executable_proof"], true);
  EXPECT_EQ(record("RA1")["derived_status"], "evidence-missing");
}

TEST_F(AssertionRules, ExecutableProofNamePatterns) {
  // Only the final component counts, and a dir reference never does.
  auto& ev = assertion(0)["evidence"];
  ev[1]["path"] = "internal/engine/chain_test.go/chain.go";
  EXPECT_FIRES("ASSERTION-NO-EXECUTABLE-PROOF");
  ev[1]["path"] = "tests/e2e/full-restore.spec.ts";
  run();
  EXPECT_FALSE(fired("ASSERTION-NO-EXECUTABLE-PROOF"));
  ev[1]["path"] = "tests/e2e";
  ev[1]["kind"] = "dir";
  EXPECT_FIRES("ASSERTION-NO-EXECUTABLE-PROOF");
}

TEST_F(AssertionRules, OrderIsByAssertionNumber) {
  std::swap(assertion(0), assertion(1));
  EXPECT_FIRES("ASSERTIONS-ORDER");
  EXPECT_TRUE(at("ASSERTIONS-ORDER", "status.json"));
}

TEST_F(AssertionRules, OrderComparesNumbersNotText) {
  assertion(4)["id"] = "RA10";  // RA4 < RA10, although "RA10" < "RA4" as text
  run();
  EXPECT_FALSE(fired("ASSERTIONS-ORDER"));
  assertion(4)["id"] = "RA-final";  // non-numbered ids go last
  run();
  EXPECT_FALSE(fired("ASSERTIONS-ORDER"));
  std::swap(assertion(3), assertion(4));
  EXPECT_FIRES("ASSERTIONS-ORDER");
}

TEST_F(AssertionRules, OrderSkippedWhenAnAssertionHasNoRecord) {
  std::swap(assertion(0), assertion(1));
  assertion(4).erase("kind");
  run();
  EXPECT_TRUE(fired("ASSERTION-FIELD"));
  EXPECT_FALSE(fired("ASSERTIONS-ORDER"));
}

// §5.4: derived status.

TEST_F(AssertionRules, MissingEvidenceComesFirst) {
  assertion(3)["evidence"][1]["path"] = "docs/runbooks/gone.md";
  EXPECT_FIRES("EVIDENCE-MISSING");
  EXPECT_EQ(record("RA4")["derived_status"], "evidence-missing");
  EXPECT_EQ(record("RA4")["derived_pass"], false);
}

TEST_F(AssertionRules, GatesPendingUntilTheLinkedGateIsEffectivelyPassed) {
  auto& g = status["release_gates"][1];  // key-rotation-drill, minimum managed-runtime-exercise
  g["status"] = "passed";
  run();
  // Declared passed, but its evidence is only local-rehearsal: threshold-unmet.
  EXPECT_EQ(report()["release_gates"][1]["effective_status"], "threshold-unmet");
  EXPECT_EQ(record("RA4")["derived_status"], "gates-pending");
  g["evidence"][0]["evidence_tier"] = "managed-runtime-exercise";
  run();
  const auto a = record("RA4");
  EXPECT_EQ(a["linked_release_gates_cleared"], true);
  EXPECT_EQ(a["derived_status"], "passed");
  EXPECT_EQ(a["derived_pass"], true);
}

TEST_F(AssertionRules, RepoIdsIncludeTheLinkedGates) {
  run();
  EXPECT_EQ(record("RA4")["repo_ids"], J::array({"harbor"}));
}

// Family N: proof commands.

class ProofCommandRules : public FamilyRules {};

TEST_F(ProofCommandRules, ShapeEmptyList) {
  assertion(0)["proof_commands"] = Json::array();
  EXPECT_FIRES("PROOF-COMMANDS-SHAPE");
  EXPECT_TRUE(at("PROOF-COMMANDS-SHAPE", "readiness_assertions[0].proof_commands"));
  EXPECT_TRUE(fired("ASSERTION-AUTOMATED-WITHOUT-COMMANDS"));
}

TEST_F(ProofCommandRules, ShapeNotAList) {
  assertion(0)["proof_commands"] = Json::object();
  EXPECT_FIRES("PROOF-COMMANDS-SHAPE");
  EXPECT_TRUE(at("PROOF-COMMANDS-SHAPE", "readiness_assertions[0].proof_commands"));
}

TEST_F(ProofCommandRules, NullIsNotDeclared) {
  assertion(3)["proof_commands"] = nullptr;  // RA4 is manual and needs none
  run();
  EXPECT_FALSE(fired("PROOF-COMMANDS-SHAPE"));
}

TEST_F(ProofCommandRules, NotObject) {
  assertion(0)["proof_commands"].push_back("go test ./...");
  EXPECT_FIRES("PROOF-COMMAND-NOT-OBJECT");
  EXPECT_TRUE(at("PROOF-COMMAND-NOT-OBJECT", "readiness_assertions[0].proof_commands[1]"));
}

TEST_F(ProofCommandRules, IdMissingDropsTheCommand) {
  command(2, 1).erase("id");
  EXPECT_FIRES("PROOF-COMMAND-ID");
  EXPECT_TRUE(at("PROOF-COMMAND-ID", "readiness_assertions[2].proof_commands[1]"));
  EXPECT_EQ(record("RA3")["proof_command_count"], 1);
}

TEST_F(ProofCommandRules, IdDuplicate) {
  command(2, 1)["id"] = "restore-service-tests";
  EXPECT_FIRES("PROOF-COMMAND-ID-DUPLICATE");
  EXPECT_TRUE(at("PROOF-COMMAND-ID-DUPLICATE", "readiness_assertions[2].proof_commands[1]"));
  EXPECT_EQ(record("RA3")["proof_command_count"], 2);  // both kept
}

TEST_F(ProofCommandRules, CwdType) {
  command(2, 1)["cwd"] = 7;
  EXPECT_FIRES("PROOF-COMMAND-CWD-TYPE");
  EXPECT_TRUE(at("PROOF-COMMAND-CWD-TYPE", "readiness_assertions[2].proof_commands[1].cwd"));
  EXPECT_FALSE(record("RA3")["proof_commands"][1].contains("cwd"));
}

TEST_F(ProofCommandRules, CwdBlank) {
  command(2, 1)["cwd"] = "  ";
  EXPECT_FIRES("PROOF-COMMAND-CWD-BLANK");
  EXPECT_TRUE(at("PROOF-COMMAND-CWD-BLANK", "readiness_assertions[2].proof_commands[1].cwd"));
  EXPECT_FALSE(record("RA3")["proof_commands"][1].contains("cwd"));
}

TEST_F(ProofCommandRules, CwdAbsolute) {
  command(2, 1)["cwd"] = "/";
  EXPECT_FIRES("PROOF-COMMAND-CWD-ABSOLUTE");
  EXPECT_TRUE(at("PROOF-COMMAND-CWD-ABSOLUTE", "readiness_assertions[2].proof_commands[1].cwd"));
  EXPECT_FALSE(fired("PROOF-COMMAND-CWD-MISSING"));  // "/" exists and is a directory
  EXPECT_EQ(record("RA3")["proof_commands"][1]["cwd"], "/");
}

TEST_F(ProofCommandRules, CwdUncleanIsKept) {
  command(2, 1)["cwd"] = "tests//e2e";
  EXPECT_FIRES("PROOF-COMMAND-CWD-UNCLEAN");
  EXPECT_TRUE(at("PROOF-COMMAND-CWD-UNCLEAN", "readiness_assertions[2].proof_commands[1].cwd"));
  EXPECT_FALSE(fired("PROOF-COMMAND-CWD-MISSING"));
  EXPECT_EQ(record("RA3")["proof_commands"][1]["cwd"], "tests//e2e");
}

TEST_F(ProofCommandRules, CwdCleanForms) {
  for (const char* cwd : {".", "tests/..", "tests/e2e"}) {
    SCOPED_TRACE(cwd);
    command(2, 1)["cwd"] = cwd;
    run();
    EXPECT_FALSE(fired("PROOF-COMMAND-CWD-UNCLEAN"));
  }
  for (const char* cwd : {"./tests", "tests/e2e/", "tests/./e2e", "../harbor"}) {
    SCOPED_TRACE(cwd);
    command(2, 1)["cwd"] = cwd;
    EXPECT_FIRES("PROOF-COMMAND-CWD-UNCLEAN");
  }
}

TEST_F(ProofCommandRules, CwdMissing) {
  command(2, 1)["cwd"] = "tests/e2e-gone";
  EXPECT_FIRES("PROOF-COMMAND-CWD-MISSING");
  EXPECT_TRUE(at("PROOF-COMMAND-CWD-MISSING", "readiness_assertions[2].proof_commands[1].cwd"));
  EXPECT_EQ(record("RA3")["proof_commands"][1]["cwd"], "tests/e2e-gone");
}

TEST_F(ProofCommandRules, CwdNotDir) {
  command(2, 1)["cwd"] = "go.mod";
  EXPECT_FIRES("PROOF-COMMAND-CWD-NOT-DIR");
  EXPECT_TRUE(at("PROOF-COMMAND-CWD-NOT-DIR", "readiness_assertions[2].proof_commands[1].cwd"));
}

TEST_F(ProofCommandRules, RunEmpty) {
  command(2, 0)["run"] = Json::array();
  EXPECT_FIRES("PROOF-COMMAND-RUN");
  EXPECT_TRUE(at("PROOF-COMMAND-RUN", "readiness_assertions[2].proof_commands[0].run"));
  EXPECT_EQ(record("RA3")["proof_command_count"], 1);
}

TEST_F(ProofCommandRules, RunWithABlankOrNonStringElement) {
  command(2, 0)["run"] = Json::array({"go", " "});
  EXPECT_FIRES("PROOF-COMMAND-RUN");
  command(2, 0)["run"] = Json::array({"go", 1});
  EXPECT_FIRES("PROOF-COMMAND-RUN");
  command(2, 0)["run"] = "go test ./internal/restore";
  EXPECT_FIRES("PROOF-COMMAND-RUN");
  EXPECT_TRUE(at("PROOF-COMMAND-RUN", "readiness_assertions[2].proof_commands[0].run"));
}

TEST_F(ProofCommandRules, OrderIsFolded) {
  std::swap(command(2, 0), command(2, 1));
  EXPECT_FIRES("PROOF-COMMANDS-ORDER");
  EXPECT_TRUE(at("PROOF-COMMANDS-ORDER", "readiness_assertions[2].proof_commands"));
  // Fold order: "alpha" < "Zeta" although 'Z' < 'a' in plain order.
  command(2, 0)["id"] = "Zeta";
  command(2, 1)["id"] = "alpha";
  EXPECT_FIRES("PROOF-COMMANDS-ORDER");
  command(2, 0)["id"] = "alpha";
  command(2, 1)["id"] = "Zeta";
  run();
  EXPECT_FALSE(fired("PROOF-COMMANDS-ORDER"));
}

TEST_F(ProofCommandRules, OrderSkippedWhenACommandIsDropped) {
  std::swap(command(2, 0), command(2, 1));
  command(2, 1)["run"] = Json::array();
  run();
  EXPECT_FALSE(fired("PROOF-COMMANDS-ORDER"));
  // A non-object element is an element without a command record too.
  command(2, 1)["run"] = Json::array({"go", "test"});
  assertion(2)["proof_commands"].push_back(3);
  run();
  EXPECT_FALSE(fired("PROOF-COMMANDS-ORDER"));
}

}  // namespace
}  // namespace relctl::test
