// Families A-F (src/rules/top_level.cpp): top-level fields, scope, source
// precedence, priority engine, readiness sentences, evidence reference policy.
// Each test breaks the clean example one way (audit-rules.md §4.2-§4.7) and
// checks the rule id and the leading location token of every finding, which
// is what parity with the reference is judged on (the number of findings too).
#include <string>
#include <vector>

#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

using Strings = std::vector<std::string>;

// The leading location token (text before the first space) of each message.
Strings tokens_of(const Strings& messages) {
  Strings out;
  for (const auto& m : messages) out.push_back(m.substr(0, m.find(' ')));
  return out;
}

class TopLevelRules : public RulesFixture {
 protected:
  Strings tokens(const std::string& rule) const { return tokens_of(messages(rule)); }

  // Adds a second active repository (with its catalog entry) so that the
  // scope stays consistent.
  void add_active_repo(const std::string& name) {
    status["scope"]["active_repos"].push_back(name);
    status["scope"]["repo_catalog"].push_back(
        {{"id", name}, {"purpose", "A sibling repository."}, {"visibility", "private"}});
  }
};

// ---------------------------------------------------------------- Family A

TEST_F(TopLevelRules, RequiredFieldMissing) {
  status.erase("updated_at");
  EXPECT_FIRES("TOP-REQUIRED-FIELD");
  EXPECT_EQ(tokens("TOP-REQUIRED-FIELD"), (Strings{"status.json"}));
  EXPECT_EQ(tokens("TOP-UPDATED-AT"), (Strings{"status.json"}));
}

TEST_F(TopLevelRules, RequiredFieldOneFindingPerMissingField) {
  status.erase("lane_followups");
  status.erase("open_decisions");
  EXPECT_FIRES("TOP-REQUIRED-FIELD");
  EXPECT_EQ(tokens("TOP-REQUIRED-FIELD"), (Strings{"status.json", "status.json"}));
}

// §4.2 rule 1: a present null counts as present (the reader rule fires instead).
TEST_F(TopLevelRules, RequiredFieldPresentAsNullCountsAsPresent) {
  status["version"] = nullptr;
  EXPECT_FIRES("TOP-VERSION");
  EXPECT_FALSE(fired("TOP-REQUIRED-FIELD")) << ::testing::PrintToString(fired());
  EXPECT_EQ(tokens("TOP-VERSION"), (Strings{"status.json"}));
}

TEST_F(TopLevelRules, VersionValue) {
  status["version"] = "6.1";
  EXPECT_FIRES("TOP-VERSION");
  EXPECT_EQ(tokens("TOP-VERSION"), (Strings{"status.json"}));
}

// The value is compared unstripped: " 6.0" is STR-valid but not exactly 6.0.
TEST_F(TopLevelRules, VersionIsComparedUnstripped) {
  status["version"] = " 6.0";
  EXPECT_FIRES("TOP-VERSION");
  EXPECT_EQ(tokens("TOP-VERSION"), (Strings{"status.json"}));
}

TEST_F(TopLevelRules, UpdatedAtFormat) {
  status["updated_at"] = "2026/11/21";
  EXPECT_FIRES("TOP-UPDATED-AT");
  EXPECT_EQ(tokens("TOP-UPDATED-AT"), (Strings{"status.json.updated_at"}));
  status["updated_at"] = "2026-11-1";
  EXPECT_FIRES("TOP-UPDATED-AT");
}

// DATE does no calendar validation and tolerates one trailing newline.
TEST_F(TopLevelRules, UpdatedAtHasNoCalendarCheckAndAcceptsATrailingNewline) {
  status["updated_at"] = "2026-99-99";
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
  status["updated_at"] = "2026-11-21\n";
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
  status["updated_at"] = "2026-11-21\n\n";
  EXPECT_FIRES("TOP-UPDATED-AT");
}

TEST_F(TopLevelRules, ExecutionModelValue) {
  status["execution_model"] = "parallel-agents";
  EXPECT_FIRES("TOP-EXECUTION-MODEL");
  EXPECT_EQ(tokens("TOP-EXECUTION-MODEL"), (Strings{"status.json"}));
}

