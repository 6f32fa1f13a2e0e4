// Family G (src/rules/evidence.cpp): evidence references of lanes, gates,
// assertions and coverage gaps (audit-rules.md §4.8, §5.1, §5.2, §8 quirks
// 12-17). Each test breaks the clean example one way and checks the rule id,
// the leading location token of each finding and, where the rule changes
// them, the derived figures.
#include <filesystem>
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

class EvidenceRules : public RulesFixture {
 protected:
  Strings tokens(const std::string& rule) const { return tokens_of(messages(rule)); }

  // lanes[0] is L1 (target-met, complete, four references, all present).
  Json& l1_evidence() { return status["lanes"][0]["evidence"]; }
  // lanes[5] is L6 (not-started, three references, the last a dir).
  Json& l6_evidence() { return status["lanes"][5]["evidence"]; }

  // Replaces L6's evidence with one reference.
  void only_l6_ref(const std::string& path, const std::string& kind) {
    l6_evidence() = Json::array({{{"repo", "harbor"}, {"path", path}, {"kind", kind}}});
  }

  // Makes "harbor-pro" an active repository (with its catalog entry). It
  // resolves to a sibling of the checkout, which does not exist.
  void activate_missing_sibling() {
    status["scope"]["active_repos"].push_back("harbor-pro");
    status["scope"]["repo_catalog"].push_back(
        {{"id", "harbor-pro"}, {"purpose", "Paid add-ons."}, {"visibility", "private"}});
  }
  static bool sibling_exists() {
    const std::filesystem::path main(RELCTL_SOURCE_DIR);
    std::error_code ec;
    return std::filesystem::exists(main.parent_path() / "harbor-pro", ec);
  }
};

// ------------------------------------------------------------ rule 50

// An empty evidence list is an error but vacuously "all present".
TEST_F(EvidenceRules, EmptyListIsAnErrorButNotMissingEvidence) {
  l1_evidence() = Json::array();
  EXPECT_FIRES("EVIDENCE-LIST");
  EXPECT_EQ(tokens("EVIDENCE-LIST"), (Strings{"lanes[0]"}));
  const auto lane = report()["lanes"][0];
  EXPECT_EQ(lane["derived_status"], "target-met");
  EXPECT_EQ(lane["all_evidence_present"], true);
  EXPECT_EQ(lane["evidence_count"], 0);
  EXPECT_TRUE(lane["repo_ids"].empty());
}

TEST_F(EvidenceRules, MissingListAndWrongType) {
  status["lanes"][0].erase("evidence");
  EXPECT_FIRES("EVIDENCE-LIST");
  EXPECT_EQ(tokens("EVIDENCE-LIST"), (Strings{"lanes[0]"}));
  status["lanes"][0]["evidence"] = Json::object();
  EXPECT_FIRES("EVIDENCE-LIST");
  EXPECT_EQ(tokens("EVIDENCE-LIST"), (Strings{"lanes[0]"}));
}

// ------------------------------------------------------------ rules 51-54

TEST_F(EvidenceRules, ItemNotObject) {
  l1_evidence().push_back("docs/README.md");
  EXPECT_FIRES("EVIDENCE-ITEM-NOT-OBJECT");
  EXPECT_EQ(tokens("EVIDENCE-ITEM-NOT-OBJECT"), (Strings{"lanes[0].evidence[4]"}));
  EXPECT_EQ(report()["lanes"][0]["evidence_count"], 4);
}

// A reference without a valid repo/path/kind is ignored entirely: not
// resolved, not missing, no repo id.
TEST_F(EvidenceRules, FieldMissingIgnoresTheReference) {
  l1_evidence()[1].erase("kind");
  EXPECT_FIRES("EVIDENCE-FIELD");
  EXPECT_EQ(tokens("EVIDENCE-FIELD"), (Strings{"lanes[0].evidence[1]"}));
  const auto lane = report()["lanes"][0];
  EXPECT_EQ(lane["evidence_count"], 3);
  EXPECT_EQ(lane["derived_status"], "target-met");
}

TEST_F(EvidenceRules, FieldsMissingOneFindingEach) {
  l1_evidence()[2] = Json::object();
  EXPECT_FIRES("EVIDENCE-FIELD");
  EXPECT_EQ(tokens("EVIDENCE-FIELD"),
            (Strings{"lanes[0].evidence[2]", "lanes[0].evidence[2]", "lanes[0].evidence[2]"}));
}

