// The claim rules (src/claim/engine.cpp) on hand-written status documents.
// Expected timestamps and bytes were computed with python3 (datetime,
// json.dumps) when the tests were written.
#include "relctl/claim/engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"

namespace relctl::claim {
namespace {

TimePoint at(const char* s) { return *parse_rfc3339(s); }

model::ControlPlane control_plane() {
  model::ControlPlane cp;
  cp.active_profile_id = "p1";
  cp.active_target_id = "t1";
  auto target = [](const char* id, const char* profile, const char* status) {
    model::Target t;
    t.id = id;
    t.profile_id = profile;
    t.status = status;
    return t;
  };
  cp.targets = {target("t1", "p1", "active"), target("t2", "p1", "planned"),
                target("t3", "p1", "completed"), target("t4", "p2", "active")};
  return cp;
}

const char* const kStatus = R"({
  "version": "6.0",
  "lanes": [{"id": "L1"}, {"id": "L2"}, {"id": "L3"}, {"id": "L16"}],
  "lane_followups": [{"id": "f1", "lane_ids": ["L1"]}],
  "readiness_assertions": [{"id": "RA1", "lane_ids": ["L2", "L16", 7]}],
  "release_gates": [{"id": "g1", "lane_ids": ["L2"]}],
  "open_decisions": [{"id": "d1", "lane_ids": ["L3"]}],
  "coverage_gaps": [{"id": "gap1", "lane_ids": ["L1"]}, {"id": "gap2", "lane_ids": []}],
  "candidate_lanes": [
    {"id": "cand1", "current_lane_ids": ["L1"], "coverage_gap_ids": ["gap1"], "target_id": "t2"},
    {"id": "cand2", "current_lane_ids": [], "coverage_gap_ids": ["gap2"], "target_id": " "}],
  "work_claims": []
})";

class ClaimEngine : public ::testing::Test {
 protected:
  void SetUp() override {
    cp = control_plane();
    policy.control_plane = &cp;
    policy.status_path = "docs/status.json";
    policy.valid_kinds = {"lane",           "lane-followup",       "coverage-gap",
                          "candidate-lane", "readiness-assertion", "release-gate",
                          "open-decision"};
  }
  // kStatus with `claims` as its work_claims.
  static JsonDocument doc_with(const std::string& claims) {
    std::string text = kStatus;
    const auto p = text.find("\"work_claims\": []");
    text.replace(p, 17, "\"work_claims\": " + claims);
    return JsonDocument::parse(text, "docs/status.json");
  }
  static std::string stored(const char* agent, const char* kind, const char* id,
                            const char* claimed, const char* expires, const char* target = "t1") {
    return fmt::format(
        R"({{"id": "{}-{}-{}", "agent_id": "{}", "summary": "s", "target_id": "{}",
            "claimed_at": "{}", "heartbeat_at": "{}", "expires_at": "{}",
            "work_item": {{"kind": "{}", "id": "{}"}}}})",
        agent, kind, id, agent, target, claimed, claimed, expires, kind, id);
  }
  static ClaimRequest req(const char* kind, const char* id, const char* agent = "a") {
    ClaimRequest r;
    r.kind = kind;
    r.work_id = id;
    r.agent_id = agent;
    r.summary = "work";
    return r;
  }
  Refusal::Kind refused(const JsonDocument& d, const ClaimRequest& r,
                        const char* now = "2026-08-22T14:52:27Z") {
    try {
      plan_claim(d, r, policy, at(now));
    } catch (const Refusal& e) {
      last_message = e.what();
      return e.kind();
    }
    ADD_FAILURE() << "not refused";
    return Refusal::Kind::kInvalid;
  }
  model::ControlPlane cp;
  Policy policy;
  std::string last_message;
};