TEST_F(TopLevelRules, ExecutionModelMissing) {
  status["execution_model"] = 3;
  EXPECT_FIRES("TOP-EXECUTION-MODEL");
  EXPECT_EQ(tokens("TOP-EXECUTION-MODEL"), (Strings{"status.json"}));
}

TEST_F(TopLevelRules, SourceOfTruthValue) {
  status["source_of_truth_file"] = "docs/release-control/h1/SOURCE_OF_TRUTH.md";
  EXPECT_FIRES("TOP-SOURCE-OF-TRUTH");
  EXPECT_EQ(tokens("TOP-SOURCE-OF-TRUTH"), (Strings{"status.json"}));
}

TEST_F(TopLevelRules, SourceOfTruthMissing) {
  status["source_of_truth_file"] = "";
  EXPECT_FIRES("TOP-SOURCE-OF-TRUTH");
  EXPECT_EQ(tokens("TOP-SOURCE-OF-TRUTH"), (Strings{"status.json"}));
}

// STR strips Unicode whitespace the way Python's str.strip() does.
TEST_F(TopLevelRules, UnicodeWhitespaceOnlyStringIsMissing) {
  status["priority_engine"]["formula"] = "\u00a0\u3000\u2003";
  EXPECT_FIRES("PRIORITY-FORMULA");
  EXPECT_EQ(tokens("PRIORITY-FORMULA"), (Strings{"priority_engine"}));
}

// U+200B (zero width space) is not whitespace for Python, so the string is valid.
TEST_F(TopLevelRules, ZeroWidthSpaceIsNotWhitespace) {
  status["priority_engine"]["formula"] = "\u200b";
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
}

// ---------------------------------------------------------------- Family B

TEST_F(TopLevelRules, ScopeNotObject) {
  status["scope"] = Json::array();
  EXPECT_FIRES("SCOPE-NOT-OBJECT");
  EXPECT_EQ(tokens("SCOPE-NOT-OBJECT"), (Strings{"status.json"}));
  // Rules 11-25 are skipped.
  EXPECT_FALSE(fired("SCOPE-CATALOG-ACTIVE-MISMATCH"));
  EXPECT_FALSE(fired("SCOPE-ACTIVE-REPOS"));
  // No active repos: every evidence reference is in an inactive repo, which
  // is not missing evidence.
  EXPECT_TRUE(fired("EVIDENCE-REPO-INACTIVE"));
  EXPECT_TRUE(fired("POLICY-LOCAL-REPO-NOT-ACTIVE"));
  EXPECT_FALSE(fired("POLICY-LOCAL-REPO-NOT-CONTROL-PLANE"));
  const auto r = report();
  EXPECT_TRUE(r["scope"]["active_repos"].empty());
  EXPECT_TRUE(r["scope"]["control_plane_repo"].is_null());
  EXPECT_TRUE(r["scope"]["repo_catalog"].empty());
  EXPECT_EQ(r["lanes"][0]["derived_status"], "target-met");
  EXPECT_EQ(r["lanes"][0]["evidence_count"], 0);
}

TEST_F(TopLevelRules, ActiveReposNotAList) {
  status["scope"]["active_repos"] = "harbor";
  EXPECT_FIRES("SCOPE-ACTIVE-REPOS");
  EXPECT_EQ(tokens("SCOPE-ACTIVE-REPOS"), (Strings{"scope"}));
}

// One blank element discards the whole list, with a single finding.
TEST_F(TopLevelRules, ActiveReposBadElementDiscardsTheList) {
  status["scope"]["active_repos"] = {"harbor", " "};
  EXPECT_FIRES("SCOPE-ACTIVE-REPOS");
  EXPECT_EQ(tokens("SCOPE-ACTIVE-REPOS"), (Strings{"scope"}));
  EXPECT_TRUE(report()["scope"]["active_repos"].empty());
}

