// relctl preflight: branch and claim checks at the start of an agent session.
#include "relctl/agent/preflight.hpp"

#include <fmt/format.h>

// The first word of each error is the reference's (the corpus judges error
// lists by it); the rest is our own wording.

#include "relctl/load/errors.hpp"
#include "relctl/util/text.hpp"

namespace relctl::agent {
namespace {

// How an id prints when it is not a string: its JSON text (a claim id is a
// string in every valid status.json; this only keeps odd input readable).
std::string id_text(const JsonNode& claim) {
  auto it = claim.find("id");
  if (it == nullptr || it->is_null()) return "None";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

[[noreturn]] void bad_claim(const JsonDocument& doc, const JsonPath& at, const std::string& what) {
  throw LoadError(doc.file(), what, doc.locate(at), at);
}

}  // namespace

PreflightReport run_preflight(const PreflightInput& in) {
  const model::ControlPlane& cp = *in.control_plane;
  const JsonDocument& doc = *in.status;
  PreflightReport r;
  r.branch = in.branch;
  r.expected_branch = cp.active_profile().prerelease_branch;
  r.active_profile_id = cp.active_profile_id;
  r.active_target_id = cp.active_target_id;
  r.agent_id = in.agent_id;
  r.require_active_claim = in.require_active_claim;

  const JsonNode& root = doc.root();
  const JsonPath claims_at = JsonPath{}.key("work_claims");
  // A status.json that is not an object has no claims to count: bad input,
  // not "no claims" (the reference fails on it too).
  if (!root.is_object()) bad_claim(doc, JsonPath{}, "expected a JSON object at the top level");
  {
    auto it = root.find("work_claims");
    if (it != nullptr) {
      if (!it->is_array()) bad_claim(doc, claims_at, "work_claims must be a list of claim objects");
      std::size_t i = 0;
      for (const JsonNode& claim : *it) {
        const JsonPath at = claims_at.index(i++);
        if (!claim.is_object()) bad_claim(doc, at, "a work claim must be an object");
        auto exp = claim.find("expires_at");
        if (exp == nullptr || !exp->is_string()) {
          bad_claim(doc, exp == nullptr ? at : at.key("expires_at"),
                    fmt::format("work claim {} has no expires_at timestamp, so whether it is "
                                "active cannot be told",
                                quote(id_text(claim))));
        }
        const auto expires = parse_rfc3339(text::strip(exp->get<std::string>()));
        if (!expires) {
          bad_claim(doc, at.key("expires_at"),
                    fmt::format("expires_at {} is not an RFC 3339 timestamp with a time zone "
                                "(e.g. 2026-03-19T12:00:00Z)",
                                quote(exp->get<std::string>())));
        }
        // Whole seconds, as the claim writer stores them; expiring exactly
        // now counts as expired.
        const auto secs = std::chrono::floor<std::chrono::seconds>(*expires);
        if (secs > in.now) {
          const std::string id = id_text(claim);
          r.active_claim_ids.push_back(id);
          auto agent = claim.find("agent_id");
          if (agent != nullptr && agent->is_string() && agent->get<std::string>() == in.agent_id) {
            r.agent_active_claim_ids.push_back(id);
          }
        } else {
          ++r.expired_claim_count;
        }
      }
    }
  }

  if (r.branch != r.expected_branch) {
    r.errors.push_back(
        fmt::format("current branch {} is not the active profile's prerelease branch {}",
                    quote(r.branch), quote(r.expected_branch)));
  }
  if (in.require_active_claim && r.agent_active_claim_ids.size() != 1) {
    r.errors.push_back(
        fmt::format("expected agent {} to hold exactly one active work claim; it holds {}",
                    quote(in.agent_id), r.agent_active_claim_ids.size()));
  }
  return r;
}

nlohmann::json preflight_json(const PreflightReport& r) {
  nlohmann::json j = nlohmann::json::object();
  // Sorted keys, as every report prints.
  j["active_claim_count"] = r.active_claim_ids.size();
  j["active_claim_ids"] = r.active_claim_ids;
  j["active_profile_id"] = r.active_profile_id;
  j["active_target_id"] = r.active_target_id;
  j["agent_active_claim_count"] = r.agent_active_claim_ids.size();
  j["agent_active_claim_ids"] = r.agent_active_claim_ids;
  j["agent_id"] = r.agent_id;
  j["branch"] = r.branch;
  j["errors"] = r.errors;
  j["expected_branch"] = r.expected_branch;
  j["expired_claim_count"] = r.expired_claim_count;
  j["require_active_claim"] = r.require_active_claim;
  return j;
}

}  // namespace relctl::agent