TEST_F(ClaimEngine, NewClaimHasTheReferenceShape) {
  const auto d = doc_with("[]");
  const Plan p = plan_claim(d, req("lane", "L1", "Agent-A"), policy, at("2026-08-22T14:52:27.9Z"));
  EXPECT_EQ(p.action, "claimed");
  ASSERT_TRUE(p.claim);
  std::vector<std::string> keys;
  for (auto it = p.claim->begin(); it != p.claim->end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "agent_id", "summary", "target_id", "claimed_at",
                                            "heartbeat_at", "expires_at", "work_item"}));
  EXPECT_EQ((*p.claim)["id"], "agent-a-lane-l1");
  EXPECT_EQ((*p.claim)["target_id"], "t1");
  EXPECT_EQ((*p.claim)["claimed_at"], "2026-08-22T14:52:27Z");  // fraction dropped
  EXPECT_EQ((*p.claim)["heartbeat_at"], "2026-08-22T14:52:27Z");
  EXPECT_EQ((*p.claim)["expires_at"], "2026-08-22T16:52:27Z");
  EXPECT_EQ((*p.claim)["work_item"], Json::parse(R"({"kind": "lane", "id": "L1"})"));
  ASSERT_EQ(p.work_claims.size(), 1u);
  EXPECT_FALSE(p.work_claims[0].origin);
}

TEST_F(ClaimEngine, RenewKeepsTheStoredClaimAndItsKeyOrder) {
  const auto d = doc_with(
      R"([{"id": "x", "agent_id": "a", "target_id": "t1", "extra": 1, "claimed_at": "2026-08-22T14:00:00Z",
           "summary": "old", "expires_at": "2026-08-22T15:00:00Z", "work_item": {"kind": "lane", "id": "L1"}}])");
  ClaimRequest r = req("lane", "L1");
  r.summary = "new summary";
  r.ttl_hours = 0.5;
  const Plan p = plan_claim(d, r, policy, at("2026-08-22T14:52:27Z"));
  EXPECT_EQ(p.action, "renewed");
  EXPECT_TRUE(p.replaced.empty());
  std::vector<std::string> keys;
  for (auto it = p.claim->begin(); it != p.claim->end(); ++it) keys.push_back(it.key());
  // heartbeat_at did not exist: appended at the end.
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "agent_id", "target_id", "extra", "claimed_at",
                                            "summary", "expires_at", "work_item", "heartbeat_at"}));
  EXPECT_EQ((*p.claim)["id"], "x");
  EXPECT_EQ((*p.claim)["claimed_at"], "2026-08-22T14:00:00Z");
  EXPECT_EQ((*p.claim)["summary"], "new summary");
  EXPECT_EQ((*p.claim)["heartbeat_at"], "2026-08-22T14:52:27Z");
  EXPECT_EQ((*p.claim)["expires_at"], "2026-08-22T15:22:27Z");
  ASSERT_EQ(p.work_claims.size(), 1u);
  EXPECT_EQ(p.work_claims[0].origin, 0u);
  EXPECT_TRUE(p.work_claims[0].renewed);
}

TEST_F(ClaimEngine, NewClaimReplacesTheAgentsClaimsAndPrunesExpiredOnes) {
  const auto d = doc_with(
      "[" + stored("a", "lane", "L1", "2026-08-22T14:00:00Z", "2026-08-22T16:00:00Z") + "," +
      stored("z", "lane", "L3", "2026-08-22T08:00:00Z",
             "2026-08-22T14:52:27Z") +  // expires exactly now: expired
      "," +
      stored("b", "lane", "L2", "2026-08-22T14:10:00Z", "2026-08-22T16:10:00Z") + "]");
  const Plan p = plan_claim(d, req("candidate-lane", "cand1"), policy, at("2026-08-22T14:52:27Z"));
  EXPECT_EQ(p.action, "claimed");
  ASSERT_EQ(p.replaced.size(), 1u);
  EXPECT_EQ(p.replaced[0]["id"], "a-lane-L1");
  ASSERT_EQ(p.pruned.size(), 1u);
  EXPECT_EQ(p.pruned[0]["agent_id"], "z");
  // A candidate lane is claimed for its own target.
  EXPECT_EQ((*p.claim)["target_id"], "t2");
  ASSERT_EQ(p.work_claims.size(), 2u);
  EXPECT_EQ(p.work_claims[0].value["agent_id"], "b");
  EXPECT_EQ(p.work_claims[1].value["agent_id"], "a");
}