TEST_F(EvidenceRules, RepoFieldMissingDropsTheRepoId) {
  activate_missing_sibling();
  l1_evidence()[3]["repo"] = "harbor-pro";
  l1_evidence()[3]["path"] = " ";
  EXPECT_FIRES("EVIDENCE-FIELD");
  EXPECT_EQ(tokens("EVIDENCE-FIELD"), (Strings{"lanes[0].evidence[3]"}));
  EXPECT_FALSE(fired("EVIDENCE-REPO-ROOT-MISSING"));
  EXPECT_EQ(report()["lanes"][0]["repo_ids"], Json::array({"harbor"}));
}

TEST_F(EvidenceRules, TierType) {
  l1_evidence()[3]["evidence_tier"] = 5;
  EXPECT_FIRES("EVIDENCE-TIER-TYPE");
  EXPECT_EQ(tokens("EVIDENCE-TIER-TYPE"), (Strings{"lanes[0].evidence[3].evidence_tier"}));
  l1_evidence()[3]["evidence_tier"] = "  ";
  EXPECT_FIRES("EVIDENCE-TIER-TYPE");
  EXPECT_EQ(tokens("EVIDENCE-TIER-TYPE"), (Strings{"lanes[0].evidence[3].evidence_tier"}));
}

// A null tier counts as "not declared".
TEST_F(EvidenceRules, NullTierIsNotDeclared) {
  l1_evidence()[3]["evidence_tier"] = nullptr;
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
}

TEST_F(EvidenceRules, TierValue) {
  l1_evidence()[3]["evidence_tier"] = "unit-test";
  EXPECT_FIRES("EVIDENCE-TIER-VALUE");
  EXPECT_EQ(tokens("EVIDENCE-TIER-VALUE"), (Strings{"lanes[0].evidence[3].evidence_tier"}));
}

// An invalid tier is ignored: the gate's highest tier drops below its minimum.
TEST_F(EvidenceRules, InvalidTierDoesNotCountForTheGate) {
  auto& ev = status["release_gates"][0]["evidence"];
  ev[0]["evidence_tier"] = "local rehearsal";
  EXPECT_FIRES("EVIDENCE-TIER-VALUE");
  EXPECT_EQ(tokens("EVIDENCE-TIER-VALUE"), (Strings{"release_gates[0].evidence[0].evidence_tier"}));
  const auto gate = report()["release_gates"][0];
  EXPECT_EQ(gate["highest_evidence_tier"], "test-proof");
  EXPECT_EQ(gate["evidence_threshold_met"], false);
  EXPECT_EQ(gate["effective_status"], "threshold-unmet");
}

// ------------------------------------------------------------ rules 55-56

// A reference in an inactive repo is not resolved, but its repo joins the
// owner's repo ids and it is not missing.
TEST_F(EvidenceRules, RepoInactive) {
  l1_evidence()[3]["repo"] = "harbor-1.x";
  EXPECT_FIRES("EVIDENCE-REPO-INACTIVE");
  EXPECT_EQ(tokens("EVIDENCE-REPO-INACTIVE"), (Strings{"lanes[0].evidence[3]"}));
  const auto lane = report()["lanes"][0];
  EXPECT_EQ(lane["evidence_count"], 3);
  EXPECT_EQ(lane["derived_status"], "target-met");
  EXPECT_EQ(lane["repo_ids"], Json::array({"harbor", "harbor-1.x"}));
  EXPECT_EQ(lane["cross_repo"], true);
}

TEST_F(EvidenceRules, KindNotAllowed) {
  l1_evidence()[2]["kind"] = "symlink";
  EXPECT_FIRES("EVIDENCE-KIND-NOT-ALLOWED");
  EXPECT_EQ(tokens("EVIDENCE-KIND-NOT-ALLOWED"), (Strings{"lanes[0].evidence[2]"}));
  EXPECT_EQ(report()["lanes"][0]["evidence_count"], 3);
}

TEST_F(EvidenceRules, KindNotAllowedByANarrowerPolicy) {
  status["evidence_reference_policy"]["allowed_kinds"] = {"file"};
  EXPECT_FIRES("EVIDENCE-KIND-NOT-ALLOWED");
  // L6's web/console is the only dir reference of the example lanes.
  EXPECT_EQ(tokens("EVIDENCE-KIND-NOT-ALLOWED"), (Strings{"lanes[5].evidence[2]"}));
}

// ------------------------------------------------------------ rules 57-58

