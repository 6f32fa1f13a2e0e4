#include "relctl/registry/audit.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "relctl/load/errors.hpp"
#include "relctl/model/control_plane.hpp"
#include "relctl/registry/ownership.hpp"
#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/util/text.hpp"

namespace relctl::registry {

using nlohmann::json;

namespace {

std::set<std::string> required_list(const JsonDocument& doc, const JsonPath& at) {
  const JsonNode* node = &doc.root();
  for (const auto& seg : at.segments()) {
    const std::string* key = std::get_if<std::string>(&seg);
    const JsonNode* next = key == nullptr ? nullptr : node->find(*key);
    if (next == nullptr) {
      throw LoadError(doc.file(),
                      fmt::format("the registry audit needs {} in the schema", at.str()),
                      doc.locate(at), at);
    }
    node = next;
  }
  if (!node->is_array()) {
    throw LoadError(doc.file(), fmt::format("{} must be a list of field names", at.str()),
                    doc.locate(at), at);
  }
  std::set<std::string> out;
  for (const auto& v : *node) {
    if (v.is_string()) out.insert(v.get<std::string>());
  }
  return out;
}

std::string repr(const JsonNode& v) {
  if (v.is_string()) return rules::quote(v.get<std::string>());
  return v.dump();
}

// Whether a list holds two equal items: strings compared by their text,
// anything else by its JSON (a string never equals another type).
bool has_equal_items(const JsonNode& list) {
  std::unordered_set<std::string_view> strings;
  std::unordered_set<std::string> others;
  for (const auto& v : list) {
    if (v.is_string() ? !strings.insert(v.str()).second : !others.insert(v.dump()).second) {
      return true;
    }
  }
  return false;
}

// Its string items, in order (views into the document).
std::vector<std::string_view> string_items(const JsonNode& list) {
  std::vector<std::string_view> out;
  for (const auto& v : list) {
    if (v.is_string()) out.push_back(v.str());
  }
  return out;
}

bool lane_id_ok(const std::string& s) {
  // ^L[0-9]+$ with Python's re.match, where $ also matches before a final newline.
  std::string_view v = s;
  if (!v.empty() && v.back() == '\n') v.remove_suffix(1);
  if (v.size() < 2 || v[0] != 'L') return false;
  return std::all_of(v.begin() + 1, v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool nonblank_string(const JsonNode* v) {
  return v != nullptr && v->is_string() && !text::is_blank(v->str());
}

// Sorted by casefold(): compared pairwise, without building the folded
// strings (rules::fold_compare).
template <class Strs>
bool fold_sorted(const Strs& v) {
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (rules::fold_compare(v[i], v[i - 1]) < 0) return false;
  }
  return true;
}

std::vector<std::string> fold_sorted_copy(std::vector<std::string> v) {
  std::vector<std::pair<std::string, std::string>> keyed;
  for (auto& s : v) keyed.emplace_back(rules::casefold(s), std::move(s));
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& k : keyed) out.push_back(std::move(k.second));
  return out;
}

std::string quote_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    out += rules::quote(v[i]);
  }
  return out + "]";
}

class Auditor {
 public:
  explicit Auditor(const RegistryAuditInputs& in) : in_(in) {}

  json run();

 private:
  void error(std::string msg) { errors_.push_back(std::move(msg)); }
  // The errors as a JSON array, their strings moved rather than copied (at
  // x100 scale there are 150,000 of them).
  json take_errors() {
    json out = json::array();
    auto& items = out.get_ref<json::array_t&>();
    items.reserve(errors_.size());
    for (auto& e : errors_) items.emplace_back(std::move(e));
    errors_ = {};
    return out;
  }

  bool tracked(const std::string& p) const {
    return std::binary_search(in_.tracked_files.begin(), in_.tracked_files.end(), p);
  }
  bool any_tracked_under(const std::string& prefix) const {
    auto it = std::lower_bound(in_.tracked_files.begin(), in_.tracked_files.end(), prefix);
    return it != in_.tracked_files.end() && it->compare(0, prefix.size(), prefix) == 0;
  }