// A claim is replaced or renewed as itself, not by its id: another claim
// that shares the id stays (the reference drops it without reporting it;
// found by fuzz/claim.cpp, docs/guarantees.md).
TEST_F(ClaimEngine, AClaimSharingAnIdWithAReplacedOrRenewedOneIsKept) {
  const std::string mine =
      R"({"id": "dup", "agent_id": "a", "summary": "s", "target_id": "t1",
          "claimed_at": "2026-08-22T14:00:00Z", "heartbeat_at": "2026-08-22T14:00:00Z",
          "expires_at": "2026-08-22T16:00:00Z", "work_item": {"kind": "lane", "id": "L1"}})";
  const std::string other =
      R"({"id": "dup", "agent_id": "b", "summary": "s", "target_id": "t1",
          "claimed_at": "2026-08-22T14:00:00Z", "heartbeat_at": "2026-08-22T14:00:00Z",
          "expires_at": "2026-08-22T16:00:00Z", "work_item": {"kind": "lane", "id": "L2"}})";
  const std::string agentless =
      R"({"id": "dup", "summary": "s", "target_id": "t1",
          "claimed_at": "2026-08-22T14:00:00Z", "heartbeat_at": "2026-08-22T14:00:00Z",
          "expires_at": "2026-08-22T16:00:00Z", "work_item": {"kind": "lane", "id": "L2"}})";
  const auto now = at("2026-08-22T14:52:27Z");
  auto kept_agents = [](const Plan& p) {
    std::vector<std::string> agents;
    for (const auto& c : p.work_claims) agents.push_back(c.value.value("agent_id", "-"));
    std::sort(agents.begin(), agents.end());
    return agents;
  };
  {
    // a's "dup" is replaced by a new claim; b's "dup" stays.
    const auto d = doc_with("[" + mine + "," + other + "]");
    const Plan p = plan_claim(d, req("lane", "L3"), policy, now);
    EXPECT_EQ(p.action, "claimed");
    ASSERT_EQ(p.replaced.size(), 1u);
    EXPECT_EQ(p.replaced[0]["agent_id"], "a");
    EXPECT_EQ(kept_agents(p), (std::vector<std::string>{"a", "b"}));
  }
  {
    // a's "dup" is renewed; the claim without an agent that shares its id stays.
    const auto d = doc_with("[" + mine + "," + agentless + "]");
    const Plan p = plan_claim(d, req("lane", "L1"), policy, now);
    EXPECT_EQ(p.action, "renewed");
    EXPECT_EQ(kept_agents(p), (std::vector<std::string>{"-", "a"}));
  }
}

TEST_F(ClaimEngine, AnotherAgentsClaimOnTheSameItemIsAConflictNamingHolderAndExpiry) {
  const auto d = doc_with(
      "[" + stored("b", "lane", "L1", "2026-08-22T14:00:00Z", "2026-08-22T16:00:00Z") + "]");
  EXPECT_EQ(refused(d, req("lane", "L1")), Refusal::Kind::kConflict);
  EXPECT_NE(last_message.find("'b-lane-L1'"), std::string::npos) << last_message;
  EXPECT_NE(last_message.find("agent 'b'"), std::string::npos) << last_message;
  EXPECT_NE(last_message.find("2026-08-22T16:00:00Z"), std::string::npos) << last_message;
  EXPECT_NE(last_message.find("lane:L1"), std::string::npos) << last_message;
  // Once it has expired the item is free again.
  EXPECT_EQ(plan_claim(d, req("lane", "L1"), policy, at("2026-08-22T16:00:00Z")).action, "claimed");
}

