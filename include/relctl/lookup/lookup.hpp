#pragma once
// relctl lookup: one entry of the derived status report by kind and id, with
// the context the reference's status_lookup.py attaches (control plane,
// summary, the candidate's queue item, the gap's candidate lanes), what the
// entry links to (for --pretty) and, for an id that is not there, the
// closest known ids. Pure functions over the report built by
// report::status_report(); nothing here reads files.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace relctl::lookup {

enum class Kind {
  kLane,
  kAssertion,
  kGate,
  kGap,
  kCandidate,
  kFollowup,
  kDecision,
  kResolvedDecision,
  kClaim,
};

struct KindInfo {
  Kind kind;
  const char* cli;         // relctl lookup <cli> ID
  const char* name;        // the reference's kind (`kind` in the answer)
  const char* collection;  // the report collection searched
  const char* ref_kind;    // how status.json names it in tracking, blockers, work claims
  const char* noun;        // for messages ("release gate")
  const char* plural;      // "release gates"
};

// Every kind, in the order `relctl lookup --help` lists them.
const std::vector<KindInfo>& kinds();
const KindInfo& info(Kind k);
// By the command-line word (`gate`), else nullopt.
std::optional<Kind> parse_kind(std::string_view cli);
// By the status.json word (`release-gate`), else nullopt.
std::optional<Kind> kind_of_ref(std::string_view ref_kind);

// The answer the reference prints, or nullopt when the report has no entry of
// that kind with that id (the first entry whose id equals `id` wins).
std::optional<nlohmann::json> find(const nlohmann::json& report, Kind kind, const std::string& id);

// The ids of one kind in report order.
std::vector<std::string> known_ids(const nlohmann::json& report, Kind kind);

// Up to `max` known ids close to `id`, best first: the same id in another
// case, then ids one of which is a prefix of the other, then ids containing
// `id`, then ids within a small edit distance (transpositions count once).
std::vector<std::string> suggest(const std::string& id, const std::vector<std::string>& known,
                                 std::size_t max = 3);

// Optimal-string-alignment distance over ASCII-lowercased bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

// What an entry links to, for the human layout.
struct LinkedItem {
  std::optional<Kind> kind;  // nullopt: a kind status.json names that lookup does not know
  std::string kind_word;     // as status.json names it (`release-gate`)
  std::string id;
  std::string state;  // the linked entry's state (state_of); "unknown" when not in the report
};
struct LinkGroup {
  std::string label;   // "gates", "tracking", "blocks lanes", ...
  bool mixed = false;  // items of several kinds (tracking, blockers, a claim's work item)
  std::vector<LinkedItem> items;
};
// What the answer of find() for `kind` links to, in a fixed order per kind;
// groups without items are left out.
std::vector<LinkGroup> links(const nlohmann::json& report, Kind kind, const nlohmann::json& answer);

// The status the layout shows for an entry of `kind` (a lane's derived
// status, a gate's effective status, a claim's state, ...); "-" when absent.
std::string state_of(Kind kind, const nlohmann::json& entry);

}  // namespace relctl::lookup