  // `ctx` names the item in a finding: a string, or a function making one
  // (most items have no finding, and their names were a good part of the
  // audit's work).
  template <class Ctx>
  static std::string name_of(const Ctx& ctx) {
    if constexpr (std::is_invocable_v<const Ctx&>) {
      return ctx();
    } else {
      return std::string(ctx);
    }
  }
  template <class Ctx>
  void check_file(const std::string& p, const Ctx& ctx) {
    if (!model::is_clean_relative_path(p)) {
      error(fmt::format("{} is not a clean repository-relative path: {}", name_of(ctx),
                        rules::quote(p)));
    } else if (!tracked(p)) {
      error(fmt::format("{} names {}, which no active repository tracks", name_of(ctx),
                        rules::quote(p)));
    }
  }
  template <class Ctx>
  void check_prefix(const std::string& p, const Ctx& ctx) {
    std::string_view raw = p;
    while (!raw.empty() && raw.back() == '/') raw.remove_suffix(1);
    if (!model::is_clean_relative_path(std::string(raw))) {
      error(fmt::format("{} is not a clean repository-relative prefix: {}", name_of(ctx),
                        rules::quote(p)));
    } else if (!any_tracked_under(p)) {
      error(fmt::format("{} matches no tracked file: {}", name_of(ctx), rules::quote(p)));
    }
  }

  // No equal items, string items in casefold order.
  void check_list_order(const JsonNode& list, const std::string& at) {
    if (has_equal_items(list)) error(fmt::format("{} lists an entry more than once", at));
    if (!fold_sorted(string_items(list))) {
      error(fmt::format("{} is not in case-insensitive sorted order", at));
    }
  }

  // The list rules: a list, no duplicates, casefold order; then each item a
  // non-blank string checked as a prefix or a file. Returns false when the
  // value is not a list.
  enum class Items { kPrefixes, kFiles };
  bool check_list(const JsonNode& owner, const char* key, const std::string& ctx, Items kind) {
    const std::string at = fmt::format("{}.{}", ctx, key);
    auto it = owner.find(key);
    if (it == nullptr || !it->is_array()) {
      error(fmt::format("{} must be a list", at));
      return false;
    }
    const JsonNode& list = *it;
    check_list_order(list, at);
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto item_ctx = [&at, i] { return fmt::format("{}[{}]", at, i); };
      if (!nonblank_string(&list[i])) {
        error(fmt::format("{} must be a non-empty string", item_ctx()));
        continue;
      }
      const std::string s(list[i].str());
      if (kind == Items::kPrefixes) {
        check_prefix(s, item_ctx);
      } else {
        check_file(s, item_ctx);
      }
    }
    return true;
  }

  void required_fields(const JsonNode& o, const std::set<std::string>& fields,
                       const std::string& ctx) {
    for (const auto& f : fields) {
      if (!o.contains(f)) error(fmt::format("{} lacks the required field {}", ctx, f));
    }
  }

  const RegistryAuditInputs& in_;
  std::vector<std::string> errors_;
};