TEST_F(ClaimEngine, LaneAndNarrowWorkInsideItExcludeEachOther) {
  const auto lane_held = doc_with(
      "[" + stored("b", "lane", "L2", "2026-08-22T14:00:00Z", "2026-08-22T16:00:00Z") + "]");
  EXPECT_EQ(refused(lane_held, req("release-gate", "g1")), Refusal::Kind::kConflict);
  EXPECT_NE(last_message.find("the whole lane L2"), std::string::npos) << last_message;
  // RA1 works in L2 and L16: one line per shared lane.
  EXPECT_EQ(refused(lane_held, req("readiness-assertion", "RA1")), Refusal::Kind::kConflict);
  const auto narrow_held = doc_with(
      "[" +
      stored("b", "readiness-assertion", "RA1", "2026-08-22T14:00:00Z", "2026-08-22T16:00:00Z") +
      "]");
  EXPECT_EQ(refused(narrow_held, req("lane", "L16")), Refusal::Kind::kConflict);
  EXPECT_NE(last_message.find("narrower work inside lane L16"), std::string::npos);
  // Two narrow items on one lane, or two lanes, coexist.
  EXPECT_EQ(
      plan_claim(narrow_held, req("release-gate", "g1"), policy, at("2026-08-22T14:52:27Z")).action,
      "claimed");
  EXPECT_EQ(plan_claim(narrow_held, req("lane", "L1"), policy, at("2026-08-22T14:52:27Z")).action,
            "claimed");
}

TEST_F(ClaimEngine, CandidateLaneAndItsGapExcludeEachOther) {
  const auto gap_held = doc_with(
      "[" + stored("b", "coverage-gap", "gap1", "2026-08-22T14:00:00Z", "2026-08-22T16:00:00Z") +
      "]");
  EXPECT_EQ(refused(gap_held, req("candidate-lane", "cand1")), Refusal::Kind::kConflict);
  const auto cand_held = doc_with(
      "[" +
      stored("b", "candidate-lane", "cand1", "2026-08-22T14:00:00Z", "2026-08-22T16:00:00Z", "t2") +
      "]");
  EXPECT_EQ(refused(cand_held, req("coverage-gap", "gap1")), Refusal::Kind::kConflict);
  // A lane claim next to a candidate lane on it is allowed.
  EXPECT_EQ(plan_claim(cand_held, req("lane", "L1"), policy, at("2026-08-22T14:52:27Z")).action,
            "claimed");
}

TEST_F(ClaimEngine, RefusesBadRequests) {
  const auto d = doc_with("[]");
  EXPECT_EQ(refused(d, req("not-a-kind", "L1")), Refusal::Kind::kInvalid);
  EXPECT_NE(last_message.find("'not-a-kind'"), std::string::npos);
  EXPECT_EQ(refused(d, req("lane", "L9999")), Refusal::Kind::kInvalid);
  EXPECT_NE(last_message.find("L9999"), std::string::npos);
  auto with_target = [&](const char* t) {
    ClaimRequest r = req("lane", "L1");
    r.target_id = t;
    return r;
  };
  EXPECT_EQ(refused(d, with_target("nope")), Refusal::Kind::kInvalid);
  EXPECT_NE(last_message.find("unknown target 'nope'"), std::string::npos);
  EXPECT_EQ(refused(d, with_target("t3")), Refusal::Kind::kInvalid);  // completed
  EXPECT_EQ(refused(d, with_target("t4")), Refusal::Kind::kInvalid);  // other profile
  // planned targets are accepted; a blank --target-id counts as none
  EXPECT_EQ(
      (*plan_claim(d, with_target("t2"), policy, at("2026-08-22T14:52:27Z")).claim)["target_id"],
      "t2");
  EXPECT_EQ(
      (*plan_claim(d, with_target("  "), policy, at("2026-08-22T14:52:27Z")).claim)["target_id"],
      "t1");
  ClaimRequest cand = req("candidate-lane", "cand1");
  cand.target_id = "t1";
  EXPECT_EQ(refused(d, cand), Refusal::Kind::kInvalid);
  for (double ttl : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity(), 168.5}) {
    ClaimRequest r = req("lane", "L1");
    r.ttl_hours = ttl;
    EXPECT_EQ(refused(d, r), Refusal::Kind::kInvalid) << ttl;
  }
  ClaimRequest blank = req("lane", "L1");
  blank.summary = " \t";
  EXPECT_EQ(refused(d, blank), Refusal::Kind::kInvalid);
  for (const char* agent : {"", " ", "two words", "tab\there", "new\nline", "bell\x07",
                            "nbsp\xc2\xa0x", "c1\xc2\x85x"}) {
    EXPECT_EQ(refused(d, req("lane", "L1", agent)), Refusal::Kind::kInvalid) << agent;
  }
}

