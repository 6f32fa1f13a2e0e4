// relctl audit through the binary, on a copy of examples/harbor: exit codes,
// output formats, and hostile input. Every failure is a clear message and a
// non-zero exit, never a crash.
#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_harness.hpp"

namespace relctl::test {
namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;
const char* const kNow = "2026-11-22T12:00:00Z";
const char* const kStatus = "docs/release-control/h2/status.json";

class AuditCli : public ::testing::Test {
 protected:
  void SetUp() override {
    copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", dir.path());
    status = ojson::parse(dir.read(kStatus));
  }
  void save() const { dir.write(kStatus, status.dump(2) + "\n"); }
  RunResult audit(std::vector<std::string> extra = {}, RunOptions o = {}) {
    std::vector<std::string> args{"--root", dir.path(), "--now", kNow, "audit"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_relctl(args, o);
  }
  json audit_json() {
    const auto r = audit();
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }
  static std::set<std::string> rules_of(const json& report) {
    std::set<std::string> out;
    for (const auto& d : report["diagnostics"]) out.insert(d["rule"].get<std::string>());
    return out;
  }
  TempDir dir;
  ojson status;
};

TEST_F(AuditCli, CleanExampleExitsZeroEvenWithCheck) {
  const auto r = audit({"--check"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_TRUE(j["errors"].empty());
  EXPECT_EQ(j["summary"]["lane_count"], 6);
  EXPECT_EQ(j["control_plane"]["active_target"]["id"], "h2-rc-stabilization");
}

TEST_F(AuditCli, CheckExitsOneOnErrorsPlainExitsZero) {
  status["lanes"][5]["current_score"] = 1;  // not-started with a score
  save();
  EXPECT_EQ(audit().exit_code, 0);
  const auto r = audit({"--check"});
  EXPECT_EQ(r.exit_code, 1);
  const auto j = json::parse(r.out);
  ASSERT_FALSE(j["diagnostics"].empty());
  const auto& d = j["diagnostics"][0];
  EXPECT_EQ(d["rule"], "LANE-NOT-STARTED-NONZERO");
  EXPECT_EQ(d["file"], kStatus);
  EXPECT_GT(d["line"].get<int>(), 1);
}

TEST_F(AuditCli, OutputIsSortedAsciiJson) {
  status["lanes"][0]["name"] = "Sauvegarde intègre";
  save();
  const auto r = audit();
  EXPECT_NE(r.out.find("\\u00e8"), std::string::npos);
  for (unsigned char c : r.out) ASSERT_LT(c, 0x80);
  EXPECT_LT(r.out.find("\"active_work_claims\""), r.out.find("\"errors\""));
}

TEST_F(AuditCli, PrettyHonoursColourSettings) {
  const auto plain = audit({"--pretty"});
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_NE(plain.out.find("h2-rc-stabilization"), std::string::npos);
  EXPECT_EQ(plain.out.find("\x1b["), std::string::npos) << "no colour when not a TTY";
  const auto forced =
      run_relctl({"--root", dir.path(), "--now", kNow, "--color", "always", "audit", "--pretty"});
  EXPECT_NE(forced.out.find("\x1b["), std::string::npos);
  EXPECT_EQ(run_relctl({"--color", "sometimes", "audit"}).exit_code, 2);
}

TEST_F(AuditCli, TruncatedStatusFile) {
  const std::string text = dir.read(kStatus);
  dir.write(kStatus, text.substr(0, text.size() / 2));
  const auto r = audit();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(std::string(kStatus) + ":"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(AuditCli, WrongTypesAreFindingsNotCrashes) {
  status["lanes"][0]["target_score"] = "nine";
  status["lanes"][1]["completion"] = 7;
  status["release_gates"][0]["lane_ids"] = json{{"a", 1}};
  status["scope"] = json::array();
  save();
  const auto j = audit_json();
  const auto rules = rules_of(j);
  EXPECT_TRUE(rules.count("LANE-SCORE"));
  EXPECT_TRUE(rules.count("LANE-COMPLETION"));
  EXPECT_TRUE(rules.count("SCOPE-NOT-OBJECT"));
  EXPECT_TRUE(rules.count("GATE-FIELD"));
}

TEST_F(AuditCli, UnknownEnumsDuplicateIdsBrokenReferences) {
  status["lanes"][0]["status"] = "finished";
  status["readiness_assertions"][1]["id"] = status["readiness_assertions"][0]["id"];
  status["open_decisions"][0]["lane_ids"] = json::array({"L99"});
  save();
  const auto rules = rules_of(audit_json());
  EXPECT_TRUE(rules.count("LANE-STATUS-ENUM"));
  EXPECT_TRUE(rules.count("ASSERTION-ID-DUPLICATE"));
  EXPECT_TRUE(rules.count("XREF-LANE-ID-UNKNOWN"));
}

TEST_F(AuditCli, ExpiredAndConflictingClaims) {
  auto claim = status["work_claims"][0];
  claim["id"] = claim["id"].get<std::string>() + "-twin";
  claim["agent_id"] = "another-agent";
  status["work_claims"].push_back(claim);
  save();
  const auto j = audit_json();
  EXPECT_EQ(j["summary"]["work_claim_conflict_count"], 1);
  EXPECT_TRUE(rules_of(j).count("CLAIM-CONFLICT-SAME-ITEM"));
  // Later, both leases have run out: no conflict, two expiry warnings.
  const auto later = run_relctl({"--root", dir.path(), "--now", "2027-01-01T00:00:00Z", "audit"});
  const auto k = json::parse(later.out);
  EXPECT_EQ(k["summary"]["expired_work_claim_count"], 2);
  EXPECT_EQ(k["summary"]["work_claim_conflict_count"], 0);
  EXPECT_EQ(k["warnings"].size(), 2u);
}

TEST_F(AuditCli, EvidencePathsThatEscapeOrAreAbsolute) {
  status["lanes"][0]["evidence"][0]["path"] = "/etc/passwd";
  status["lanes"][1]["evidence"][0]["path"] = "../../etc/passwd";
  save();
  const auto rules = rules_of(audit_json());
  EXPECT_TRUE(rules.count("EVIDENCE-PATH-ABSOLUTE"));
  EXPECT_TRUE(rules.count("EVIDENCE-PATH-UNCLEAN"));
}

TEST_F(AuditCli, MissingSiblingRepository) {
  status["scope"]["active_repos"].push_back("harbor-zz-absent");
  status["scope"]["repo_catalog"].push_back(
      {{"id", "harbor-zz-absent"}, {"purpose", "x"}, {"visibility", "private"}});
  status["lanes"][0]["evidence"].push_back(
      {{"repo", "harbor-zz-absent"}, {"path", "README.md"}, {"kind", "file"}});
  save();
  const auto j = audit_json();
  EXPECT_TRUE(rules_of(j).count("EVIDENCE-REPO-ROOT-MISSING"));
  // A missing root is not missing evidence.
  EXPECT_EQ(j["lanes"][0]["derived_status"], "target-met");
  RunOptions o;
  o.env["PULSE_REPO_ROOT_HARBOR_ZZ_ABSENT"] = dir.path();
  const auto with_override = json::parse(audit({}, o).out);
  EXPECT_FALSE(rules_of(with_override).count("EVIDENCE-REPO-ROOT-MISSING"));
}

TEST_F(AuditCli, StaleActiveTargetWarns) {
  // Make the target's completion rule repo_ready and satisfy it: every lane
  // at target, assertions passing.
  ojson cp = ojson::parse(dir.read("docs/release-control/control_plane.json"));
  for (auto& t : cp["targets"]) {
    if (t["id"] == "h2-rc-stabilization") t["completion_rule"] = "repo_ready";
  }
  dir.write("docs/release-control/control_plane.json", cp.dump(2));
  for (auto& l : status["lanes"]) {
    l["current_score"] = l["target_score"];
  }
  save();
  const auto j = audit_json();
  EXPECT_TRUE(j["readiness"]["repo_ready"].get<bool>());
  EXPECT_TRUE(j["control_plane"]["active_target"]["completion_met"].get<bool>());
  EXPECT_EQ(j["warnings"].size(), 1u) << j["warnings"].dump();
}

TEST_F(AuditCli, InflatedStatusFileStillAudits) {
  // 50 times the followups and resolved decisions: valid, just large.
  auto followups = status["lane_followups"];
  auto resolved = status["resolved_decisions"];
  for (int i = 0; i < 50; ++i) {
    for (auto f : resolved) {
      f["id"] = f["id"].get<std::string>() + "-" + std::to_string(i);
      status["resolved_decisions"].push_back(f);
    }
  }
  save();
  const auto r = audit();
  EXPECT_EQ(r.exit_code, 0);
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["summary"]["resolved_decision_count"], resolved.size() * 51);
}

}  // namespace
}  // namespace relctl::test