// An absolute path is reported and never followed, even when the file
// exists: it counts as missing evidence (docs/guarantees.md).
TEST_F(EvidenceRules, AbsolutePathIsReportedAndNotFollowed) {
  l1_evidence().insert(
      l1_evidence().begin(),
      Json{{"repo", "harbor"}, {"path", example_root() + "/README.md"}, {"kind", "file"}});
  EXPECT_FIRES("EVIDENCE-PATH-ABSOLUTE");
  EXPECT_EQ(tokens("EVIDENCE-PATH-ABSOLUTE"), (Strings{"lanes[0].evidence[0]"}));
  EXPECT_EQ(tokens("EVIDENCE-OUTSIDE-REPO"), (Strings{"lanes[0].evidence[0]"}));
  EXPECT_FALSE(fired("EVIDENCE-PATH-UNCLEAN"));
  EXPECT_FALSE(fired("EVIDENCE-MISSING"));
  const auto lane = report()["lanes"][0];
  EXPECT_EQ(lane["evidence_count"], 4);
  EXPECT_EQ(lane["missing_evidence"], Json::array({"harbor:" + example_root() + "/README.md"}));
}

// As the reference reports an absolute path that does not exist: two
// findings at the reference, and missing evidence.
TEST_F(EvidenceRules, AbsolutePathThatDoesNotExistIsMissing) {
  only_l6_ref("/nonexistent-relctl-evidence/console.md", "file");
  EXPECT_FIRES("EVIDENCE-PATH-ABSOLUTE");
  EXPECT_EQ(tokens("EVIDENCE-OUTSIDE-REPO"), (Strings{"lanes[5].evidence[0]"}));
  const auto lane = report()["lanes"][5];
  EXPECT_EQ(lane["missing_evidence"],
            Json::array({"harbor:/nonexistent-relctl-evidence/console.md"}));
  EXPECT_EQ(lane["derived_status"], "evidence-missing");
}

// Unclean paths are reported; those that stay inside are still resolved,
// those with a '..' segment are not followed.
TEST_F(EvidenceRules, UncleanPathsAreReportedAndResolvedOnlyInside) {
  const std::vector<std::pair<std::string, std::string>> inside{
      {"./README.md", "file"},
      {"docs//design/console-onboarding.md", "file"},
      {"docs/design/", "dir"},
      {"docs/./design", "dir"},
  };
  for (const auto& [path, kind] : inside) {
    only_l6_ref(path, kind);
    EXPECT_FIRES("EVIDENCE-PATH-UNCLEAN");
    EXPECT_EQ(tokens("EVIDENCE-PATH-UNCLEAN"), (Strings{"lanes[5].evidence[0]"})) << path;
    EXPECT_FALSE(fired("EVIDENCE-OUTSIDE-REPO")) << path;
    EXPECT_EQ(report()["lanes"][5]["evidence_count"], 1) << path;
  }
  for (const std::string path : {"../harbor/README.md", "docs/../README.md"}) {
    only_l6_ref(path, "file");
    EXPECT_FIRES("EVIDENCE-PATH-UNCLEAN");
    EXPECT_EQ(tokens("EVIDENCE-OUTSIDE-REPO"), (Strings{"lanes[5].evidence[0]"})) << path;
    EXPECT_EQ(report()["lanes"][5]["evidence_count"], 0) << path;
    EXPECT_EQ(report()["lanes"][5]["missing_evidence"], Json::array({"harbor:" + path}));
  }
}

// `..` and `a/..` are clean (POSIX pathlib keeps `..` segments) but leave
// or climb the repository: not followed. `.` is the root itself.
TEST_F(EvidenceRules, DotDotIsCleanButNotFollowed) {
  for (const std::string path : {"..", "docs/.."}) {
    only_l6_ref(path, "dir");
    run();
    EXPECT_FALSE(fired("EVIDENCE-PATH-UNCLEAN")) << path;
    EXPECT_EQ(tokens("EVIDENCE-OUTSIDE-REPO"), (Strings{"lanes[5].evidence[0]"})) << path;
    EXPECT_EQ(report()["lanes"][5]["evidence_count"], 0) << path;
  }
  only_l6_ref(".", "dir");
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
  EXPECT_EQ(report()["lanes"][5]["evidence_count"], 1);
}

// ------------------------------------------------------------ rule 59