TEST_F(TopLevelRules, ControlPlaneRepoMissing) {
  status["scope"].erase("control_plane_repo");
  EXPECT_FIRES("SCOPE-CONTROL-PLANE-REPO");
  EXPECT_EQ(tokens("SCOPE-CONTROL-PLANE-REPO"), (Strings{"scope"}));
  EXPECT_FALSE(fired("SCOPE-CONTROL-PLANE-REPO-NOT-ACTIVE"));
  EXPECT_TRUE(report()["scope"]["control_plane_repo"].is_null());
}

TEST_F(TopLevelRules, IgnoredReposNotAList) {
  status["scope"]["ignored_repos"] = {{"harbor-1.x", true}};
  EXPECT_FIRES("SCOPE-IGNORED-REPOS");
  EXPECT_EQ(tokens("SCOPE-IGNORED-REPOS"), (Strings{"scope"}));
}

// A catalog that is not a list counts as complete (no raw elements), so the
// catalog/active comparison runs and fails.
TEST_F(TopLevelRules, RepoCatalogNotAList) {
  status["scope"]["repo_catalog"] = "harbor";
  EXPECT_FIRES("SCOPE-REPO-CATALOG");
  EXPECT_EQ(tokens("SCOPE-REPO-CATALOG"), (Strings{"scope"}));
  EXPECT_EQ(tokens("SCOPE-CATALOG-ACTIVE-MISMATCH"), (Strings{"scope.repo_catalog"}));
}

TEST_F(TopLevelRules, RepoCatalogElementNotObject) {
  status["scope"]["repo_catalog"].push_back(7);
  EXPECT_FIRES("SCOPE-REPO-CATALOG");
  EXPECT_EQ(tokens("SCOPE-REPO-CATALOG"), (Strings{"scope.repo_catalog[1]"}));
  // Not every raw element produced an entry: the comparison is skipped.
  EXPECT_FALSE(fired("SCOPE-CATALOG-ACTIVE-MISMATCH"));
}

TEST_F(TopLevelRules, ActiveReposDuplicate) {
  status["scope"]["active_repos"] = {"harbor", "harbor"};
  EXPECT_FIRES("SCOPE-ACTIVE-REPOS-DUPLICATE");
  EXPECT_EQ(tokens("SCOPE-ACTIVE-REPOS-DUPLICATE"), (Strings{"scope.active_repos"}));
  EXPECT_FALSE(fired("SCOPE-ACTIVE-REPOS-ORDER"));
}

TEST_F(TopLevelRules, ActiveReposOrder) {
  status["scope"]["active_repos"] = {"harbor", "Anchor"};
  EXPECT_FIRES("SCOPE-ACTIVE-REPOS-ORDER");
  EXPECT_EQ(tokens("SCOPE-ACTIVE-REPOS-ORDER"), (Strings{"scope.active_repos"}));
}

TEST_F(TopLevelRules, IgnoredReposDuplicate) {
  status["scope"]["ignored_repos"] = {"harbor-1.x", "harbor-1.x"};
  EXPECT_FIRES("SCOPE-IGNORED-REPOS-DUPLICATE");
  EXPECT_EQ(tokens("SCOPE-IGNORED-REPOS-DUPLICATE"), (Strings{"scope.ignored_repos"}));
}

TEST_F(TopLevelRules, IgnoredReposOrder) {
  status["scope"]["ignored_repos"] = {"harbor-1.x", "anchor"};
  EXPECT_FIRES("SCOPE-IGNORED-REPOS-ORDER");
  EXPECT_EQ(tokens("SCOPE-IGNORED-REPOS-ORDER"), (Strings{"scope.ignored_repos"}));
}

// Fold order: B/b tie, and ties pass in either order; only exact repeats are
// duplicates.
TEST_F(TopLevelRules, FoldOrderTiesPassInEitherOrder) {
  status["scope"]["ignored_repos"] = {"harbor-1.x", "Harbor-1.x"};
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
  status["scope"]["ignored_repos"] = {"Harbor-1.x", "harbor-1.x"};
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
}