TEST_F(ClaimEngine, BadStatusDataIsALoadError) {
  EXPECT_THROW(plan_claim(JsonDocument::parse(R"({"lanes": []})", "s.json"), req("lane", "L1"),
                          policy, at("2026-08-22T14:52:27Z")),
               LoadError);
  EXPECT_THROW(plan_claim(doc_with("[1]"), req("lane", "L1"), policy, at("2026-08-22T14:52:27Z")),
               LoadError);
  EXPECT_THROW(plan_claim(doc_with(R"([{"id": "x"}])"), req("lane", "L1"), policy,
                          at("2026-08-22T14:52:27Z")),
               LoadError);
  try {
    plan_claim(doc_with(R"([{"id": "x", "expires_at": "2026-08-22"}])"), req("lane", "L1"), policy,
               at("2026-08-22T14:52:27Z"));
    ADD_FAILURE();
  } catch (const LoadError& e) {
    EXPECT_NE(std::string(e.what()).find("work_claims[0].expires_at"), std::string::npos)
        << e.what();
  }
  // An active claim on an item that no longer exists blocks new claims.
  EXPECT_THROW(plan_claim(doc_with("[" +
                                   stored("b", "lane", "L77", "2026-08-22T14:00:00Z",
                                          "2026-08-22T16:00:00Z") +
                                   "]"),
                          req("lane", "L1"), policy, at("2026-08-22T14:52:27Z")),
               LoadError);
}

TEST_F(ClaimEngine, Release) {
  const auto d = doc_with(
      "[" + stored("a", "lane", "L1", "2026-08-22T14:00:00Z", "2026-08-22T16:00:00Z") + "," +
      stored("b", "lane", "L2", "2026-08-22T14:10:00Z", "2026-08-22T16:10:00Z") + "," +
      stored("a", "lane", "L3", "2026-08-22T08:00:00Z", "2026-08-22T10:00:00Z") + "]");
  ReleaseRequest all;
  all.agent_id = "a";
  Plan p = plan_release(d, all, policy, at("2026-08-22T14:52:27Z"));
  EXPECT_EQ(p.action, "released");
  ASSERT_EQ(p.released.size(), 1u);
  EXPECT_EQ(p.released[0]["id"], "a-lane-L1");
  ASSERT_EQ(p.pruned.size(), 1u);  // the expired one is pruned, not released
  ASSERT_EQ(p.work_claims.size(), 1u);
  EXPECT_EQ(p.work_claims[0].value["agent_id"], "b");
  ReleaseRequest one = all;
  one.kind = "lane";
  one.work_id = "L2";
  EXPECT_THROW(plan_release(d, one, policy, at("2026-08-22T14:52:27Z")), Refusal);
  one.kind = std::nullopt;
  EXPECT_THROW(plan_release(d, one, policy, at("2026-08-22T14:52:27Z")), Refusal);
  ReleaseRequest none;
  none.agent_id = "c";
  try {
    plan_release(d, none, policy, at("2026-08-22T14:52:27Z"));
    ADD_FAILURE();
  } catch (const Refusal& e) {
    EXPECT_EQ(e.kind(), Refusal::Kind::kNothingToRelease);
  }
}

