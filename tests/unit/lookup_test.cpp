// relctl lookup's engine (src/lookup/lookup.cpp): finding an entry in the
// derived report with the context the reference attaches, what an entry
// links to, and the suggestions for an unknown id. The realistic cases run
// on the report of examples/harbor; the edge cases on small hand-made
// reports.
#include "relctl/lookup/lookup.hpp"

#include "rules_fixture.hpp"

namespace relctl::test {
namespace {

using lookup::Kind;
using nlohmann::json;
using Ids = std::vector<std::string>;

class LookupOnExample : public RulesFixture {
 protected:
  json build() {
    run();
    return report();
  }
  // label -> "kind-word id state" of each item, for compact expectations.
  static std::map<std::string, Ids> link_map(const std::vector<lookup::LinkGroup>& groups) {
    std::map<std::string, Ids> out;
    for (const auto& g : groups) {
      for (const auto& i : g.items)
        out[g.label].push_back(i.kind_word + " " + i.id + " " + i.state);
    }
    return out;
  }
};

TEST(LookupKinds, CommandWordsMapToTheReferenceSelectors) {
  struct Row {
    const char *cli, *name, *collection;
  };
  const Row rows[] = {{"lane", "lane", "lanes"},
                      {"assertion", "assertion", "readiness_assertions"},
                      {"gate", "release_gate", "release_gates"},
                      {"gap", "coverage_gap", "coverage_gaps"},
                      {"candidate", "candidate_lane", "candidate_lanes"},
                      {"followup", "followup", "lane_followups"},
                      {"decision", "decision", "open_decisions"},
                      {"resolved-decision", "resolved_decision", "resolved_decisions"},
                      {"claim", "work_claim", "work_claims"}};
  ASSERT_EQ(lookup::kinds().size(), std::size(rows));
  for (const auto& r : rows) {
    const auto k = lookup::parse_kind(r.cli);
    ASSERT_TRUE(k) << r.cli;
    EXPECT_STREQ(lookup::info(*k).name, r.name);
    EXPECT_STREQ(lookup::info(*k).collection, r.collection);
    EXPECT_EQ(lookup::parse_kind(lookup::info(*k).cli), k);
  }
  EXPECT_FALSE(lookup::parse_kind("lanes"));
  EXPECT_FALSE(lookup::parse_kind("release-gate"));
  EXPECT_EQ(lookup::kind_of_ref("release-gate"), Kind::kGate);
  EXPECT_EQ(lookup::kind_of_ref("lane-followup"), Kind::kFollowup);
  EXPECT_EQ(lookup::kind_of_ref("readiness-assertion"), Kind::kAssertion);
  EXPECT_FALSE(lookup::kind_of_ref("gate"));
}

TEST_F(LookupOnExample, LaneAnswerHasTheReferenceShape) {
  const json r = build();
  const auto a = lookup::find(r, Kind::kLane, "L2");
  ASSERT_TRUE(a);
  std::set<std::string> keys;
  for (const auto& [k, v] : a->items()) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"collection", "control_plane", "entry", "id", "kind",
                                         "summary"}));
  EXPECT_EQ((*a)["kind"], "lane");
  EXPECT_EQ((*a)["collection"], "lanes");
  EXPECT_EQ((*a)["id"], "L2");
  EXPECT_EQ((*a)["entry"], r["lanes"][1]);
  EXPECT_EQ((*a)["control_plane"], r["control_plane"]);
  EXPECT_EQ((*a)["summary"], r["summary"]);
}

TEST_F(LookupOnExample, IdsMatchExactlyAndCaseSensitively) {
  const json r = build();
  EXPECT_FALSE(lookup::find(r, Kind::kLane, "l2"));
  EXPECT_FALSE(lookup::find(r, Kind::kLane, "L2 "));
  EXPECT_FALSE(lookup::find(r, Kind::kLane, "L9999"));
  // The kind picks the collection: a gate id is not a lane.
  EXPECT_FALSE(lookup::find(r, Kind::kLane, "key-rotation-drill"));
  EXPECT_TRUE(lookup::find(r, Kind::kGate, "key-rotation-drill"));
}

TEST_F(LookupOnExample, CandidateCarriesItsQueueItem) {
  const json r = build();
  const auto a = lookup::find(r, Kind::kCandidate, "server-self-recovery");
  ASSERT_TRUE(a);
  EXPECT_EQ((*a)["kind"], "candidate_lane");
  ASSERT_TRUE(a->contains("queue_item"));
  EXPECT_EQ((*a)["queue_item"], r["candidate_lane_queue"][0]);
  EXPECT_FALSE(a->contains("linked_candidate_lane_ids"));
}

TEST_F(LookupOnExample, GapListsTheCandidatesThatPlanIt) {
  const json r = build();
  const auto a = lookup::find(r, Kind::kGap, "catalog-disaster-recovery");
  ASSERT_TRUE(a);
  EXPECT_EQ((*a)["linked_candidate_lane_ids"], json::array({"server-self-recovery"}));
  EXPECT_FALSE(a->contains("queue_item"));
}