// casefold("ß") == "ss": "straße-a" sorts before "strasse-b" (plain order
// would put it after).
TEST_F(TopLevelRules, FoldOrderFoldsSharpS) {
  status["scope"]["ignored_repos"] = {"straße-a", "strasse-b"};
  run();
  EXPECT_FALSE(fired("SCOPE-IGNORED-REPOS-ORDER")) << ::testing::PrintToString(fired());
  status["scope"]["ignored_repos"] = {"strasse-b", "straße-a"};
  EXPECT_FIRES("SCOPE-IGNORED-REPOS-ORDER");
}

// Fold order is Python str.casefold(), full Unicode case folding
// (audit-rules.md "Orders"): "Б"/"б", "Σ"/"σ"/"ς" fold to one key, so both
// orders tie and pass.
TEST_F(TopLevelRules, FoldOrderFoldsCyrillicAndGreek) {
  auto& ignored = status["scope"]["ignored_repos"];
  for (const Json& list :
       {Json{"harbor-1.x", "б-mirror", "Б-mirror"}, Json{"harbor-1.x", "Б-mirror", "б-mirror"},
        Json{"harbor-1.x", "σ-mirror", "Σ-mirror", "ς-mirror"}}) {
    ignored = list;
    run();
    EXPECT_FALSE(fired("SCOPE-IGNORED-REPOS-ORDER")) << list.dump();
  }
  ignored = {"harbor-1.x", "б-mirror", "a-mirror"};
  EXPECT_FIRES("SCOPE-IGNORED-REPOS-ORDER");
}

// SPEC DISAGREEMENT (audit-rules.md "Orders": fold order is Python
// str.casefold(), full Unicode case folding). casefold("µ") (U+00B5, micro
// sign) == "μ" == casefold("Μ"), and casefold("ſ") (U+017F, long s) == "s".
// relctl lower-cases with towlower, which leaves both unchanged.
TEST_F(TopLevelRules, SpecDisagreement_FoldOrderFoldsMicroSignAndLongS) {
  auto& ignored = status["scope"]["ignored_repos"];
  ignored = {"harbor-1.x", "Μ-mirror", "µ-mirror"};  // tie in Python
  run();
  EXPECT_FALSE(fired("SCOPE-IGNORED-REPOS-ORDER")) << ::testing::PrintToString(fired());
  ignored = {"harbor-1.x", "ſ-a", "s-b"};  // "s-a" < "s-b" in Python
  run();
  EXPECT_FALSE(fired("SCOPE-IGNORED-REPOS-ORDER")) << ::testing::PrintToString(fired());
}

TEST_F(TopLevelRules, ControlPlaneRepoNotActive) {
  status["scope"]["control_plane_repo"] = "harbor-pro";
  EXPECT_FIRES("SCOPE-CONTROL-PLANE-REPO-NOT-ACTIVE");
  EXPECT_EQ(tokens("SCOPE-CONTROL-PLANE-REPO-NOT-ACTIVE"), (Strings{"scope.control_plane_repo"}));
  EXPECT_EQ(tokens("POLICY-LOCAL-REPO-NOT-CONTROL-PLANE"), (Strings{"status.json"}));
}

TEST_F(TopLevelRules, CatalogEntryFieldMissing) {
  status["scope"]["repo_catalog"][0].erase("purpose");
  EXPECT_FIRES("SCOPE-CATALOG-FIELD");
  EXPECT_EQ(tokens("SCOPE-CATALOG-FIELD"), (Strings{"scope.repo_catalog[0]"}));
  // The entry is left out, so the catalog/active comparison is skipped.
  EXPECT_FALSE(fired("SCOPE-CATALOG-ACTIVE-MISMATCH"));
  EXPECT_TRUE(report()["scope"]["repo_catalog"].empty());
}

TEST_F(TopLevelRules, CatalogEntryFieldsMissingOneFindingEach) {
  status["scope"]["repo_catalog"][0] = Json::object();
  EXPECT_FIRES("SCOPE-CATALOG-FIELD");
  EXPECT_EQ(tokens("SCOPE-CATALOG-FIELD"),
            (Strings{"scope.repo_catalog[0]", "scope.repo_catalog[0]", "scope.repo_catalog[0]"}));
}