TEST(ClaimIds, AsTheReferenceDerivesThem) {
  // python3: re.sub("[^a-z0-9]+", "-", v.strip().casefold()).strip("-") or "claim"
  EXPECT_EQ(claim_id_for("Agent A", "lane", "L1"), "agent-a-lane-l1");
  EXPECT_EQ(claim_id_for("\xc3\x84\xc3\x96!!", "lane", "L2"), "claim-lane-l2");
  EXPECT_EQ(claim_id_for("Stra\xc3\x9f"
                         "e_Bot",
                         "lane", "L2"),
            "strasse-bot-lane-l2");
  EXPECT_EQ(claim_id_for("  x  ", "lane", "--"), "x-lane-claim");
  EXPECT_EQ(claim_id_for("\xc4\xb0stanbul", "lane", "\xef\xac\x81x"), "i-stanbul-lane-fix");
  EXPECT_EQ(claim_id_for("a\xc2\xa0"
                         "b",
                         "release-gate", "G_1"),
            "a-b-release-gate-g-1");
}

TEST(LeaseEnd, AsPythonsTimedelta) {
  // python3: (now + timedelta(hours=h)).replace(microsecond=0)
  const TimePoint now = at("2026-08-22T14:52:27Z");
  const std::pair<double, const char*> cases[] = {
      {2.0, "2026-08-22T16:52:27Z"},          {0.5, "2026-08-22T15:22:27Z"},
      {1.0 / 3, "2026-08-22T15:12:27Z"},      {0.1, "2026-08-22T14:58:27Z"},
      {1e-9, "2026-08-22T14:52:27Z"},         {2.0000001, "2026-08-22T16:52:27Z"},
      {0.0001, "2026-08-22T14:52:27Z"},       {167.99999999, "2026-08-29T14:52:26Z"},
      {1.0000000001, "2026-08-22T15:52:27Z"},
  };
  for (const auto& [h, want] : cases) EXPECT_EQ(format_rfc3339(lease_end(now, h)), want) << h;
}