TEST_F(LookupOnExample, GapWithoutCandidatesHasAnEmptyList) {
  status["candidate_lanes"] = Json::array();
  const json r = build();
  const auto a = lookup::find(r, Kind::kGap, "catalog-disaster-recovery");
  ASSERT_TRUE(a);
  ASSERT_TRUE(a->contains("linked_candidate_lane_ids"));
  EXPECT_EQ((*a)["linked_candidate_lane_ids"], json::array());
}

TEST_F(LookupOnExample, EveryEntryOfEveryKindIsFound) {
  const json r = build();
  for (const auto& k : lookup::kinds()) {
    const auto ids = lookup::known_ids(r, k.kind);
    EXPECT_FALSE(ids.empty()) << k.cli;
    for (const auto& id : ids) {
      const auto a = lookup::find(r, k.kind, id);
      ASSERT_TRUE(a) << k.cli << " " << id;
      EXPECT_EQ((*a)["entry"]["id"], id);
      EXPECT_EQ((*a)["kind"], k.name);
    }
  }
}

TEST_F(LookupOnExample, LaneLinks) {
  const json r = build();
  const auto m = link_map(lookup::links(r, Kind::kLane, *lookup::find(r, Kind::kLane, "L2")));
  EXPECT_EQ(m.at("tracking"), (Ids{"lane-followup restore-progress-streaming planned",
                                   "release-gate restore-drill-on-fresh-host pending"}));
  EXPECT_EQ(m.at("gates"), (Ids{"release-gate restore-drill-on-fresh-host pending"}));
  EXPECT_EQ(m.at("assertions"),
            (Ids{"readiness-assertion RA3 passed", "readiness-assertion RA5 gates-pending"}));
  EXPECT_EQ(m.at("candidates"), (Ids{"candidate-lane server-self-recovery planned"}));
  EXPECT_EQ(m.at("gaps"), (Ids{"coverage-gap catalog-disaster-recovery planned"}));
  EXPECT_EQ(m.at("resolved"), (Ids{"resolved-decision v1-repositories-read-only resolved"}));
  EXPECT_FALSE(m.count("blockers"));  // empty groups are left out
  EXPECT_FALSE(m.count("claims"));

  const auto l3 = link_map(lookup::links(r, Kind::kLane, *lookup::find(r, Kind::kLane, "L3")));
  EXPECT_EQ(l3.at("claims"), (Ids{"work-claim storage-agent-2-lane-l3 active"}));
  const auto l4 = link_map(lookup::links(r, Kind::kLane, *lookup::find(r, Kind::kLane, "L4")));
  EXPECT_EQ(l4.at("blockers"), (Ids{"open-decision recovery-key-escrow-default open",
                                    "release-gate key-rotation-drill blocked"}));
}

TEST_F(LookupOnExample, GateAssertionDecisionAndClaimLinks) {
  const json r = build();
  auto links_of = [&](Kind k, const std::string& id) {
    return link_map(lookup::links(r, k, *lookup::find(r, k, id)));
  };
  const auto gate = links_of(Kind::kGate, "restore-drill-on-fresh-host");
  EXPECT_EQ(gate.at("lanes"), (Ids{"lane L2 target-met", "lane L3 behind-target"}));
  EXPECT_EQ(gate.at("assertions"), (Ids{"readiness-assertion RA5 gates-pending"}));
  EXPECT_EQ(gate.at("tracked by lanes"), (Ids{"lane L2 target-met"}));

  const auto ra4 = links_of(Kind::kAssertion, "RA4");
  EXPECT_EQ(ra4.at("lanes"), (Ids{"lane L4 behind-target"}));
  EXPECT_EQ(ra4.at("gates"), (Ids{"release-gate key-rotation-drill blocked"}));

  const auto dec = links_of(Kind::kDecision, "recovery-key-escrow-default");
  EXPECT_EQ(dec.at("blocks lanes"), (Ids{"lane L4 behind-target"}));

  const auto claim = links_of(Kind::kClaim, "storage-agent-2-lane-l3");
  EXPECT_EQ(claim.at("work"), (Ids{"lane L3 behind-target"}));
  EXPECT_FALSE(claim.count("lanes"));  // a lane claim's lanes are its work item

  const auto cand = links_of(Kind::kCandidate, "server-self-recovery");
  EXPECT_EQ(cand.at("gaps"), (Ids{"coverage-gap catalog-disaster-recovery planned"}));
  EXPECT_EQ(cand.at("lanes"), (Ids{"lane L1 target-met", "lane L2 target-met"}));
}