TEST_F(TopLevelRules, CatalogDuplicateId) {
  status["scope"]["repo_catalog"].push_back(status["scope"]["repo_catalog"][0]);
  EXPECT_FIRES("SCOPE-CATALOG-DUPLICATE-ID");
  EXPECT_EQ(tokens("SCOPE-CATALOG-DUPLICATE-ID"), (Strings{"scope.repo_catalog[1]"}));
}

TEST_F(TopLevelRules, CatalogVisibility) {
  status["scope"]["repo_catalog"][0]["visibility"] = "internal";
  EXPECT_FIRES("SCOPE-CATALOG-VISIBILITY");
  EXPECT_EQ(tokens("SCOPE-CATALOG-VISIBILITY"), (Strings{"scope.repo_catalog[0]"}));
  // The entry is kept with its raw visibility and still matches active_repos.
  EXPECT_FALSE(fired("SCOPE-CATALOG-ACTIVE-MISMATCH"));
  EXPECT_EQ(report()["scope"]["repo_catalog"][0]["visibility"], "internal");
}

TEST_F(TopLevelRules, CatalogOrder) {
  status["scope"]["repo_catalog"].push_back(
      {{"id", "anchor"}, {"purpose", "x"}, {"visibility", "public"}});
  EXPECT_FIRES("SCOPE-CATALOG-ORDER");
  EXPECT_EQ(tokens("SCOPE-CATALOG-ORDER"), (Strings{"scope.repo_catalog"}));
}

TEST_F(TopLevelRules, CatalogActiveMismatch) {
  status["scope"]["active_repos"].push_back("harbor-pro");
  EXPECT_FIRES("SCOPE-CATALOG-ACTIVE-MISMATCH");
  EXPECT_EQ(tokens("SCOPE-CATALOG-ACTIVE-MISMATCH"), (Strings{"scope.repo_catalog"}));
  // With the catalog entry added the scope is consistent again.
  status["scope"]["repo_catalog"].push_back(
      {{"id", "harbor-pro"}, {"purpose", "x"}, {"visibility", "private"}});
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
}

// One finding however many repos overlap.
TEST_F(TopLevelRules, ActiveIgnoredOverlapReportedOnce) {
  add_active_repo("harbor-pro");
  status["scope"]["ignored_repos"] = {"harbor", "harbor-pro"};
  EXPECT_FIRES("SCOPE-ACTIVE-IGNORED-OVERLAP");
  EXPECT_EQ(tokens("SCOPE-ACTIVE-IGNORED-OVERLAP"), (Strings{"status.json"}));
}

// ---------------------------------------------------------------- Family C

// A shape failure reads the list as [], which then also differs from the
// profile's paths: two findings.
TEST_F(TopLevelRules, PrecedenceShape) {
  status["source_precedence"] = "docs/release-control/h2/SOURCE_OF_TRUTH.md";
  EXPECT_FIRES("PRECEDENCE");
  EXPECT_EQ(tokens("PRECEDENCE"), (Strings{"status.json", "status.json"}));
}

TEST_F(TopLevelRules, PrecedenceValue) {
  auto& p = status["source_precedence"];
  std::swap(p[0], p[1]);
  EXPECT_FIRES("PRECEDENCE");
  EXPECT_EQ(tokens("PRECEDENCE"), (Strings{"status.json"}));
}

// ---------------------------------------------------------------- Family D

TEST_F(TopLevelRules, PriorityEngineNotObject) {
  status["priority_engine"] = "gap first";
  EXPECT_FIRES("PRIORITY-NOT-OBJECT");
  EXPECT_EQ(tokens("PRIORITY-NOT-OBJECT"), (Strings{"status.json"}));
  EXPECT_FALSE(fired("PRIORITY-FORMULA"));
  EXPECT_FALSE(fired("PRIORITY-FLOOR-RULE"));
  EXPECT_FALSE(fired("PRIORITY-WEIGHTS"));
}

TEST_F(TopLevelRules, PriorityFormulaMissing) {
  status["priority_engine"].erase("formula");
  EXPECT_FIRES("PRIORITY-FORMULA");
  EXPECT_EQ(tokens("PRIORITY-FORMULA"), (Strings{"priority_engine"}));
}