// A missing repo root is an error but not missing evidence (§8 quirk 12):
// derived statuses and readiness are unaffected, only evidence_count drops.
TEST_F(EvidenceRules, MissingRepoRootIsNotMissingEvidence) {
  ASSERT_FALSE(sibling_exists()) << "test needs the sibling harbor-pro to be absent";
  run();
  const auto before = report();
  activate_missing_sibling();
  l1_evidence()[3]["repo"] = "harbor-pro";
  EXPECT_FIRES("EVIDENCE-REPO-ROOT-MISSING");
  EXPECT_EQ(tokens("EVIDENCE-REPO-ROOT-MISSING"), (Strings{"lanes[0].evidence[3]"}));
  EXPECT_FALSE(fired("EVIDENCE-MISSING"));
  EXPECT_FALSE(fired("LANE-TARGET-MET-EVIDENCE-MISSING"));
  const auto r = report();
  const auto& lane = r["lanes"][0];
  EXPECT_EQ(lane["derived_status"], "target-met");
  EXPECT_EQ(lane["all_evidence_present"], true);
  EXPECT_EQ(lane["evidence_count"], 3);
  EXPECT_TRUE(lane["missing_evidence"].empty());
  EXPECT_EQ(lane["repo_ids"], Json::array({"harbor", "harbor-pro"}));
  EXPECT_EQ(lane["cross_repo"], true);
  EXPECT_EQ(r["summary"]["lanes_missing_evidence"], 0);
  EXPECT_EQ(r["readiness"]["repo_ready"], before["readiness"]["repo_ready"]);
  EXPECT_EQ(r["summary"]["lane_completion_score"], before["summary"]["lane_completion_score"]);
}

// One finding per reference, even when the root was already looked up.
TEST_F(EvidenceRules, MissingRepoRootReportedPerReference) {
  ASSERT_FALSE(sibling_exists());
  activate_missing_sibling();
  l1_evidence()[3]["repo"] = "harbor-pro";
  auto& gate_ev = status["release_gates"][0]["evidence"];
  gate_ev = Json::array({gate_ev[1], gate_ev[0]});
  gate_ev[1]["repo"] = "harbor-pro";
  EXPECT_FIRES("EVIDENCE-REPO-ROOT-MISSING");
  EXPECT_EQ(tokens("EVIDENCE-REPO-ROOT-MISSING"),
            (Strings{"lanes[0].evidence[3]", "release_gates[0].evidence[1]"}));
}

// Tiers of unverifiable references still count toward a gate's highest tier
// (§8 quirk 13), so the gate stays effectively passed.
TEST_F(EvidenceRules, UnverifiableReferenceTierStillCountsForTheGate) {
  ASSERT_FALSE(sibling_exists());
  activate_missing_sibling();
  auto& ev = status["release_gates"][0]["evidence"];
  ev = Json::array({ev[1], ev[0]});  // the chain test, then the local rehearsal record
  ev[1]["repo"] = "harbor-pro";
  EXPECT_FIRES("EVIDENCE-REPO-ROOT-MISSING");
  EXPECT_EQ(tokens("EVIDENCE-REPO-ROOT-MISSING"), (Strings{"release_gates[0].evidence[1]"}));
  EXPECT_FALSE(fired("EVIDENCE-ORDER"));
  const auto gate = report()["release_gates"][0];
  EXPECT_EQ(gate["effective_status"], "passed");
  EXPECT_EQ(gate["highest_evidence_tier"], "local-rehearsal");
  EXPECT_EQ(gate["evidence_count"], 1);
  EXPECT_EQ(gate["repo_ids"], Json::array({"harbor", "harbor-pro"}));
}

// ------------------------------------------------------------ rules 60-62

TEST_F(EvidenceRules, MissingFileMakesTheLaneEvidenceMissing) {
  auto& ref = l1_evidence()[1];
  const std::string path = ref["path"].get<std::string>() + ".gone";
  ref["path"] = path;
  EXPECT_FIRES("EVIDENCE-MISSING");
  EXPECT_EQ(tokens("EVIDENCE-MISSING"), (Strings{"lanes[0].evidence[1]"}));
  EXPECT_EQ(tokens("LANE-TARGET-MET-EVIDENCE-MISSING"), (Strings{"lanes[0]"}));
  const auto r = report();
  EXPECT_EQ(r["lanes"][0]["derived_status"], "evidence-missing");
  EXPECT_EQ(r["lanes"][0]["all_evidence_present"], false);
  EXPECT_EQ(r["lanes"][0]["evidence_count"], 3);
  EXPECT_EQ(r["lanes"][0]["missing_evidence"], Json::array({"harbor:" + path}));
  EXPECT_EQ(r["summary"]["lanes_missing_evidence"], 1);
}

