#include "relctl/registry/lookup.hpp"

#include "relctl/report/json_writer.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <system_error>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "relctl/rules/orders.hpp"
#include "relctl/util/text.hpp"

namespace relctl::registry {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::vector<std::string> split_parts(const std::string& normal) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= normal.size()) {
    std::size_t j = normal.find('/', i);
    if (j == std::string::npos) j = normal.size();
    if (j > i) parts.push_back(normal.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

std::string join_from(const std::vector<std::string>& parts, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < parts.size(); ++i) {
    if (!out.empty()) out += '/';
    out += parts[i];
  }
  return out;
}

// Relative path of `p` under `base` (both lexically normal), or nullopt.
std::optional<std::vector<std::string>> parts_under(const fs::path& p, const fs::path& base) {
  auto pi = p.begin();
  for (auto bi = base.begin(); bi != base.end(); ++bi, ++pi) {
    if (bi->empty()) continue;  // trailing separator
    if (pi == p.end() || *pi != *bi) return std::nullopt;
  }
  std::vector<std::string> rest;
  for (; pi != p.end(); ++pi) {
    if (!pi->empty()) rest.push_back(pi->string());
  }
  return rest;
}

fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal() : r;
}

// Sorted by (line, casefolded heading, casefolded path), stable.
void sort_details(std::vector<const ContractReference*>& refs) {
  std::vector<std::tuple<int, std::string, std::string, std::size_t>> keys;
  keys.reserve(refs.size());
  for (std::size_t i = 0; i < refs.size(); ++i) {
    keys.emplace_back(refs[i]->line, rules::casefold(refs[i]->heading),
                      rules::casefold(refs[i]->path), i);
  }
  std::sort(keys.begin(), keys.end());
  std::vector<const ContractReference*> out;
  out.reserve(refs.size());
  for (const auto& k : keys) out.push_back(refs[std::get<3>(k)]);
  refs = std::move(out);
}

// The reference's de-duplicated, ordered reference details.
json details_json(std::vector<const ContractReference*> refs) {
  std::vector<const ContractReference*> unique;
  for (const auto* r : refs) {
    if (std::none_of(unique.begin(), unique.end(), [&](const auto* u) { return *u == *r; })) {
      unique.push_back(r);
    }
  }
  sort_details(unique);
  json out = json::array();
  for (const auto* r : unique) out.push_back(r->to_json());
  return out;
}

const json* find_key(const json& o, const char* key) {
  if (!o.is_object()) return nullptr;
  auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

bool list_contains(const json* list, const std::string& value) {
  if (list == nullptr || !list->is_array()) return false;
  return std::any_of(list->begin(), list->end(), [&](const json& v) {
    return v.is_string() && v.get_ref<const std::string&>() == value;
  });
}

bool truthy(const json* v) {
  if (v == nullptr || v->is_null()) return false;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_number()) return v->get<double>() != 0;
  if (v->is_string() || v->is_array() || v->is_object()) return !v->empty();
  return true;
}

// The lane context of a subsystem: its lane record from the report, and the
// open/resolved decisions and release gates that concern it.
json lane_context(const SubsystemRule& rule, const json& report) {
  const std::string lane_id = text::strip(rule.lane);
  const std::string subsystem_id = text::strip(rule.id);
  if (lane_id.empty()) return nullptr;
  json lane = nullptr;
  if (const json* lanes = find_key(report, "lanes"); lanes && lanes->is_array()) {
    for (const auto& l : *lanes) {
      const json* id = find_key(l, "id");
      if (id && id->is_string() && id->get_ref<const std::string&>() == lane_id) {
        lane = l;
        break;
      }
    }
  }
  auto decisions = [&](const char* key) {
    json out = json::array();
    const json* list = find_key(report, key);
    if (!list || !list->is_array()) return out;
    for (const auto& d : *list) {
      if (!list_contains(find_key(d, "lane_ids"), lane_id)) continue;
      const json* subs = find_key(d, "subsystem_ids");
      if (truthy(subs) && !list_contains(subs, subsystem_id)) continue;
      out.push_back(d);
    }
    return out;
  };
  json gates = json::array();
  if (const json* list = find_key(report, "release_gates"); list && list->is_array()) {
    for (const auto& g : *list) {
      if (list_contains(find_key(g, "lane_ids"), lane_id)) gates.push_back(g);
    }
  }
  return {{"lane_id", lane_id},
          {"lane", lane},
          {"open_decisions", decisions("open_decisions")},
          {"resolved_decisions", decisions("resolved_decisions")},
          {"release_gates", gates}};
}