TEST(LookupFind, FirstEntryWithTheIdWinsAndOddEntriesAreSkipped) {
  const json report = json::parse(R"({
    "lanes": [7, {"name": "no id"}, {"id": "L1", "name": "first"}, {"id": "L1", "name": "second"}],
    "control_plane": {"active_profile_id": "p"}, "summary": {"lane_count": 2}})");
  const auto a = lookup::find(report, Kind::kLane, "L1");
  ASSERT_TRUE(a);
  EXPECT_EQ((*a)["entry"]["name"], "first");
  // An entry without an id compares as the reference's None.
  EXPECT_EQ((*lookup::find(report, Kind::kLane, "None"))["entry"]["name"], "no id");
  EXPECT_EQ(lookup::known_ids(report, Kind::kLane), (Ids{"None", "L1", "L1"}));
}

TEST(LookupFind, MissingCollectionsAndContext) {
  const json report = json::object();
  EXPECT_FALSE(lookup::find(report, Kind::kClaim, "x"));
  EXPECT_TRUE(lookup::known_ids(report, Kind::kClaim).empty());
  const json only = json::parse(R"({"coverage_gaps": [{"id": "g"}]})");
  const auto a = lookup::find(only, Kind::kGap, "g");
  ASSERT_TRUE(a);
  EXPECT_EQ((*a)["control_plane"], json::object());
  EXPECT_EQ((*a)["summary"], json::object());
  EXPECT_EQ((*a)["linked_candidate_lane_ids"], json::array());
}

TEST(LookupFind, LinkToAMissingEntryIsUnknown) {
  const json report = json::parse(R"({
    "lanes": [{"id": "L1", "derived_status": "target-met",
               "completion_tracking": [{"kind": "lane-followup", "id": "gone"},
                                       {"kind": "mystery", "id": "m"}],
               "blockers": []}]})");
  const auto groups = lookup::links(report, Kind::kLane, *lookup::find(report, Kind::kLane, "L1"));
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].label, "tracking");
  EXPECT_TRUE(groups[0].mixed);
  ASSERT_EQ(groups[0].items.size(), 2u);
  EXPECT_EQ(groups[0].items[0].kind, Kind::kFollowup);
  EXPECT_EQ(groups[0].items[0].state, "unknown");
  EXPECT_FALSE(groups[0].items[1].kind);
  EXPECT_EQ(groups[0].items[1].kind_word, "mystery");
}

TEST(LookupState, PerKind) {
  EXPECT_EQ(lookup::state_of(Kind::kLane, json{{"derived_status", "target-met"}, {"status", "x"}}),
            "target-met");
  EXPECT_EQ(
      lookup::state_of(Kind::kGate, json{{"effective_status", "blocked"}, {"status", "passed"}}),
      "blocked");
  EXPECT_EQ(lookup::state_of(Kind::kClaim, json{{"claim_state", "expired"}}), "expired");
  EXPECT_EQ(lookup::state_of(Kind::kFollowup, json{{"status", "planned"}}), "planned");
  EXPECT_EQ(lookup::state_of(Kind::kResolvedDecision, json::object()), "resolved");
  EXPECT_EQ(lookup::state_of(Kind::kDecision, json::object()), "-");
  EXPECT_EQ(lookup::state_of(Kind::kDecision, json{{"status", ""}}), "-");
}

TEST(LookupSuggest, EditDistance) {
  EXPECT_EQ(lookup::edit_distance("", ""), 0u);
  EXPECT_EQ(lookup::edit_distance("abc", ""), 3u);
  EXPECT_EQ(lookup::edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(lookup::edit_distance("RA12", "ra21"), 1u);  // case-blind, one transposition
  EXPECT_EQ(lookup::edit_distance("gate", "gaet"), 1u);
}

TEST(LookupSuggest, Tiers) {
  const Ids lanes{"L1", "L2", "L9", "L19", "L25"};
  // A known id that is a prefix of the unknown one.
  EXPECT_EQ(lookup::suggest("L9999", lanes), (Ids{"L9"}));
  // Another case ranks first, then one edit away in report order.
  EXPECT_EQ(lookup::suggest("l2", lanes), (Ids{"L2", "L25", "L1"}));
  EXPECT_EQ(lookup::suggest("L3", lanes), (Ids{"L1", "L2", "L9"}));
  EXPECT_EQ(lookup::suggest("L3", lanes, 1), (Ids{"L1"}));
  const Ids slugs{"mobile-post-rc-hardening", "relay-registration-reconnect-drain",
                  "restore-drill-on-fresh-host"};
  EXPECT_EQ(lookup::suggest("hardening", slugs), (Ids{"mobile-post-rc-hardening"}));
  EXPECT_EQ(lookup::suggest("restore-dril-on-fresh-hots", slugs),
            (Ids{"restore-drill-on-fresh-host"}));
  EXPECT_TRUE(lookup::suggest("completely-different", slugs).empty());
  // The id itself is never suggested; duplicates are suggested once.
  EXPECT_TRUE(lookup::suggest("L1", Ids{"L1"}).empty());
  EXPECT_EQ(lookup::suggest("l1", Ids{"L1", "L1"}), (Ids{"L1"}));
  EXPECT_TRUE(lookup::suggest("x", Ids{}).empty());
}

}  // namespace
}  // namespace relctl::test