TEST_F(TopLevelRules, FloorRuleNotObject) {
  status["priority_engine"]["floor_rule"] = Json::array();
  EXPECT_FIRES("PRIORITY-FLOOR-RULE");
  EXPECT_EQ(tokens("PRIORITY-FLOOR-RULE"), (Strings{"priority_engine"}));
  EXPECT_FALSE(fired("PRIORITY-CRITICAL-LANES"));
  EXPECT_FALSE(fired("PRIORITY-MINIMUM-SCORE"));
}

TEST_F(TopLevelRules, CriticalLanesShape) {
  status["priority_engine"]["floor_rule"]["release_critical_lanes"] = "L1";
  EXPECT_FIRES("PRIORITY-CRITICAL-LANES");
  EXPECT_EQ(tokens("PRIORITY-CRITICAL-LANES"), (Strings{"priority_engine.floor_rule"}));
}

TEST_F(TopLevelRules, CriticalLanesDuplicate) {
  status["priority_engine"]["floor_rule"]["release_critical_lanes"] = {"L1", "L1", "L2", "L4"};
  EXPECT_FIRES("PRIORITY-CRITICAL-LANES-DUPLICATE");
  EXPECT_EQ(tokens("PRIORITY-CRITICAL-LANES-DUPLICATE"),
            (Strings{"priority_engine.floor_rule.release_critical_lanes"}));
  EXPECT_FALSE(fired("PRIORITY-CRITICAL-LANES-ORDER"));
}

TEST_F(TopLevelRules, CriticalLanesOrder) {
  status["priority_engine"]["floor_rule"]["release_critical_lanes"] = {"L1", "L4", "L2"};
  EXPECT_FIRES("PRIORITY-CRITICAL-LANES-ORDER");
  EXPECT_EQ(tokens("PRIORITY-CRITICAL-LANES-ORDER"),
            (Strings{"priority_engine.floor_rule.release_critical_lanes"}));
}

// Lane order is numeric (L2 < L10), ties broken by plain order (L01 < L1),
// non-L<n> ids last.
TEST_F(TopLevelRules, CriticalLanesUseLaneOrder) {
  auto& lanes = status["priority_engine"]["floor_rule"]["release_critical_lanes"];
  lanes = {"L1", "L2", "L4", "L10"};
  run();
  EXPECT_FALSE(fired("PRIORITY-CRITICAL-LANES-ORDER")) << ::testing::PrintToString(fired());
  lanes = {"L01", "L1", "L2", "L4"};
  run();
  EXPECT_FALSE(fired("PRIORITY-CRITICAL-LANES-ORDER")) << ::testing::PrintToString(fired());
  lanes = {"L1", "L2", "L4", "Lx"};
  run();
  EXPECT_FALSE(fired("PRIORITY-CRITICAL-LANES-ORDER")) << ::testing::PrintToString(fired());
  // Arbitrary precision, and re.match's `$` lets "L3\n" count as lane 3.
  lanes = {"L1", "L2", "L3\n", "L4", "L99999999999999999999"};
  run();
  EXPECT_FALSE(fired("PRIORITY-CRITICAL-LANES-ORDER")) << ::testing::PrintToString(fired());
  lanes = {"L1", "L99999999999999999999", "L100000000000000000000"};
  run();
  EXPECT_FALSE(fired("PRIORITY-CRITICAL-LANES-ORDER")) << ::testing::PrintToString(fired());
  lanes = {"L1", "L100000000000000000000", "L99999999999999999999"};
  EXPECT_FIRES("PRIORITY-CRITICAL-LANES-ORDER");
  lanes = {"L1", "L10", "L2", "L4"};
  EXPECT_FIRES("PRIORITY-CRITICAL-LANES-ORDER");
  lanes = {"L1", "L01", "L2", "L4"};
  EXPECT_FIRES("PRIORITY-CRITICAL-LANES-ORDER");
  lanes = {"Lx", "L1", "L2", "L4"};
  EXPECT_FIRES("PRIORITY-CRITICAL-LANES-ORDER");
}