json Auditor::run() {
  const JsonNode& reg = in_.registry;
  const JsonNode& root = reg.is_object() ? reg : JsonNode::empty_object();
  required_fields(root, in_.schema.top, "registry.json");
  {
    auto v = root.find("version");
    if (v == nullptr || v->to_json() != in_.schema.version) {
      error(fmt::format("registry.json version must be {} (the schema's const)",
                        in_.schema.version.dump()));
    }
  }
  auto subs_it = root.find("subsystems");
  if (subs_it == nullptr || !subs_it->is_array() || subs_it->empty()) {
    error("registry.json needs a non-empty subsystems list");
    return {{"errors", take_errors()}, {"warnings", json::array()}, {"summary", json::object()}};
  }
  const JsonNode& subsystems = *subs_it;
  const JsonNode* shared_list = &JsonNode::empty_object();  // no members either way
  if (auto so = root.find("shared_ownerships"); so != nullptr && so->is_array()) {
    shared_list = &*so;
  } else {
    error("registry.json needs a shared_ownerships list");
  }

  // Ownership over the tracked files, computed once for every subsystem.
  std::vector<SubsystemRule> read;
  read.reserve(subsystems.size());
  for (const auto& s : subsystems) read.push_back(read_rule(s));
  const OwnershipIndex index(std::move(read));  // one copy of the rules (43 MB at x100)
  const std::vector<SubsystemRule>& rules = index.rules();
  // Views of in_.tracked_files (94,000 paths at x100 scale: copies were 10 MB).
  std::vector<std::vector<std::string_view>> owned_runtime(rules.size());
  for (const auto& f : in_.tracked_files) {  // sorted, so every list comes out sorted
    if (is_test_or_fixture(f) || in_.ignored.contains(f)) continue;
    for (const auto& o : index.owners(f)) owned_runtime[o.subsystem].push_back(f);
  }

  std::set<std::string> seen_ids, seen_contracts;
  std::vector<std::string> id_order;
  json rows = json::array();
  for (std::size_t i = 0; i < subsystems.size(); ++i) {
    const JsonNode& sub = subsystems[i];
    const std::string ctx = fmt::format("subsystems[{}]", i);
    if (!sub.is_object()) {
      error(fmt::format("{} must be an object", ctx));
      continue;
    }
    required_fields(sub, in_.schema.subsystem, ctx);
    auto id_it = sub.find("id");
    if (id_it == nullptr || !nonblank_string(&*id_it)) {
      error(fmt::format("{} needs a non-empty string id", ctx));
      continue;
    }
    const std::string id = id_it->get<std::string>();
    if (!seen_ids.insert(id).second) {
      error(fmt::format("{} repeats the subsystem id {}", ctx, rules::quote(id)));
    }
    id_order.push_back(id);

    const auto lane_it = sub.find("lane");
    static const JsonNode kNull;
    const JsonNode& lane = lane_it == nullptr ? kNull : *lane_it;
    if (!lane.is_string() || !lane_id_ok(lane.get<std::string>())) {
      error(fmt::format("{} has lane {}, which is not of the form L<number>", ctx, repr(lane)));
    } else if (!in_.lane_ids.count(lane.get<std::string>())) {
      error(fmt::format("{} names lane {}, which status.json does not have", ctx, repr(lane)));
    }

    auto contract_it = sub.find("contract");
    if (contract_it == nullptr || !nonblank_string(&*contract_it)) {
      error(fmt::format("{} needs a non-empty string contract", ctx));
    } else {
      const std::string contract = contract_it->get<std::string>();
      check_file(contract, ctx + ".contract");
      if (!seen_contracts.insert(contract).second) {
        error(fmt::format("{} shares its contract {} with an earlier subsystem", ctx,
                          rules::quote(contract)));
      }
    }
    check_list(sub, "owned_prefixes", ctx, Items::kPrefixes);
    check_list(sub, "owned_files", ctx, Items::kFiles);

    auto ver_it = sub.find("verification");
    if (ver_it == nullptr || !ver_it->is_object()) {
      error(fmt::format("{}.verification must be an object", ctx));
      continue;
    }
    const JsonNode& ver = *ver_it;
    const std::string vctx = ctx + ".verification";
    required_fields(ver, in_.schema.verification, vctx);
    if (auto v = ver.find("allow_same_subsystem_tests"); v == nullptr || !v->is_boolean()) {
      error(fmt::format("{}.allow_same_subsystem_tests must be true or false", vctx));
    }
    if (auto v = ver.find("require_explicit_path_policy_coverage");
        v == nullptr || !v->is_boolean()) {
      error(fmt::format("{}.require_explicit_path_policy_coverage must be true or false", vctx));
    } else if (!v->get<bool>()) {
      error(fmt::format("{}.require_explicit_path_policy_coverage must be true", vctx));
    }
    check_list(ver, "test_prefixes", vctx, Items::kPrefixes);
    check_list(ver, "exact_files", vctx, Items::kFiles);
    std::size_t policy_count = 0;
    auto pp_it = ver.find("path_policies");
    if (pp_it == nullptr || !pp_it->is_array()) {
      error(fmt::format("{}.path_policies must be a list", vctx));
    } else {
      policy_count = pp_it->size();
      std::set<std::string> seen_policy_ids;
      for (std::size_t k = 0; k < pp_it->size(); ++k) {
        const JsonNode& pol = (*pp_it)[k];
        const std::string pctx = fmt::format("{}.path_policies[{}]", vctx, k);
        if (!pol.is_object()) {
          error(fmt::format("{} must be an object", pctx));
          continue;
        }
        required_fields(pol, in_.schema.path_policy, pctx);
        auto pid = pol.find("id");
        if (pid == nullptr || !nonblank_string(&*pid)) {
          error(fmt::format("{} needs a non-empty string id", pctx));
        } else if (!seen_policy_ids.insert(pid->get<std::string>()).second) {
          error(fmt::format("{} repeats the policy id {}", pctx, repr(*pid)));
        }
        if (auto label = pol.find("label"); label == nullptr || !nonblank_string(&*label)) {
          error(fmt::format("{} needs a non-empty string label", pctx));
        }
        // List shape first for both match lists, then their items.
        bool any_match = false;
        for (const char* key : {"match_prefixes", "match_files"}) {
          const std::string at = fmt::format("{}.{}", pctx, key);
          auto it = pol.find(key);
          if (it == nullptr || !it->is_array()) {
            error(fmt::format("{} must be a list", at));
            continue;
          }
          if (!it->empty()) any_match = true;
          check_list_order(*it, at);
        }
        if (!any_match) {
          error(fmt::format("{} needs at least one match_prefixes or match_files entry", pctx));
        }
        for (const char* key : {"match_prefixes", "match_files"}) {
          auto it = pol.find(key);
          if (it == nullptr || !it->is_array()) continue;
          for (std::size_t j = 0; j < it->size(); ++j) {
            auto item_ctx = [&pctx, key, j] { return fmt::format("{}.{}[{}]", pctx, key, j); };
            if (!nonblank_string(&(*it)[j])) {
              error(fmt::format("{} must be a non-empty string", item_ctx()));
              continue;
            }
            const std::string s((*it)[j].str());
            if (std::string_view(key) == "match_prefixes") {
              check_prefix(s, item_ctx);
            } else {
              check_file(s, item_ctx);
            }
          }
        }
        if (auto v = pol.find("allow_same_subsystem_tests"); v == nullptr || !v->is_boolean()) {
          error(fmt::format("{}.allow_same_subsystem_tests must be true or false", pctx));
        }
        check_list(pol, "test_prefixes", pctx, Items::kPrefixes);
        check_list(pol, "exact_files", pctx, Items::kFiles);
      }
    }

    // Coverage: which policies match the owned runtime files.
    const auto& rule = rules[i];
    const auto& owned = owned_runtime[i];
    const std::size_t n_pol = rule.policies.size();
    std::vector<std::size_t> matched(n_pol, 0);   // files each policy matches
    std::vector<std::size_t> shadowed(n_pol, 0);  // of those, files an earlier policy matches
    std::size_t uncovered_count = 0;
    std::vector<std::string_view> uncovered;
    for (const auto f : owned) {
      const auto pols = index.matching_policies(static_cast<std::uint32_t>(i), f);
      if (pols.empty()) {
        uncovered.push_back(f);
        continue;
      }
      for (auto k : pols) {
        ++matched[k];
        if (pols.front() < k) ++shadowed[k];
      }
    }
    // Policy contexts: the object elements of path_policies, in order.
    std::vector<std::size_t> raw_index;
    if (pp_it != nullptr && pp_it->is_array()) {
      for (std::size_t k = 0; k < pp_it->size(); ++k) {
        if ((*pp_it)[k].is_object()) raw_index.push_back(k);
      }
    }
    for (std::size_t k = 0; k < n_pol && k < raw_index.size(); ++k) {
      const std::string pctx = fmt::format("{}.path_policies[{}]", vctx, raw_index[k]);
      if (matched[k] == 0) {
        error(fmt::format("{} matches none of the subsystem's owned runtime files", pctx));
      } else if (k > 0 && shadowed[k] == matched[k]) {
        error(fmt::format(
            "{} can never apply: earlier path policies already match every file it matches", pctx));
      }
    }
    for (const auto& f : uncovered) {
      ++uncovered_count;
      error(fmt::format(
          "{} owns {}, which no path policy matches (it would fall back to default verification)",
          ctx, rules::quote(std::string(f))));
    }
    rows.push_back({{"id", id},
                    {"lane", lane.to_json()},
                    {"owned_runtime_file_count", owned.size()},
                    {"default_fallback_count", uncovered_count},
                    {"path_policy_count", policy_count}});
  }
  if (!fold_sorted(id_order)) error("registry.json subsystems are not sorted by id");

  // Files that more than one subsystem owns, with their owners in casefold
  // order: every (file, subsystem) pair, ordered by file and, within a file,
  // in registry order (a stable sort of pairs made in that order).
  std::vector<std::pair<std::string_view, const JsonNode*>> owned_by;
  for (std::size_t i = 0; i < subsystems.size(); ++i) {
    const JsonNode& sub = subsystems[i];
    if (!sub.is_object()) continue;
    auto id_it = sub.find("id");
    if (id_it == nullptr || !nonblank_string(&*id_it)) continue;
    for (const auto f : owned_runtime[i]) owned_by.emplace_back(f, &*id_it);
  }
  std::stable_sort(owned_by.begin(), owned_by.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::map<std::string_view, std::vector<std::string>> actual;
  for (std::size_t a = 0, b = 0; a < owned_by.size(); a = b) {
    b = a + 1;
    while (b < owned_by.size() && owned_by[b].first == owned_by[a].first) ++b;
    if (b - a < 2) continue;
    std::vector<std::string> ids;
    for (std::size_t k = a; k < b; ++k) ids.push_back(owned_by[k].second->get<std::string>());
    actual.emplace(owned_by[a].first, fold_sorted_copy(std::move(ids)));
  }

  std::set<std::string> seen_shared;
  std::vector<std::string> declared;
  for (std::size_t k = 0; k < shared_list->size(); ++k) {
    const JsonNode& e = (*shared_list)[k];
    const std::string ctx = fmt::format("shared_ownerships[{}]", k);
    if (!e.is_object()) {
      error(fmt::format("{} must be an object", ctx));
      continue;
    }
    required_fields(e, in_.schema.shared_ownership, ctx);
    auto path_it = e.find("path");
    if (path_it == nullptr || !nonblank_string(&*path_it)) {
      error(fmt::format("{}.path must be a non-empty string", ctx));
      continue;
    }
    const std::string path = path_it->get<std::string>();
    declared.push_back(path);
    check_file(path, ctx + ".path");
    if (!seen_shared.insert(path).second) {
      error(fmt::format("{}.path repeats the shared ownership entry for {}", ctx,
                        rules::quote(path)));
    }
    if (auto r = e.find("rationale"); r == nullptr || !nonblank_string(&*r)) {
      error(fmt::format("{}.rationale must be a non-empty string", ctx));
    }
    std::vector<std::string> listed;
    auto subs = e.find("subsystems");
    if (subs == nullptr || !subs->is_array()) {
      error(fmt::format("{}.subsystems must be a list", ctx));
    } else {
      if (has_equal_items(*subs)) {
        error(fmt::format("{}.subsystems lists a subsystem more than once", ctx));
      }
      for (std::size_t j = 0; j < subs->size(); ++j) {
        const JsonNode& v = (*subs)[j];
        if (!nonblank_string(&v)) {
          error(fmt::format("{}.subsystems[{}] must be a non-empty string", ctx, j));
          continue;
        }
        listed.push_back(v.get<std::string>());
        if (!seen_ids.count(listed.back())) {
          error(fmt::format("{}.subsystems[{}] names {}, which is not a subsystem", ctx, j,
                            rules::quote(listed.back())));
        }
      }
    }
    if (!fold_sorted(listed)) {
      error(fmt::format("{}.subsystems is not in case-insensitive sorted order", ctx));
    }
    auto a = actual.find(path);
    if (a == actual.end()) {
      error(fmt::format("{}.path = {} is not a runtime file owned by more than one subsystem", ctx,
                        rules::quote(path)));
    } else if (!listed.empty() && listed != a->second) {
      error(fmt::format("{}.subsystems = {} but the owners are {}", ctx, quote_list(listed),
                        quote_list(a->second)));
    }
  }
  if (!fold_sorted(declared)) error("registry.json shared_ownerships are not sorted by path");
  const std::set<std::string, std::less<>> declared_set(declared.begin(), declared.end());
  std::vector<std::string> undeclared;
  std::vector<std::string> stale;
  for (const auto& [f, ids] : actual) {
    if (!declared_set.count(f)) undeclared.emplace_back(f);
  }
  for (const auto& f : declared_set) {
    if (!actual.count(f)) stale.push_back(f);
  }
  for (const auto& f : fold_sorted_copy(undeclared)) {
    error(fmt::format("registry.json has no shared ownership entry for {}, owned by {}",
                      rules::quote(f), quote_list(actual.at(f))));
  }
  for (const auto& f : fold_sorted_copy(stale)) {
    error(
        fmt::format("registry.json shared ownership entry for {} is stale: no two subsystems "
                    "own it",
                    rules::quote(f)));
  }

  std::size_t explicit_coverage = 0;
  for (const auto& sub : subsystems) {
    if (!sub.is_object()) continue;
    auto v = sub.find("verification");
    if (v == nullptr || !v->is_object()) continue;
    auto r = v->find("require_explicit_path_policy_coverage");
    if (r != nullptr && r->is_boolean() && r->get<bool>()) ++explicit_coverage;
  }
  return {{"errors", take_errors()},
          {"warnings", json::array()},
          {"summary",
           {{"shared_ownership_count", actual.size()},
            {"subsystem_count", rows.size()},
            {"explicit_coverage_subsystems", explicit_coverage}}},
          {"subsystems", std::move(rows)}};
}

}  // namespace

RegistrySchemaContract read_registry_schema_contract(const JsonDocument& schema) {
  RegistrySchemaContract c;
  c.top = required_list(schema, JsonPath{"required"});
  c.subsystem = required_list(schema, JsonPath{"$defs", "subsystem", "required"});
  c.verification = required_list(schema, JsonPath{"$defs", "verification", "required"});
  c.path_policy = required_list(schema, JsonPath{"$defs", "path_policy", "required"});
  c.shared_ownership = required_list(schema, JsonPath{"$defs", "shared_ownership", "required"});
  const JsonPath at{"properties", "version", "const"};
  const JsonNode* node = &schema.root();
  for (const auto& seg : at.segments()) {
    const auto& key = std::get<std::string>(seg);
    const JsonNode* next = node->find(key);
    if (next == nullptr) {
      throw LoadError(schema.file(),
                      fmt::format("the registry audit needs {} in the schema", at.str()),
                      schema.locate(at), at);
    }
    node = next;
  }
  c.version = node->to_json();
  return c;
}

json audit_registry(const RegistryAuditInputs& in) { return Auditor(in).run(); }

}  // namespace relctl::registry
