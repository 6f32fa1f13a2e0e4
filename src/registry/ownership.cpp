#include "relctl/registry/ownership.hpp"

#include <algorithm>
#include <map>

namespace relctl::registry {

namespace {

std::string text_of(const JsonNode* v, const std::string& fallback) {
  if (v == nullptr) return fallback;
  if (v->is_string()) return v->get<std::string>();
  return v->dump();
}

ViewList strings(const JsonNode& o, const char* key) {
  ViewList out;
  const JsonNode* v = o.find(key);
  if (v == nullptr || !v->is_array()) return out;
  out.reserve(v->size());
  for (const auto& e : *v) {
    if (e.is_string()) out.push_back(e.str());
  }
  return out;
}

bool truthy_bool(const JsonNode& o, const char* key) {
  const JsonNode* v = o.find(key);
  return v != nullptr && v->is_boolean() && v->get<bool>();
}

StrList sorted_unique(StrList v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

StrList sorted_unique(const ViewList& v) { return sorted_unique(StrList(v.begin(), v.end())); }

}  // namespace

SubsystemRule read_rule(const JsonNode& s) {
  SubsystemRule r;
  if (!s.is_object()) return r;
  {
    r.id = text_of(s.find("id"), "");
    r.lane = text_of(s.find("lane"), "");
    r.contract = text_of(s.find("contract"), "");
    r.owned_prefixes = strings(s, "owned_prefixes");
    r.owned_files = strings(s, "owned_files");
    r.release_cycle_artifact_globs = strings(s, "release_cycle_artifact_globs");
    if (const JsonNode* v = s.find("verification"); v != nullptr && v->is_object()) {
      r.allow_same_subsystem_tests = truthy_bool(*v, "allow_same_subsystem_tests");
      r.require_explicit_path_policy_coverage =
          truthy_bool(*v, "require_explicit_path_policy_coverage");
      r.test_prefixes = strings(*v, "test_prefixes");
      r.exact_files = strings(*v, "exact_files");
      if (const JsonNode* pp = v->find("path_policies"); pp != nullptr && pp->is_array()) {
        for (const auto& p : *pp) {
          if (!p.is_object()) continue;
          PolicyRule pr;
          pr.id = text_of(p.find("id"), "default");
          pr.label = text_of(p.find("label"), pr.id);
          pr.match_prefixes = strings(p, "match_prefixes");
          pr.match_files = strings(p, "match_files");
          pr.test_prefixes = strings(p, "test_prefixes");
          pr.exact_files = strings(p, "exact_files");
          pr.allow_same_subsystem_tests = truthy_bool(p, "allow_same_subsystem_tests");
          r.policies.push_back(std::move(pr));
        }
      }
    }
  }
  return r;
}

std::vector<SubsystemRule> read_rules(const JsonNode& subsystems) {
  std::vector<SubsystemRule> out;
  if (!subsystems.is_array()) return out;
  for (const auto& s : subsystems) {
    if (s.is_object()) out.push_back(read_rule(s));
  }
  return out;
}

nlohmann::json Requirement::to_json() const {
  nlohmann::json j{{"id", id},
                   {"label", label},
                   {"touched_runtime_files", touched_runtime_files},
                   {"allow_same_subsystem_tests", allow_same_subsystem_tests},
                   {"test_prefixes", test_prefixes},
                   {"exact_files", exact_files}};
  if (path_policy_gap) j["path_policy_gap"] = true;
  return j;
}

Requirement requirement_from(const PolicyRule& p, StrList touched) {
  Requirement r;
  r.id = p.id;
  r.label = p.label;
  r.touched_runtime_files = sorted_unique(std::move(touched));
  r.allow_same_subsystem_tests = p.allow_same_subsystem_tests;
  r.test_prefixes = sorted_unique(p.test_prefixes);
  r.exact_files = sorted_unique(p.exact_files);
  return r;
}

Requirement default_requirement(const SubsystemRule& s, StrList touched) {
  Requirement r;
  r.id = "default";
  r.label = "default subsystem verification";
  r.touched_runtime_files = sorted_unique(std::move(touched));
  r.allow_same_subsystem_tests = s.allow_same_subsystem_tests;
  r.test_prefixes = sorted_unique(s.test_prefixes);
  r.exact_files = sorted_unique(s.exact_files);
  return r;
}

OwnershipIndex::OwnershipIndex(std::vector<SubsystemRule> rules) : rules_(std::move(rules)) {
  for (std::uint32_t s = 0; s < rules_.size(); ++s) {
    const auto& r = rules_[s];
    for (std::uint32_t i = 0; i < r.owned_prefixes.size(); ++i) {
      owned_.add_prefix(r.owned_prefixes[i], s, i);
    }
    for (const auto& f : r.owned_files) owned_.add_file(f, s, 0);
    for (std::uint32_t k = 0; k < r.policies.size(); ++k) {
      const auto& p = r.policies[k];
      for (const auto& x : p.match_prefixes) policies_.add_prefix(x, s, k);
      for (const auto& f : p.match_files) policies_.add_file(f, s, k);
      for (const auto& x : p.test_prefixes) tests_.add_prefix(x, s, k);
      for (const auto& f : p.exact_files) tests_.add_file(f, s, k);
    }
  }
  owned_.finish();
  policies_.finish();
  tests_.finish();
}

std::vector<OwnershipIndex::Owner> OwnershipIndex::owners(std::string_view path) const {
  std::vector<PathMatcher::Hit> hits;
  owned_.collect(path, hits);
  std::vector<Owner> out;
  if (hits.empty()) return out;
  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    return a.group != b.group ? a.group < b.group : a.ordinal < b.ordinal;
  });
  for (const auto& h : hits) {
    if (out.empty() || out.back().subsystem != h.group) out.push_back(Owner{h.group, false, {}});
    Owner& o = out.back();
    if (h.exact) {
      o.owned_file = true;
    } else if (!o.prefix || h.ordinal < *o.prefix) {
      o.prefix = h.ordinal;
    }
  }
  return out;
}