TEST_F(TopLevelRules, MinimumScoreNotNumeric) {
  status["priority_engine"]["floor_rule"]["minimum_score"] = "7";
  EXPECT_FIRES("PRIORITY-MINIMUM-SCORE");
  EXPECT_EQ(tokens("PRIORITY-MINIMUM-SCORE"), (Strings{"priority_engine.floor_rule"}));
}

// NUM accepts JSON booleans.
TEST_F(TopLevelRules, NumericReaderAcceptsBooleans) {
  status["priority_engine"]["floor_rule"]["minimum_score"] = true;
  status["priority_engine"]["weights"]["gap_multiplier"] = false;
  run();
  EXPECT_TRUE(fired().empty()) << ::testing::PrintToString(fired());
}

TEST_F(TopLevelRules, WeightsNotObject) {
  status["priority_engine"]["weights"] = 3;
  EXPECT_FIRES("PRIORITY-WEIGHTS");
  EXPECT_EQ(tokens("PRIORITY-WEIGHTS"), (Strings{"priority_engine"}));
  EXPECT_FALSE(fired("PRIORITY-WEIGHT-NUMERIC"));
  EXPECT_FALSE(fired("PRIORITY-WEIGHT-RANGE"));
}

TEST_F(TopLevelRules, WeightNumeric) {
  status["priority_engine"]["weights"]["gap_multiplier"] = "3";
  status["priority_engine"]["weights"].erase("blocker_bonus");
  EXPECT_FIRES("PRIORITY-WEIGHT-NUMERIC");
  EXPECT_EQ(tokens("PRIORITY-WEIGHT-NUMERIC"),
            (Strings{"priority_engine.weights", "priority_engine.weights"}));
}

TEST_F(TopLevelRules, WeightRangeMissing) {
  status["priority_engine"]["weights"].erase("criticality_range");
  status["priority_engine"]["weights"]["dependency_range"] = " ";
  EXPECT_FIRES("PRIORITY-WEIGHT-RANGE");
  EXPECT_EQ(tokens("PRIORITY-WEIGHT-RANGE"),
            (Strings{"priority_engine.weights", "priority_engine.weights"}));
}

// ---------------------------------------------------------------- Family E

TEST_F(TopLevelRules, ReadinessNotObject) {
  status["readiness"] = nullptr;
  EXPECT_FIRES("READINESS-NOT-OBJECT");
  EXPECT_EQ(tokens("READINESS-NOT-OBJECT"), (Strings{"status.json"}));
  EXPECT_FALSE(fired("TOP-REQUIRED-FIELD"));  // null is present
  const auto r = report();
  EXPECT_TRUE(r["readiness"]["repo_ready_rule"].is_null());
  EXPECT_TRUE(r["readiness"]["release_ready_rule"].is_null());
}

TEST_F(TopLevelRules, ReadinessRuleMissing) {
  status["readiness"].erase("rc_ready_rule");
  EXPECT_FIRES("READINESS-RULE-MISSING");
  EXPECT_EQ(tokens("READINESS-RULE-MISSING"), (Strings{"readiness"}));
  EXPECT_FALSE(fired("READINESS-RULE-VALUE"));
  EXPECT_TRUE(report()["readiness"]["rc_ready_rule"].is_null());
}

TEST_F(TopLevelRules, ReadinessRuleValueIsEchoed) {
  const std::string wrong = "all lanes target-met";
  status["readiness"]["repo_ready_rule"] = wrong;
  EXPECT_FIRES("READINESS-RULE-VALUE");
  EXPECT_EQ(tokens("READINESS-RULE-VALUE"), (Strings{"status.json"}));
  EXPECT_EQ(report()["readiness"]["repo_ready_rule"], wrong);
}

// ---------------------------------------------------------------- Family F

