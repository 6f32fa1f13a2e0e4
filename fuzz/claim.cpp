// Fuzz target 4: the claim writer over a mutated status.json.
//
// The control plane and the status schema are harbor's (examples/harbor);
// the input is status.json. Its first byte picks the request (claim the
// n-th item of a kind, renew the first stored claim, release all or one,
// list) and the agent; the items come from the mutated document itself, so
// renewals, replacements and conflicts are reached. When relctl accepts the
// request, the bytes `claim --write` would write must
//  - parse, and hold every claim: each stored claim is kept, or reported as
//    pruned, replaced or released; the new or renewed claim is there;
//  - leave everything outside work_claims as it was;
//  - be a fixed point: reading them and writing them again changes nothing
//    (what the parser cannot hold, big integers and lone surrogates, is
//    carried over from the source text);
// and the document must be as before rendering. A request relctl does not
// accept is a Refusal or a LoadError; nothing else may escape.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "relctl/claim/engine.hpp"
#include "relctl/load/control_files.hpp"
#include "relctl/model/control_plane.hpp"
#include "relctl/report/python_json.hpp"
#include "relctl/rules/context.hpp"

namespace {

using namespace relctl;
using relctl::fuzz::finding;

std::optional<ControlFiles> g_files;
claim::Policy g_policy;

const char* const kKinds[] = {"lane",           "lane-followup",       "coverage-gap",
                              "candidate-lane", "readiness-assertion", "release-gate",
                              "open-decision"};
const char* const kCollections[] = {"lanes",           "lane_followups",       "coverage_gaps",
                                    "candidate_lanes", "readiness_assertions", "release_gates",
                                    "open_decisions"};

// The id of the n-th item of a collection, as text; "L1" when there is none.
std::string item_id(const Json& root, const char* collection, std::size_t n) {
  if (!root.is_object()) return "L1";
  const auto it = root.find(collection);
  if (it == root.end() || !it->is_array() || it->empty()) return "L1";
  const Json& item = (*it)[n % it->size()];
  if (!item.is_object()) return "L1";
  const auto id = item.find("id");
  if (id == item.end()) return "L1";
  return id->is_string() ? id->get<std::string>() : report::py_str(*id);
}

// The first stored claim's {agent, kind, id}, when it has them as strings.
struct StoredRef {
  std::string agent, kind, id;
};
std::optional<StoredRef> first_claim(const Json& root) {
  if (!root.is_object()) return std::nullopt;
  const auto wc = root.find("work_claims");
  if (wc == root.end() || !wc->is_array() || wc->empty() || !(*wc)[0].is_object()) {
    return std::nullopt;
  }
  const Json& c = (*wc)[0];
  auto str = [](const Json& o, const char* k) -> std::optional<std::string> {
    if (!o.is_object()) return std::nullopt;
    const auto it = o.find(k);
    if (it == o.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  const auto agent = str(c, "agent_id");
  const auto item = c.find("work_item");
  if (!agent || item == c.end()) return std::nullopt;
  const auto kind = str(*item, "kind");
  const auto id = str(*item, "id");
  if (!kind || !id) return std::nullopt;
  return StoredRef{*agent, *kind, *id};
}

const Json* claims_of(const Json& root) {
  if (!root.is_object()) return nullptr;
  const auto it = root.find("work_claims");
  return it == root.end() || !it->is_array() ? nullptr : &*it;
}

bool listed(const std::vector<Json>& list, const Json& claim) {
  for (const auto& c : list) {
    if (fuzz::same(c, claim)) return true;
  }
  return false;
}

void check_written(JsonDocument& doc, const claim::Plan& plan) {
  const Json before = doc.json();
  const std::string bytes = claim::render_status(doc, plan);
  if (!fuzz::same(before, doc.json())) finding("render_status left the document changed");
  if (claim::render_status(doc, plan) != bytes) finding("render_status is not repeatable");
  std::optional<JsonDocument> written;
  try {
    written.emplace(JsonDocument::parse(bytes, "written.json"));
  } catch (const LoadError& e) {
    finding("the written status.json does not parse", std::string(e.what()) + "\n" + bytes);
  }
  const Json& out = written->json();
  // Everything but work_claims as it was, in the same order.
  if (!out.is_object() || out.size() != before.size()) {
    finding("the written status.json lost or gained top-level members", bytes);
  }
  auto ob = out.begin();
  for (auto ib = before.begin(); ib != before.end(); ++ib, ++ob) {
    if (ib.key() != ob.key()) finding("top-level member order changed", ib.key());
    if (ib.key() != "work_claims" && !fuzz::same(*ib, *ob)) {
      finding("a member outside work_claims changed", ib.key());
    }
  }
  const Json* claims = claims_of(out);
  if (claims == nullptr) finding("the written status.json has no work_claims list", bytes);
  if (claims->size() != plan.work_claims.size()) finding("work_claims is not the planned list");
  for (std::size_t i = 0; i < claims->size(); ++i) {
    if (!fuzz::same((*claims)[i], plan.work_claims[i].value)) {
      finding("a written claim differs from the planned one", std::to_string(i));
    }
  }
  // Every stored claim is kept (unchanged unless renewed) or accounted for.
  const Json* stored = claims_of(before);
  if (stored == nullptr) finding("a plan over a status.json without a work_claims list");
  std::vector<bool> kept(stored->size(), false);
  for (const auto& p : plan.work_claims) {
    if (!p.origin) continue;
    if (*p.origin >= stored->size()) finding("a planned claim comes from no stored claim");
    kept[*p.origin] = true;
    if (!p.renewed && !fuzz::same(p.value, (*stored)[*p.origin])) {
      finding("a kept claim was changed", p.value.dump());
    }
  }
  for (std::size_t i = 0; i < stored->size(); ++i) {
    const Json& c = (*stored)[i];
    if (!kept[i] && !listed(plan.pruned, c) && !listed(plan.replaced, c) &&
        !listed(plan.released, c)) {
      finding("a stored claim vanished from the write", c.dump());
    }
  }
  if (plan.claim && !listed(std::vector<Json>(claims->begin(), claims->end()), *plan.claim)) {
    finding("the new claim is not in the written list");
  }
  // A fixed point: written again from what was written, the same bytes.
  std::string again;
  const report::SourceMap source(*written);
  report::append_py_json(again, written->json(), report::PyJsonOptions{2, false}, &source);
  again += '\n';
  if (again != bytes) finding("writing the written status.json again changed it");
  (void)claim::result_json(plan, g_policy, true);
  (void)claim::result_pretty(plan, g_policy, true);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  g_files.emplace(Repo(fuzz::harbor_dir()), false);
  g_policy.control_plane = &g_files->control_plane();
  g_policy.status_path = g_files->control_plane().active_profile().status;
  g_policy.valid_kinds = rules::extract_schema_enums(g_files->status_schema_doc()).claim_kind;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t op = data[0];
  std::optional<JsonDocument> doc;
  if (fuzz::refuses_cleanly(
          "parse",
          [&] {
            doc.emplace(
                JsonDocument::parse(fuzz::as_text(data + 1, size - 1), g_policy.status_path));
          },
          g_policy.status_path)) {
    return 0;
  }
  const auto now = *parse_rfc3339("2026-11-20T12:00:00Z") + std::chrono::hours(op >> 6);
  const std::size_t k = (op >> 3) % 7;
  const auto stored = first_claim(doc->json());
  const std::string agent = (op & 4) != 0 && stored ? stored->agent : "fuzz-agent";
  std::optional<claim::Plan> plan;
  try {
    switch (op & 3) {
      case 0: {  // claim the n-th item of a kind
        claim::ClaimRequest req{kKinds[k],    item_id(doc->json(), kCollections[k], op >> 3),
                                "fuzzing",    agent,
                                std::nullopt, 2};
        plan = claim::plan_claim(*doc, req, g_policy, now);
        break;
      }
      case 1: {  // claim what the first stored claim holds (renew or conflict)
        claim::ClaimRequest req{stored ? stored->kind : "lane",
                                stored ? stored->id : "L1",
                                "fuzzing again",
                                agent,
                                std::nullopt,
                                1.5};
        plan = claim::plan_claim(*doc, req, g_policy, now);
        break;
      }
      case 2: {  // release everything, or the first stored item
        claim::ReleaseRequest req;
        req.agent_id = agent;
        if ((op & 8) != 0 && stored) {
          req.kind = stored->kind;
          req.work_id = stored->id;
        }
        plan = claim::plan_release(*doc, req, g_policy, now);
        break;
      }
      default: {  // --list never refuses
        const auto listing = claim::list_claims(*doc, g_policy, now);
        (void)claim::listing_json(listing, g_policy, now);
        (void)claim::listing_pretty(listing, g_policy, now);
        return 0;
      }
    }
  } catch (const claim::Refusal& e) {
    if (std::string_view(e.what()).empty()) finding("a refusal without a message");
    return 0;
  } catch (const LoadError& e) {
    fuzz::check_load_error(e, g_policy.status_path);
    return 0;
  } catch (const std::exception& e) {
    finding("the claim rules threw", e.what());
  }
  check_written(*doc, *plan);
  return 0;
}