TEST_F(ClaimEngine, RenderStatusWritesWhatPythonWrites) {
  // python3: json.dumps(status, indent=2) + "\n", before and after the claim.
  const std::string before =
      "{\n  \"version\": \"6.0\",\n  \"note\": \"caf\\u00e9 \\u2014 \\ud83d\\ude00\",\n  "
      "\"score\": 8.5,\n  \"big\": 123456789012345678901234567890,\n  \"lanes\": [\n    {\n      "
      "\"id\": \"L1\"\n    },\n    {\n      \"id\": \"L2\"\n    },\n    {\n      \"id\": \"L3\"\n  "
      " "
      " }\n  ],\n  \"work_claims\": [\n    {\n      \"id\": \"old-agent-lane-l3\",\n      "
      "\"agent_id\": \"old-agent\",\n      \"summary\": \"stale\",\n      \"target_id\": \"t1\",\n "
      "     \"claimed_at\": \"2026-08-22T08:00:00Z\",\n      \"heartbeat_at\": "
      "\"2026-08-22T08:00:00Z\",\n      \"expires_at\": \"2026-08-22T10:00:00Z\",\n      "
      "\"work_item\": {\n        \"kind\": \"lane\",\n        \"id\": \"L3\"\n      }\n    },\n    "
      "{\n      \"id\": \"b-lane-l1\",\n      \"agent_id\": \"b\",\n      \"summary\": \"held\",\n "
      "     \"target_id\": \"t1\",\n      \"claimed_at\": \"2026-08-22T14:00:00Z\",\n      "
      "\"heartbeat_at\": \"2026-08-22T14:00:00Z\",\n      \"expires_at\": "
      "\"2026-08-22T16:00:00Z\",\n      \"work_item\": {\n        \"kind\": \"lane\",\n        "
      "\"id\": \"L1\"\n      },\n      \"extra\": {\n        \"weight\": 1e-07,\n        \"n\": "
      "18446744073709551616\n      }\n    }\n  ],\n  \"open_decisions\": []\n}\n";
  const std::string after =
      "{\n  \"version\": \"6.0\",\n  \"note\": \"caf\\u00e9 \\u2014 \\ud83d\\ude00\",\n  "
      "\"score\": 8.5,\n  \"big\": 123456789012345678901234567890,\n  \"lanes\": [\n    {\n      "
      "\"id\": \"L1\"\n    },\n    {\n      \"id\": \"L2\"\n    },\n    {\n      \"id\": \"L3\"\n  "
      " "
      " }\n  ],\n  \"work_claims\": [\n    {\n      \"id\": \"b-lane-l1\",\n      \"agent_id\": "
      "\"b\",\n      \"summary\": \"held\",\n      \"target_id\": \"t1\",\n      \"claimed_at\": "
      "\"2026-08-22T14:00:00Z\",\n      \"heartbeat_at\": \"2026-08-22T14:00:00Z\",\n      "
      "\"expires_at\": \"2026-08-22T16:00:00Z\",\n      \"work_item\": {\n        \"kind\": "
      "\"lane\",\n        \"id\": \"L1\"\n      },\n      \"extra\": {\n        \"weight\": "
      "1e-07,\n        \"n\": 18446744073709551616\n      }\n    },\n    {\n      \"id\": "
      "\"a-lane-l2\",\n      \"agent_id\": \"a\",\n      \"summary\": \"Fix L2 \\u2713\",\n      "
      "\"target_id\": \"t1\",\n      \"claimed_at\": \"2026-08-22T14:52:27Z\",\n      "
      "\"heartbeat_at\": \"2026-08-22T14:52:27Z\",\n      \"expires_at\": "
      "\"2026-08-22T16:52:27Z\",\n      \"work_item\": {\n        \"kind\": \"lane\",\n        "
      "\"id\": \"L2\"\n      }\n    }\n  ],\n  \"open_decisions\": []\n}\n";
  JsonDocument d = JsonDocument::parse(before, "s.json");
  ClaimRequest r = req("lane", "L2");
  r.summary = "Fix L2 \xe2\x9c\x93";
  const Plan p = plan_claim(d, r, policy, at("2026-08-22T14:52:27Z"));
  EXPECT_EQ(render_status(d, p), after);
  // The document is left as it was; releasing the claim again restores the
  // pruned-only form.
  EXPECT_EQ(d.json()["work_claims"].size(), 2u);
}

TEST_F(ClaimEngine, ListingShowsStatesAndConflicts) {
  const auto d = doc_with(
      "[" + stored("a", "lane", "L2", "2026-08-22T14:00:00Z", "2026-08-22T16:00:00Z") + "," +
      stored("b", "release-gate", "g1", "2026-08-22T14:10:00Z", "2026-08-22T16:10:00Z") + "," +
      stored("c", "lane", "L3", "2026-08-22T08:00:00Z", "2026-08-22T10:00:00Z") + "," +
      R"({"id": "broken"})" + "]");
  const auto l = list_claims(d, policy, at("2026-08-22T14:52:27Z"));
  EXPECT_EQ(l.active.size(), 2u);
  EXPECT_EQ(l.expired.size(), 1u);
  EXPECT_EQ(l.unreadable.size(), 1u);
  ASSERT_EQ(l.conflicts.size(), 1u);
  EXPECT_EQ(l.conflicts[0].kind, "lane-overlap");
  EXPECT_EQ(l.conflicts[0].shared_ids, std::vector<std::string>{"L2"});
  const Json j = listing_json(l, policy, at("2026-08-22T14:52:27Z"));
  EXPECT_EQ(j["summary"]["conflicts"], 1);
  const std::string text = listing_pretty(l, policy, at("2026-08-22T14:52:27Z"));
  EXPECT_NE(text.find("active "), std::string::npos) << text;
  EXPECT_NE(text.find("(in 1h 07m)"), std::string::npos) << text;
  EXPECT_NE(text.find("lane-overlap"), std::string::npos) << text;
}

}  // namespace
}  // namespace relctl::claim