TEST_F(TopLevelRules, PolicyNotObject) {
  status["evidence_reference_policy"] = Json::array();
  EXPECT_FIRES("POLICY-NOT-OBJECT");
  EXPECT_EQ(tokens("POLICY-NOT-OBJECT"), (Strings{"status.json"}));
  EXPECT_FALSE(fired("POLICY-FORMAT"));
  // No allowed kinds: every reference in an active repo is refused, which
  // does not make evidence missing.
  EXPECT_TRUE(fired("EVIDENCE-KIND-NOT-ALLOWED"));
  EXPECT_FALSE(fired("EVIDENCE-MISSING"));
  EXPECT_EQ(report()["lanes"][0]["derived_status"], "target-met");
}

TEST_F(TopLevelRules, PolicyFormatMissing) {
  status["evidence_reference_policy"].erase("format");
  EXPECT_FIRES("POLICY-FORMAT");
  EXPECT_EQ(tokens("POLICY-FORMAT"), (Strings{"evidence_reference_policy"}));
}

TEST_F(TopLevelRules, PolicyFormatValue) {
  status["evidence_reference_policy"]["format"] = "absolute-paths";
  EXPECT_FIRES("POLICY-FORMAT");
  EXPECT_EQ(tokens("POLICY-FORMAT"), (Strings{"status.json"}));
}

TEST_F(TopLevelRules, PolicyLocalRepoMissing) {
  status["evidence_reference_policy"]["local_repo"] = "";
  EXPECT_FIRES("POLICY-LOCAL-REPO");
  EXPECT_EQ(tokens("POLICY-LOCAL-REPO"), (Strings{"evidence_reference_policy"}));
  EXPECT_FALSE(fired("POLICY-LOCAL-REPO-NOT-ACTIVE"));
  EXPECT_FALSE(fired("POLICY-LOCAL-REPO-NOT-CONTROL-PLANE"));
}

// BOOL accepts only true/false (unlike NUM, it does not convert).
TEST_F(TopLevelRules, AbsoluteFlagNotBool) {
  status["evidence_reference_policy"]["absolute_paths_forbidden"] = 1;
  EXPECT_FIRES("POLICY-ABSOLUTE-FLAG");
  EXPECT_EQ(tokens("POLICY-ABSOLUTE-FLAG"), (Strings{"evidence_reference_policy"}));
}

TEST_F(TopLevelRules, AbsoluteFlagFalse) {
  status["evidence_reference_policy"]["absolute_paths_forbidden"] = false;
  EXPECT_FIRES("POLICY-ABSOLUTE-FLAG");
  EXPECT_EQ(tokens("POLICY-ABSOLUTE-FLAG"), (Strings{"status.json"}));
}

TEST_F(TopLevelRules, AllowedKindsShape) {
  status["evidence_reference_policy"]["allowed_kinds"] = "file";
  EXPECT_FIRES("POLICY-ALLOWED-KINDS");
  EXPECT_EQ(tokens("POLICY-ALLOWED-KINDS"), (Strings{"evidence_reference_policy"}));
  EXPECT_TRUE(fired("EVIDENCE-KIND-NOT-ALLOWED"));
}

TEST_F(TopLevelRules, LocalRepoNotActive) {
  status["evidence_reference_policy"]["local_repo"] = "harbor-pro";
  EXPECT_FIRES("POLICY-LOCAL-REPO-NOT-ACTIVE");
  EXPECT_EQ(tokens("POLICY-LOCAL-REPO-NOT-ACTIVE"), (Strings{"status.json"}));
  EXPECT_EQ(tokens("POLICY-LOCAL-REPO-NOT-CONTROL-PLANE"), (Strings{"status.json"}));
}

TEST_F(TopLevelRules, LocalRepoNotControlPlane) {
  add_active_repo("harbor-pro");
  status["evidence_reference_policy"]["local_repo"] = "harbor-pro";
  EXPECT_FIRES("POLICY-LOCAL-REPO-NOT-CONTROL-PLANE");
  EXPECT_EQ(tokens("POLICY-LOCAL-REPO-NOT-CONTROL-PLANE"), (Strings{"status.json"}));
  EXPECT_FALSE(fired("POLICY-LOCAL-REPO-NOT-ACTIVE"));
}

}  // namespace
}  // namespace relctl::test
