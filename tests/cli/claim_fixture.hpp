#pragma once
// A control plane for the claim tests: the minimal fixture with `lanes`
// lanes (L1..Ln), a followup and a gate inside L1, an empty work_claims
// list, every claimable kind in the status schema, and a second (planned)
// and a completed target.
#include <string>

#include "fixture.hpp"

namespace relctl::test {

inline Fixture claim_fixture(int lanes = 20) {
  Fixture f = Fixture::minimal();
  auto& st = f.status;
  st["lanes"] = nlohmann::ordered_json::array();
  for (int i = 1; i <= lanes; ++i) {
    st["lanes"].push_back({{"id", "L" + std::to_string(i)},
                           {"name", "Lane " + std::to_string(i)},
                           {"target_score", 8},
                           {"current_score", 4},
                           {"status", "partial"}});
  }
  st["lane_followups"] = nlohmann::ordered_json::array(
      {{{"id", "f1"}, {"summary", "follow up"}, {"lane_ids", {"L1"}}}});
  st["release_gates"] =
      nlohmann::ordered_json::array({{{"id", "g1"}, {"summary", "gate"}, {"lane_ids", {"L1"}}}});
  st["work_claims"] = nlohmann::ordered_json::array();
  f.status_schema["$defs"]["work_claim_ref"]["properties"]["kind"]["enum"] = {
      "lane",         "lane-followup", "coverage-gap", "candidate-lane", "readiness-assertion",
      "release-gate", "open-decision"};
  f.control_plane["targets"].push_back({{"id", "t2"},
                                        {"profile_id", "p1"},
                                        {"kind", "feature"},
                                        {"status", "planned"},
                                        {"summary", "Later."},
                                        {"completion_rule", "rc_ready"}});
  f.control_plane["targets"].push_back({{"id", "t0"},
                                        {"profile_id", "p1"},
                                        {"kind", "feature"},
                                        {"status", "completed"},
                                        {"summary", "Done."},
                                        {"completion_rule", "rc_ready"}});
  return f;
}

}  // namespace relctl::test
