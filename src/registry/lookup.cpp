#include "relctl/registry/lookup.hpp"

#include <algorithm>
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
  return std::any_of(list->begin(), list->end(),
                     [&](const json& v) { return v.is_string() && v.get_ref<const std::string&>() == value; });
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

json lookup_owners(const LookupInputs& in, const std::vector<std::string>& paths, bool lean) {
  const auto& rules = in.ownership.rules();
  const json& report = in.status_report;

  // Lane contexts, once per subsystem.
  std::vector<json> contexts;
  contexts.reserve(rules.size());
  for (const auto& r : rules) {
    json lc = lane_context(r, report);
    contexts.push_back(lean ? compact_lane_context(lc) : std::move(lc));
  }
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
        std::string descriptor = r->heading + ": " + r->path;
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
  std::unordered_map<std::string, const Json*> shared;
  if (in.shared_ownerships && in.shared_ownerships->is_array()) {
    for (const auto& e : *in.shared_ownerships) {
      if (!e.is_object()) continue;
      auto it = e.find("path");
      if (it != e.end() && it->is_string()) shared[it->get<std::string>()] = &e;
    }
  }

  json files = json::array();
  json unowned = json::array();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string& path = paths[i];
    const PathClass c = classes[i];
    json matches = json::array();
    if (c == PathClass::kRuntime) {
      std::map<std::string, std::vector<const ContractReference*>> refs_by_subsystem;
      if (!owners[i].empty()) {
        for (const auto& m : in.contracts.referencing(path)) {
          refs_by_subsystem[m.contract->subsystem_id] = m.references;
        }
      }
      for (const auto& o : owners[i]) {
        const auto& rule = rules[o.subsystem];
        json basis = nullptr;
        if (o.owned_file) {
          basis = {{"type", "owned-file"}, {"value", path}};
        } else if (o.prefix) {
          basis = {{"type", "owned-prefix"}, {"value", rule.owned_prefixes[*o.prefix]}};
        }
        auto refs = refs_by_subsystem.find(rule.id);
        matches.push_back(
            {{"subsystem", rule.id},
             {"contract", rule.contract},
             {"lane_context", contexts[o.subsystem]},
             {"contract_update_required", true},
             {"proof_update_required", true},
             {"ownership_basis", basis},
             {"matched_contract_references",
              refs == refs_by_subsystem.end() ? json::array() : details_json(refs->second)},
             {"verification_requirement",
              in.ownership.requirements(o.subsystem, {path}).front().to_json()}});
      }
      if (matches.empty()) unowned.push_back(path);
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
        json basis = nullptr;
        for (const auto& o : owners[i]) {
          if (o.subsystem != s) continue;
          if (o.owned_file) {
            basis = {{"type", "owned-file"}, {"value", path}};
          } else if (o.prefix) {
            basis = {{"type", "owned-prefix"}, {"value", rule.owned_prefixes[*o.prefix]}};
          }
        }
        matches.push_back({{"subsystem", rule.id},
                           {"contract", rule.contract},
                           {"lane_context", contexts[s]},
                           {"contract_update_required", false},
                           {"proof_update_required", false},
                           {"ownership_basis", basis},
                           {"verification_requirement",
                            requirement_from(rule.policies[k], {}).to_json()}});
      }
    }
    json dependents = json::array();
    if (auto d = dependents_of.find(path); d != dependents_of.end()) {
      for (std::size_t idx : d->second) dependents.push_back(required[idx]);
    }
    const bool required_flag = c == PathClass::kRuntime && !matches.empty();
    auto so = shared.find(path);
    files.push_back({{"path", path},
                     {"classification", to_string(c)},
                     {"matches", std::move(matches)},
                     {"shared_ownership", so == shared.end() ? json(nullptr) : json(*so->second)},
                     {"dependent_contract_updates", std::move(dependents)},
                     {"contract_update_required", required_flag},
                     {"proof_update_required", required_flag}});
  }

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
                             {"lane_context", contexts[s]},
                             {"touched_runtime_files", data.touched},
                             {"verification_requirements", std::move(reqs)}});
  }

  const json* cp = find_key(report, "control_plane");
  json out{{"status_audit_errors", report.contains("errors") ? report["errors"] : json::array()},
           {"files", std::move(files)},
           {"impacted_subsystems", std::move(impacted_json)},
           {"required_contract_updates", std::move(required)},
           {"unowned_runtime_files", std::move(unowned)}};
  if (lean) {
    out["control_plane"] = compact_control_plane(cp ? *cp : json::object());
  } else {
    out["control_plane"] = cp ? *cp : json::object();
    const json* scope = find_key(report, "scope");
    out["scope"] = scope ? *scope : json::object();
    const json* summary = find_key(report, "summary");
    out["status_summary"] = summary ? *summary : json::object();
  }
  return out;
}

}  // namespace relctl::registry
