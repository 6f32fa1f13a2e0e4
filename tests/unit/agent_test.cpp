// The agent session commands' engine: preflight claim states and errors, and
// the entrypoint's pick surface in both defect modes.
#include <gtest/gtest.h>

#include "relctl/agent/entrypoint.hpp"
#include "relctl/agent/preflight.hpp"
#include "relctl/load/errors.hpp"

namespace relctl::agent {
namespace {

model::ControlPlane plane(const std::string& target_id, const std::string& kind) {
  model::ControlPlane cp;
  cp.active_profile_id = "p";
  cp.active_target_id = target_id;
  model::Profile p;
  p.id = "p";
  p.prerelease_branch = "next";
  p.stable_branch = "stable";
  cp.profiles.push_back(p);
  model::Target t;
  t.id = target_id;
  t.profile_id = "p";
  t.kind = kind;
  cp.targets.push_back(t);
  return cp;
}

TimePoint at(const char* s) { return *parse_rfc3339(s); }

PreflightReport preflight(const model::ControlPlane& cp, const std::string& status,
                          const std::string& branch, const std::string& agent, bool require) {
  const JsonDocument doc = JsonDocument::parse(status, "status.json");
  PreflightInput in{&cp, &doc, branch, agent, require, at("2026-01-01T12:00:00Z")};
  return run_preflight(in);
}

const char* const kClaims = R"({"work_claims": [
  {"id": "a1", "agent_id": "ann", "expires_at": "2026-01-01T13:00:00Z"},
  {"id": "b1", "agent_id": "bob", "expires_at": "2026-01-01T12:00:00Z"},
  {"id": "a2", "agent_id": "ann", "expires_at": "2026-01-01T14:00:00+02:00"},
  {"id": "b2", "agent_id": "bob", "expires_at": "2026-01-01T12:00:00.900Z"}
]})";

TEST(Preflight, SplitsClaimsByExpiryInWholeSeconds) {
  const auto cp = plane("t", "release");
  const auto r = preflight(cp, kClaims, "next", "ann", false);
  // b1 expires exactly now, a2 an hour ago (14:00+02:00), b2 within the
  // current second (fractions are dropped): all expired.
  EXPECT_EQ(r.active_claim_ids, std::vector<std::string>{"a1"});
  EXPECT_EQ(r.agent_active_claim_ids, std::vector<std::string>{"a1"});
  EXPECT_EQ(r.expired_claim_count, 3u);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.expected_branch, "next");
}

TEST(Preflight, ReportsBranchAndClaimCountErrorsTogether) {
  const auto cp = plane("t", "release");
  const auto r = preflight(cp, kClaims, "stable", "bob", true);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].rfind("current branch 'stable'", 0), 0u) << r.errors[0];
  EXPECT_EQ(r.errors[1].rfind("expected agent 'bob'", 0), 0u) << r.errors[1];
  const auto j = preflight_json(r);
  EXPECT_EQ(j["agent_active_claim_count"], 0);
  EXPECT_EQ(j["active_claim_count"], 1);
}

TEST(Preflight, NoClaimsListMeansNoClaims) {
  const auto cp = plane("t", "release");
  const auto r = preflight(cp, "{}", "next", "ann", false);
  EXPECT_TRUE(r.active_claim_ids.empty());
  EXPECT_EQ(r.expired_claim_count, 0u);
}

TEST(Preflight, RefusesClaimsWhoseStateCannotBeTold) {
  const auto cp = plane("t", "release");
  for (const char* bad :
       {R"({"work_claims": {}})", R"({"work_claims": [3]})", R"({"work_claims": [{"id": "x"}]})",
        R"({"work_claims": [{"id": "x", "expires_at": 5}]})",
        R"({"work_claims": [{"id": "x", "expires_at": "2026-01-01T13:00:00"}]})"}) {
    try {
      preflight(cp, bad, "next", "ann", false);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const LoadError& e) {
      EXPECT_EQ(e.file(), "status.json");
      EXPECT_TRUE(e.path().has_value()) << bad;
      EXPECT_GT(e.pos().line, 0u) << bad;
    }
  }
}

TEST(Entrypoint, CandidateQueueOnlyForTheReferenceTargetByDefault) {
  auto j = entrypoint_json(plane("v6-product-lane-expansion", "feature"));
  EXPECT_EQ(j["default_pick_surface"], "available_candidate_lane_queue");
  EXPECT_EQ(j["targeted_lookup_commands"].size(), 12u);
  j = entrypoint_json(plane("my-feature", "feature"));
  EXPECT_EQ(j["default_pick_surface"], "lanes");
  EXPECT_EQ(j["targeted_lookup_commands"].size(), 10u);
}

TEST(Entrypoint, FixedModeUsesTheTargetKind) {
  const EntrypointOptions fixed{true};
  auto j = entrypoint_json(plane("my-feature", "feature"), fixed);
  EXPECT_EQ(j["default_pick_surface"], "available_candidate_lane_queue");
  EXPECT_EQ(j["targeted_lookup_commands"].size(), 12u);
  j = entrypoint_json(plane("v6-product-lane-expansion", "release"), fixed);
  EXPECT_EQ(j["default_pick_surface"], "lanes");
  EXPECT_NE(j["selection_rule"].get<std::string>(), "");
  EXPECT_EQ(j["ordered_files"].size(), 9u);
}

}  // namespace
}  // namespace relctl::agent