TEST_F(EvidenceRules, NotAFile) {
  l6_evidence()[2]["kind"] = "file";  // web/console is a directory
  EXPECT_FIRES("EVIDENCE-NOT-FILE");
  EXPECT_EQ(tokens("EVIDENCE-NOT-FILE"), (Strings{"lanes[5].evidence[2]"}));
  EXPECT_FALSE(fired("EVIDENCE-MISSING"));
  const auto lane = report()["lanes"][5];
  EXPECT_EQ(lane["evidence_count"], 2);
  EXPECT_EQ(lane["derived_status"], "behind-target");
  EXPECT_TRUE(lane["missing_evidence"].empty());
}

TEST_F(EvidenceRules, NotADir) {
  l6_evidence()[1]["kind"] = "dir";  // web-console.md is a file
  EXPECT_FIRES("EVIDENCE-NOT-DIR");
  EXPECT_EQ(tokens("EVIDENCE-NOT-DIR"), (Strings{"lanes[5].evidence[1]"}));
  EXPECT_FALSE(fired("EVIDENCE-MISSING"));
  EXPECT_EQ(report()["lanes"][5]["evidence_count"], 2);
}

// ------------------------------------------------------------ rules 63-64

TEST_F(EvidenceRules, Duplicate) {
  auto& ev = l1_evidence();
  ev.insert(ev.begin() + 2, ev[1]);
  EXPECT_FIRES("EVIDENCE-DUPLICATE");
  EXPECT_EQ(tokens("EVIDENCE-DUPLICATE"), (Strings{"lanes[0].evidence"}));
  EXPECT_FALSE(fired("EVIDENCE-ORDER"));  // equal keys tie
}

TEST_F(EvidenceRules, Order) {
  auto& ev = l1_evidence();
  std::swap(ev[1], ev[2]);
  EXPECT_FIRES("EVIDENCE-ORDER");
  EXPECT_EQ(tokens("EVIDENCE-ORDER"), (Strings{"lanes[0].evidence"}));
  EXPECT_FALSE(fired("EVIDENCE-DUPLICATE"));
}

// Same repo and path: the kind decides ("dir" before "file").
TEST_F(EvidenceRules, OrderComparesKindLast) {
  auto& ev = l6_evidence();
  Json dir_ref = ev[1];
  dir_ref["kind"] = "dir";
  ev.insert(ev.begin() + 2, dir_ref);  // file then dir for the same path
  EXPECT_FIRES("EVIDENCE-ORDER");
  EXPECT_EQ(tokens("EVIDENCE-ORDER"), (Strings{"lanes[5].evidence"}));
}

// ------------------------------------------------------------ other owners

TEST_F(EvidenceRules, GateEvidenceMissingOverclosesThePassedGate) {
  auto& ref = status["release_gates"][0]["evidence"][1];
  ref["path"] = ref["path"].get<std::string>() + ".gone";
  EXPECT_FIRES("EVIDENCE-MISSING");
  EXPECT_EQ(tokens("EVIDENCE-MISSING"), (Strings{"release_gates[0].evidence[1]"}));
  const auto r = report();
  EXPECT_EQ(r["release_gates"][0]["effective_status"], "evidence-missing");
  EXPECT_EQ(r["readiness"]["overclosed_release_gates"].size(), 1u);
}

TEST_F(EvidenceRules, AssertionEvidenceMissing) {
  auto& ref = status["readiness_assertions"][0]["evidence"][0];
  ref["path"] = ref["path"].get<std::string>() + ".gone";
  EXPECT_FIRES("EVIDENCE-MISSING");
  EXPECT_EQ(tokens("EVIDENCE-MISSING"), (Strings{"readiness_assertions[0].evidence[0]"}));
  EXPECT_EQ(report()["readiness_assertions"][0]["derived_status"], "evidence-missing");
}

TEST_F(EvidenceRules, CoverageGapEvidence) {
  status["coverage_gaps"][0]["evidence"][0]["kind"] = "symlink";
  EXPECT_FIRES("EVIDENCE-KIND-NOT-ALLOWED");
  EXPECT_EQ(tokens("EVIDENCE-KIND-NOT-ALLOWED"), (Strings{"coverage_gaps[0].evidence[0]"}));
  status["coverage_gaps"][0]["evidence"] = Json::array();
  EXPECT_FIRES("EVIDENCE-LIST");
  EXPECT_EQ(tokens("EVIDENCE-LIST"), (Strings{"coverage_gaps[0]"}));
}

}  // namespace
}  // namespace relctl::test
