#include "relctl/model/control_plane.hpp"

#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"

namespace relctl::model {
namespace {

// A valid control plane of our own; each test breaks one thing.
Json valid_control_plane() {
  Json profile = {{"id", "p1"},
                  {"lifecycle", "active"},
                  {"root", "docs/release-control/p1"},
                  {"prerelease_branch", "next"},
                  {"stable_branch", "stable"},
                  {"source_of_truth", "docs/release-control/p1/SOURCE.md"},
                  {"status", "docs/release-control/p1/status.json"},
                  {"status_schema", "docs/release-control/p1/status.schema.json"},
                  {"development_protocol", "docs/release-control/p1/PROTOCOL.md"},
                  {"high_risk_matrix", "docs/release-control/p1/RISK.md"},
                  {"subsystems_dir", "docs/release-control/p1/subsystems"},
                  {"registry", "docs/release-control/p1/subsystems/registry.json"},
                  {"registry_schema", "docs/release-control/p1/subsystems/registry.schema.json"},
                  {"subsystem_contract_template", "docs/release-control/p1/TEMPLATE.md"}};
  return {{"version", "1"},
          {"system", "pulse-release-control"},
          {"execution_model", "direct-repo-sessions"},
          {"agent_values_doc", "docs/release-control/internal/AGENT_VALUES.md"},
          {"control_plane_doc", "docs/release-control/internal/CONTROL_PLANE.md"},
          {"control_plane_schema", "docs/release-control/control_plane.schema.json"},
          {"active_profile_id", "p1"},
          {"active_target_id", "t-beta"},
          {"profiles", Json::array({profile})},
          {"targets", Json::array({{{"id", "t-alpha"},
                                    {"profile_id", "p1"},
                                    {"kind", "release"},
                                    {"status", "completed"},
                                    {"summary", "First alpha."},
                                    {"completion_rule", "rc_ready"}},
                                   {{"id", "t-beta"},
                                    {"profile_id", "p1"},
                                    {"kind", "feature"},
                                    {"status", "active"},
                                    {"summary", "Beta features."},
                                    {"completion_rule", "manual"},
                                    {"proof_scope", "none"}}})}};
}

ControlPlane bind_cp(const Json& j) {
  auto doc = JsonDocument::parse(j.dump(2), "control_plane.json");
  return bind_control_plane(doc);
}

LoadError bind_error(const Json& j) {
  try {
    (void)bind_cp(j);
  } catch (const LoadError& e) {
    return e;
  }
  ADD_FAILURE() << "expected the control plane to be refused";
  return LoadError("", "");
}

TEST(ControlPlane, BindsAValidFile) {
  const auto cp = bind_cp(valid_control_plane());
  EXPECT_EQ(cp.active_profile().status, "docs/release-control/p1/status.json");
  EXPECT_EQ(cp.active_target().id, "t-beta");
  EXPECT_EQ(cp.active_target().proof_scope, "none");
  EXPECT_EQ(cp.find_target("t-alpha")->proof_scope, "derived");
}

TEST(ControlPlane, MissingFieldNamesItAndThePlace) {
  auto j = valid_control_plane();
  j.erase("targets");
  const auto e = bind_error(j);
  EXPECT_NE(e.message().find("'targets'"), std::string::npos);
  EXPECT_EQ(e.pos().str(), "1:1");
}

TEST(ControlPlane, WrongTypeGivesPathAndLineCol) {
  auto j = valid_control_plane();
  j["profiles"][0]["status"] = 7;
  const auto e = bind_error(j);
  ASSERT_TRUE(e.path());
  EXPECT_EQ(e.path()->str(), "profiles[0].status");
  EXPECT_TRUE(e.pos().known());
  EXPECT_GT(e.pos().line, 10u);
}

TEST(ControlPlane, ConstantsAreEnforced) {
  auto j = valid_control_plane();
  j["version"] = 1;  // a number, not the string "1"
  EXPECT_EQ(bind_error(j).path()->str(), "version");
}

TEST(ControlPlane, UncleanPathsAreRefused) {
  for (const char* bad :
       {"./docs/x.json", "docs//x.json", "/abs/x.json", "../x.json", "docs/../x.json", "docs/x/"}) {
    auto j = valid_control_plane();
    j["profiles"][0]["status"] = bad;
    EXPECT_EQ(bind_error(j).path()->str(), "profiles[0].status") << bad;
  }
}

TEST(ControlPlane, CleanPathRule) {
  EXPECT_TRUE(is_clean_relative_path("docs/a.json"));
  EXPECT_TRUE(is_clean_relative_path(".."));
  EXPECT_TRUE(is_clean_relative_path("a/.."));
  EXPECT_FALSE(is_clean_relative_path("a/./b"));
  EXPECT_FALSE(is_clean_relative_path(""));
}

TEST(ControlPlane, BranchRule) {
  EXPECT_FALSE(branch_name_problem("main"));
  EXPECT_TRUE(branch_name_problem("refs/heads/main"));
  EXPECT_TRUE(branch_name_problem("main dev"));
  EXPECT_TRUE(branch_name_problem("rel/"));
  EXPECT_TRUE(branch_name_problem(" main"));
  auto j = valid_control_plane();
  j["profiles"][0]["stable_branch"] = "refs/heads/stable";
  EXPECT_EQ(bind_error(j).path()->str(), "profiles[0].stable_branch");
}

TEST(ControlPlane, ActiveTargetMustBeActiveAndOfTheActiveProfile) {
  auto j = valid_control_plane();
  j["active_target_id"] = "t-alpha";
  EXPECT_EQ(bind_error(j).path()->str(), "active_target_id");
  j["active_target_id"] = "t-unknown";
  EXPECT_EQ(bind_error(j).path()->str(), "active_target_id");
}

TEST(ControlPlane, EnumsAndProofScope) {
  auto j = valid_control_plane();
  j["targets"][0]["kind"] = "hotfix";
  EXPECT_EQ(bind_error(j).path()->str(), "targets[0].kind");
  j = valid_control_plane();
  j["targets"][0]["proof_scope"] = "none";  // completion_rule rc_ready
  EXPECT_EQ(bind_error(j).path()->str(), "targets[0].proof_scope");
  j = valid_control_plane();
  j["profiles"][0]["lifecycle"] = "retired";
  EXPECT_EQ(bind_error(j).path()->str(), "active_profile_id");
}

TEST(ControlPlane, DuplicateIdsAreRefused) {
  auto j = valid_control_plane();
  j["targets"].push_back(j["targets"][0]);
  EXPECT_EQ(bind_error(j).path()->str(), "targets[2].id");
}

TEST(ControlPlane, LegacyReleaseLines) {
  auto j = valid_control_plane();
  j["legacy_release_lines"] = Json::array(
      {{{"version_prefix", "5."}, {"prerelease_branch", "r5-rc"}, {"stable_branch", "r5"}}});
  EXPECT_EQ(bind_cp(j).legacy_release_lines.size(), 1u);
  j["legacy_release_lines"].push_back(j["legacy_release_lines"][0]);
  EXPECT_EQ(bind_error(j).path()->str(), "legacy_release_lines[1].version_prefix");
}

}  // namespace
}  // namespace relctl::model