json compact_lane_context(const json& lc) {
  if (lc.is_null()) return nullptr;
  json lane = nullptr;
  if (const json* l = find_key(lc, "lane"); l && l->is_object()) {
    lane = json::object();
    for (const char* k :
         {"id", "name", "status", "derived_status", "completion_state", "gap", "repo_ids"}) {
      if (const json* v = find_key(*l, k)) lane[k] = *v;
    }
  }
  auto ids = [&](const char* key) {
    json out = json::array();
    if (const json* list = find_key(lc, key); list && list->is_array()) {
      for (const auto& d : *list) {
        const json* id = find_key(d, "id");
        if (d.is_object() && truthy(id)) out.push_back(id->is_string() ? *id : json(id->dump()));
      }
    }
    return out;
  };
  return {{"lane_id", lc.at("lane_id")},
          {"lane", lane},
          {"open_decision_ids", ids("open_decisions")},
          {"resolved_decision_ids", ids("resolved_decisions")},
          {"release_gate_ids", ids("release_gates")}};
}

json compact_control_plane(const json& cp) {
  json target = json::object();
  if (const json* at = find_key(cp, "active_target"); at && at->is_object()) {
    for (const char* k : {"id", "kind", "status", "completion_rule", "completion_met"}) {
      if (const json* v = find_key(*at, k)) target[k] = *v;
    }
  }
  const json* profile = find_key(cp, "active_profile_id");
  return {{"active_profile_id", profile ? *profile : json(nullptr)}, {"active_target", target}};
}

// One entry of required contract updates while it is being built.
struct ContractUpdate {
  std::string subsystem, contract;
  bool owner = false;
  std::vector<std::string> touched;
  std::unordered_set<std::string> touched_set;
  std::vector<std::string> descriptors;
  std::vector<const ContractReference*> details;
};

json update_json(const ContractUpdate& u, bool lean) {
  std::vector<std::string> touched = u.touched;
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  json j{{"subsystem", u.subsystem},
         {"contract", u.contract},
         {"reason", u.owner ? "owner" : "dependent-reference"},
         {"touched_runtime_files", touched}};
  std::vector<std::pair<std::string, std::string>> refs;
  for (const auto& d : u.descriptors) refs.emplace_back(rules::casefold(d), d);
  std::sort(refs.begin(), refs.end());
  json strs = json::array();
  for (const auto& r : refs) strs.push_back(r.second);
  if (!u.details.empty()) {
    auto details = u.details;
    sort_details(details);
    json dj = json::array();
    for (const auto* d : details) dj.push_back(d->to_json());
    j["matched_reference_details"] = std::move(dj);
    if (!lean) j["matched_references"] = std::move(strs);
  } else {
    j["matched_references"] = std::move(strs);
  }
  return j;
}

// A value as print_json writes it, for pasting where the value starts on a
// line indented by `indent` spaces.
std::string fragment(const json& v, std::size_t indent) {
  const std::string text = report::to_json_text(v, 2);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  const std::string pad = "\n" + std::string(indent, ' ');
  std::size_t i = 0;
  for (;;) {
    const std::size_t j = text.find('\n', i);
    if (j == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, j - i);
    out += pad;
    i = j + 1;
  }
  return out;
}