bool OwnershipIndex::owns(std::uint32_t subsystem, std::string_view path) const {
  const auto& r = rules_[subsystem];
  if (std::find(r.owned_files.begin(), r.owned_files.end(), path) != r.owned_files.end()) {
    return true;
  }
  return std::any_of(r.owned_prefixes.begin(), r.owned_prefixes.end(),
                     [&](std::string_view p) { return prefix_matches(path, p); });
}

std::vector<std::uint32_t> OwnershipIndex::matching_policies(std::uint32_t subsystem,
                                                             std::string_view path) const {
  std::vector<PathMatcher::Hit> hits;
  policies_.collect(path, hits);
  std::vector<std::uint32_t> out;
  for (const auto& h : hits) {
    if (h.group == subsystem) out.push_back(h.ordinal);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> OwnershipIndex::test_policies(
    std::string_view path) const {
  std::vector<PathMatcher::Hit> hits;
  tests_.collect(path, hits);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  out.reserve(hits.size());
  for (const auto& h : hits) out.emplace_back(h.group, h.ordinal);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool OwnershipIndex::is_cycle_artifact(std::uint32_t subsystem, std::string_view path) const {
  const auto& globs = rules_[subsystem].release_cycle_artifact_globs;
  return std::any_of(globs.begin(), globs.end(),
                     [&](std::string_view g) { return glob_matches(path, g); });
}

std::vector<Requirement> OwnershipIndex::requirements(std::uint32_t subsystem,
                                                      const StrList& touched) const {
  const auto& rule = rules_[subsystem];
  std::vector<Requirement> out;
  std::map<std::string, std::size_t> by_id;  // policy id -> index in out
  StrList unmatched;
  for (const auto& path : touched) {
    const auto matching = matching_policies(subsystem, path);
    if (matching.empty()) {
      unmatched.push_back(path);
      continue;
    }
    const PolicyRule& p = rule.policies[matching.front()];
    auto it = by_id.find(p.id);
    if (it == by_id.end()) {
      it = by_id.emplace(p.id, out.size()).first;
      out.push_back(requirement_from(p, {}));
    }
    out[it->second].touched_runtime_files.push_back(path);
  }
  if (!unmatched.empty()) {
    if (rule.require_explicit_path_policy_coverage) {
      Requirement gap;
      gap.id = "missing-path-policy-coverage";
      gap.label = "registry path policy coverage";
      gap.touched_runtime_files = std::move(unmatched);
      gap.path_policy_gap = true;
      out.insert(out.begin(), std::move(gap));
    } else {
      out.insert(out.begin(), default_requirement(rule, std::move(unmatched)));
    }
  }
  return out;
}

}  // namespace relctl::registry