// Buffered output, handed over in batches of pieces: runs of the buffer and,
// without a copy, long fragments that stay where they are.
class Writer {
 public:
  explicit Writer(const EmitPieces& emit) : emit_(emit) { buf_.reserve(kCapacity); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() = default;

  // Copied into the buffer.
  void raw(std::string_view s) {
    room(s.size());
    buf_.append(s);
  }
  // Not copied when it is long: `s` must stay where it is until the writer
  // is done (fragments serialised once and pasted for many paths).
  void stable(std::string_view s) {
    if (s.size() < kDirectMin) {
      raw(s);
      return;
    }
    cut();
    pieces_.push_back(s);
    if (pieces_.size() >= kMaxPieces) flush();
  }
  // A JSON string, ASCII-escaped like print_json (an escape is at most six
  // bytes per byte).
  void str(std::string_view s) {
    room(6 * s.size() + 2);
    report::append_json_string(buf_, s);
  }
  // `"key": ` on a line indented by `indent` (keys are plain ASCII).
  void member(std::size_t indent, std::string_view key) {
    room(indent + key.size() + 4);
    buf_.append(indent, ' ');
    buf_ += '"';
    buf_.append(key);
    buf_ += "\": ";
  }
  void flush() {
    cut();
    if (!pieces_.empty()) emit_(pieces_);
    pieces_.clear();
    buf_.clear();
    start_ = 0;
  }

 private:
  // Below the 1 MB from which relctl's allocator hands blocks to malloc
  // and its 4 KB pages (src/cli/heap.cpp).
  static constexpr std::size_t kCapacity = std::size_t{1} << 19;
  static constexpr std::size_t kDirectMin = 256;
  static constexpr std::size_t kMaxPieces = 4096;

  // Pieces point into the buffer, so it must not move while they exist:
  // when `n` more bytes would not fit, everything is handed over first
  // (then the buffer may grow: nothing points into it).
  void room(std::size_t n) {
    if (buf_.size() + n > buf_.capacity()) flush();
  }
  // Ends the buffer's current piece.
  void cut() {
    if (buf_.size() > start_) pieces_.emplace_back(buf_.data() + start_, buf_.size() - start_);
    start_ = buf_.size();
  }

  const EmitPieces& emit_;
  std::string buf_;
  std::size_t start_ = 0;  // where the buffer's current piece begins
  std::vector<std::string_view> pieces_;
};

}  // namespace

std::string PathNormalizer::normalize(std::string_view raw) const {
  const std::string trimmed = text::strip(raw);
  const std::string normal = posix_normal(trimmed);
  const bool absolute = !normal.empty() && normal[0] == '/';
  if (!absolute) {
    auto parts = split_parts(normal);
    if (parts.size() >= 3 && parts[0] == "repos") {
      const std::string rest = join_from(parts, 2);
      return parts[1] == local_repo ? rest : parts[1] + ":" + rest;
    }
    return normal;
  }
  const fs::path candidate = resolved(fs::path(trimmed));
  if (auto rest = parts_under(candidate, resolved(checkout))) {
    return rest->empty() ? std::string(".") : join_from(*rest, 0);
  }
  if (workspace_root) {
    if (auto rest = parts_under(candidate, resolved(*workspace_root)); rest && rest->size() >= 2) {
      const std::string tail = join_from(*rest, 1);
      return (*rest)[0] == local_repo ? tail : (*rest)[0] + ":" + tail;
    }
  }
  return candidate.generic_string();
}

void write_owners_json(const LookupInputs& in, const std::vector<std::string>& paths, bool lean,
                       const EmitPieces& emit) {
  const auto& rules = in.ownership.rules();
  const json& report = in.status_report;

  // Lane contexts, and their text, made once per subsystem and only for the
  // subsystems the paths reach (one path reaches one or two of dozens).
  // Both vectors are sized here, never grown: the writer keeps views of the
  // texts until it flushes.
  std::vector<std::optional<json>> contexts(rules.size());
  std::vector<std::optional<std::string>> context_texts(rules.size());
  auto context_of = [&](std::uint32_t s) -> const json& {
    if (!contexts[s]) {
      json lc = lane_context(rules[s], report);
      contexts[s] = lean ? compact_lane_context(lc) : std::move(lc);
    }
    return *contexts[s];
  };
  auto context_text = [&](std::uint32_t s) -> const std::string& {
    if (!context_texts[s]) context_texts[s] = fragment(context_of(s), 10);
    return *context_texts[s];
  };
  std::map<std::string, std::uint32_t> rule_by_id;  // the last rule of an id, as the reference
  for (std::uint32_t s = 0; s < rules.size(); ++s) rule_by_id[rules[s].id] = s;

  std::vector<PathClass> classes;
  std::vector<std::vector<OwnershipIndex::Owner>> owners(paths.size());
  classes.reserve(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto& p = paths[i];
    PathClass c = PathClass::kRuntime;
    if (in.ignored.contains(p)) {
      c = PathClass::kIgnored;
    } else if (is_test_or_fixture(p)) {
      c = PathClass::kTestOrFixture;
    }
    classes.push_back(c);
    if (c != PathClass::kIgnored) owners[i] = in.ownership.owners(p);
  }

  // Impacted subsystems: runtime paths by owner, in order of first sight.
  struct Impacted {
    std::string contract;
    std::vector<std::string> touched;
    std::unordered_set<std::string> cycle;
  };
  std::map<std::string, Impacted> impacted;
  std::vector<std::string> impacted_order;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (classes[i] != PathClass::kRuntime) continue;
    for (const auto& o : owners[i]) {
      const auto& rule = rules[o.subsystem];
      auto [it, fresh] = impacted.try_emplace(rule.id);
      if (fresh) {
        it->second.contract = rule.contract;
        impacted_order.push_back(rule.id);
      }
      it->second.touched.push_back(paths[i]);
      if (in.ownership.is_cycle_artifact(o.subsystem, paths[i])) it->second.cycle.insert(paths[i]);
    }
  }

  // Required contract updates: owners, then contracts naming touched paths.
  std::map<std::string, ContractUpdate> updates;
  std::set<std::string> all_cycle;
  for (const auto& id : impacted_order) {
    const auto& data = impacted.at(id);
    all_cycle.insert(data.cycle.begin(), data.cycle.end());
    std::vector<std::string> impacting;
    for (const auto& p : data.touched) {
      if (!data.cycle.count(p)) impacting.push_back(p);
    }
    if (impacting.empty()) continue;
    ContractUpdate u;
    u.subsystem = id;
    u.contract = data.contract;
    u.owner = true;
    u.touched = std::move(impacting);
    updates[data.contract] = std::move(u);
  }
  std::set<std::string> touched_all;
  for (const auto& [id, data] : impacted) {
    for (const auto& p : data.touched) {
      if (!all_cycle.count(p)) touched_all.insert(p);
    }
  }
  for (const auto& path : touched_all) {
    for (const auto& m : in.contracts.referencing(path)) {
      auto [it, fresh] = updates.try_emplace(m.contract->contract);
      ContractUpdate& u = it->second;
      if (fresh) {
        u.subsystem = m.contract->subsystem_id;
        u.contract = m.contract->contract;
      }
      if (u.owner) continue;
      if (u.touched_set.insert(path).second) u.touched.push_back(path);
      for (const auto* r : m.references) {
        std::string descriptor = std::string(r->heading) + ": " + r->path;
        if (std::find(u.descriptors.begin(), u.descriptors.end(), descriptor) ==
            u.descriptors.end()) {
          u.descriptors.push_back(std::move(descriptor));
        }
        if (std::none_of(u.details.begin(), u.details.end(),
                         [&](const auto* d) { return *d == *r; })) {
          u.details.push_back(r);
        }
      }
    }
  }
  json required = json::array();
  std::unordered_map<std::string, std::vector<std::size_t>> dependents_of;  // path -> updates
  for (const auto& [contract, u] : updates) {
    if (!u.owner) {
      for (const auto& p : u.touched) dependents_of[p].push_back(required.size());
    }
    required.push_back(update_json(u, lean));
  }

  // Shared ownership entries by path (a later entry for the same path wins).
  std::unordered_map<std::string, const JsonNode*> shared;
  if (in.shared_ownerships && in.shared_ownerships->is_array()) {
    for (const auto& e : *in.shared_ownerships) {
      if (!e.is_object()) continue;
      auto it = e.find("path");
      if (it != nullptr && it->is_string()) shared[it->get<std::string>()] = &e;
    }
  }

  // Everything is known; write the report. Keys in sorted order, the
  // layout of print_json (indent 2, ASCII), with the parts that repeat
  // across paths (lane contexts, requirements, dependent updates) serialised
  // once and pasted.
  Writer w(emit);
  const json* cp = find_key(report, "control_plane");
  w.raw("{\n");
  w.member(2, "control_plane");
  w.raw(lean ? fragment(compact_control_plane(cp ? *cp : json::object()), 2)
             : fragment(cp ? *cp : json::object(), 2));
  w.raw(",\n");

  std::vector<std::string> dependent_frags;
  dependent_frags.reserve(required.size());
  for (const auto& r : required) dependent_frags.push_back(fragment(r, 8));
  // Requirement of a runtime match, split around its one touched path.
  std::map<std::pair<std::uint32_t, int>, std::pair<std::string, std::string>> runtime_reqs;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> test_reqs;
  const std::string placeholder = "\x01relctl-path\x01";
  const std::string placeholder_json = json(placeholder).dump(-1, ' ', true);

  w.member(2, "files");
  w.raw(paths.empty() ? "[]" : "[\n");
  json unowned = json::array();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string& path = paths[i];
    const PathClass c = classes[i];
    w.raw(i ? ",\n    {\n" : "    {\n");
    w.member(6, "classification");
    w.str(to_string(c));
    const bool has_matches_runtime = c == PathClass::kRuntime && !owners[i].empty();
    w.raw(",\n");
    w.member(6, "contract_update_required");
    w.raw(has_matches_runtime ? "true,\n" : "false,\n");
    w.member(6, "dependent_contract_updates");
    if (auto d = dependents_of.find(path); d != dependents_of.end()) {
      w.raw("[\n");
      for (std::size_t k = 0; k < d->second.size(); ++k) {
        w.raw(k ? ",\n        " : "        ");
        w.stable(dependent_frags[d->second[k]]);
      }
      w.raw("\n      ],\n");
    } else {
      w.raw("[],\n");
    }
    w.member(6, "matches");
    std::size_t n_matches = 0;
    auto open_match = [&]() { w.raw(n_matches++ ? ",\n        {\n" : "[\n        {\n"); };
    // {"type": ..., "value": ...} or null, as a member value at indent 10.
    auto write_basis = [&](std::uint32_t s) {
      for (const auto& o : owners[i]) {
        if (o.subsystem != s || (!o.owned_file && !o.prefix)) continue;
        w.raw("{\n            \"type\": ");
        w.raw(o.owned_file ? "\"owned-file\"" : "\"owned-prefix\"");
        w.raw(",\n            \"value\": ");
        w.str(o.owned_file ? path : rules[s].owned_prefixes[*o.prefix]);
        w.raw("\n          }");
        return;
      }
      w.raw("null");
    };
    if (c == PathClass::kRuntime) {
      std::map<std::string, std::vector<const ContractReference*>> refs_by_subsystem;
      if (!owners[i].empty()) {
        for (const auto& m : in.contracts.referencing(path)) {
          refs_by_subsystem[m.contract->subsystem_id] = m.references;
        }
      }
      for (const auto& o : owners[i]) {
        const auto& rule = rules[o.subsystem];
        open_match();
        w.member(10, "contract");
        w.str(rule.contract);
        w.raw(",\n");
        w.member(10, "contract_update_required");
        w.raw("true,\n");
        w.member(10, "lane_context");
        w.stable(context_text(o.subsystem));
        w.raw(",\n");
        w.member(10, "matched_contract_references");
        auto refs = refs_by_subsystem.find(rule.id);
        w.raw(refs == refs_by_subsystem.end() ? std::string("[]")
                                              : fragment(details_json(refs->second), 10));
        w.raw(",\n");
        w.member(10, "ownership_basis");
        write_basis(o.subsystem);
        w.raw(",\n");
        w.member(10, "proof_update_required");
        w.raw("true,\n");
        w.member(10, "subsystem");
        w.str(rule.id);
        w.raw(",\n");
        w.member(10, "verification_requirement");
        const auto pols = in.ownership.matching_policies(o.subsystem, path);
        const int key = pols.empty() ? -1 : static_cast<int>(pols.front());
        auto it = runtime_reqs.find({o.subsystem, key});
        if (it == runtime_reqs.end()) {
          Requirement req = in.ownership.requirements(o.subsystem, {path}).front();
          req.touched_runtime_files = {placeholder};
          const std::string text = fragment(req.to_json(), 10);
          const auto at = text.find(placeholder_json);
          it = runtime_reqs
                   .emplace(std::make_pair(o.subsystem, key),
                            std::make_pair(text.substr(0, at),
                                           text.substr(at + placeholder_json.size())))
                   .first;
        }
        w.stable(it->second.first);
        w.str(path);
        w.stable(it->second.second);
        w.raw("\n        }");
      }
      if (owners[i].empty()) unowned.push_back(path);
    } else if (c == PathClass::kTestOrFixture) {
      auto selected = in.ownership.test_policies(path);
      for (const auto& o : owners[i]) {
        const auto& policies = rules[o.subsystem].policies;
        for (std::uint32_t k = 0; k < policies.size(); ++k) {
          if (policies[k].allow_same_subsystem_tests) selected.emplace_back(o.subsystem, k);
        }
      }
      std::sort(selected.begin(), selected.end());
      selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
      for (const auto& [s, k] : selected) {
        const auto& rule = rules[s];
        open_match();
        w.member(10, "contract");
        w.str(rule.contract);
        w.raw(",\n");
        w.member(10, "contract_update_required");
        w.raw("false,\n");
        w.member(10, "lane_context");
        w.stable(context_text(s));
        w.raw(",\n");
        w.member(10, "ownership_basis");
        write_basis(s);
        w.raw(",\n");
        w.member(10, "proof_update_required");
        w.raw("false,\n");
        w.member(10, "subsystem");
        w.str(rule.id);
        w.raw(",\n");
        w.member(10, "verification_requirement");
        auto it = test_reqs.find({s, k});
        if (it == test_reqs.end()) {
          it = test_reqs
                   .emplace(std::make_pair(s, k),
                            fragment(requirement_from(rule.policies[k], {}).to_json(), 10))
                   .first;
        }
        w.stable(it->second);
        w.raw("\n        }");
      }
    }
    w.raw(n_matches ? "\n      ],\n" : "[],\n");
    w.member(6, "path");
    w.str(path);
    w.raw(",\n");
    w.member(6, "proof_update_required");
    w.raw(has_matches_runtime ? "true,\n" : "false,\n");
    w.member(6, "shared_ownership");
    auto so = shared.find(path);
    w.raw(so == shared.end() ? std::string("null") : fragment(json(so->second->to_json()), 6));
    w.raw("\n    }");
  }
  w.raw(paths.empty() ? ",\n" : "\n  ],\n");

  json impacted_json = json::array();
  for (const auto& [id, data] : impacted) {  // std::map: ordered by id, code point
    const std::uint32_t s = rule_by_id.at(id);
    std::vector<std::string> non_artifact;
    for (const auto& p : data.touched) {
      if (!data.cycle.count(p)) non_artifact.push_back(p);
    }
    json reqs = json::array();
    for (const auto& r : in.ownership.requirements(s, non_artifact)) reqs.push_back(r.to_json());
    impacted_json.push_back({{"subsystem", id},
                             {"contract", data.contract},
                             {"lane_context", context_of(s)},
                             {"touched_runtime_files", data.touched},
                             {"verification_requirements", std::move(reqs)}});
  }
  w.member(2, "impacted_subsystems");
  w.raw(fragment(impacted_json, 2));
  w.raw(",\n");
  w.member(2, "required_contract_updates");
  w.raw(fragment(required, 2));
  w.raw(",\n");
  if (!lean) {
    const json* scope = find_key(report, "scope");
    w.member(2, "scope");
    w.raw(fragment(scope ? *scope : json::object(), 2));
    w.raw(",\n");
  }
  w.member(2, "status_audit_errors");
  const json* errors = find_key(report, "errors");
  w.raw(fragment(errors ? *errors : json::array(), 2));
  w.raw(",\n");
  if (!lean) {
    const json* summary = find_key(report, "summary");
    w.member(2, "status_summary");
    w.raw(fragment(summary ? *summary : json::object(), 2));
    w.raw(",\n");
  }
  w.member(2, "unowned_runtime_files");
  w.raw(fragment(unowned, 2));
  w.raw("\n}\n");
  w.flush();
}

json lookup_owners(const LookupInputs& in, const std::vector<std::string>& paths, bool lean) {
  std::string text;
  write_owners_json(in, paths, lean, [&](std::span<const std::string_view> pieces) {
    for (const auto p : pieces) text.append(p);
  });
  return json::parse(text);
}

}  // namespace relctl::registry
