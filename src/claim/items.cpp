#include "items.hpp"

#include "relctl/report/python_json.hpp"
#include "relctl/util/text.hpp"

namespace relctl::claim::detail {

const char* collection_of(std::string_view kind) {
  static const std::pair<std::string_view, const char*> kCollections[] = {
      {"lane", "lanes"},
      {"lane-followup", "lane_followups"},
      {"coverage-gap", "coverage_gaps"},
      {"candidate-lane", "candidate_lanes"},
      {"readiness-assertion", "readiness_assertions"},
      {"release-gate", "release_gates"},
      {"open-decision", "open_decisions"},
  };
  for (const auto& [k, c] : kCollections) {
    if (kind == k) return c;
  }
  return nullptr;
}

const Json* member(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string str_of(const Json& obj, const char* key) {
  const Json* v = member(obj, key);
  return v == nullptr ? "None" : report::py_str(*v);
}

std::string str_of(const Json& obj, const char* key, const char* fallback) {
  const Json* v = member(obj, key);
  return v == nullptr ? fallback : report::py_str(*v);
}

std::vector<std::string> string_entries(const Json& obj, const char* key) {
  std::vector<std::string> out;
  const Json* v = member(obj, key);
  if (v == nullptr || !v->is_array()) return out;
  for (const auto& e : *v) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

const Json* find_item(const Json& root, std::string_view kind, const std::string& id) {
  const char* collection = collection_of(kind);
  const Json* entries = collection == nullptr ? nullptr : member(root, collection);
  if (entries == nullptr || !entries->is_array()) return nullptr;
  for (const auto& e : *entries) {
    if (e.is_object() && str_of(e, "id") == id) return &e;
  }
  return nullptr;
}

ItemContext context_of(const Json& item, const std::string& kind, const std::string& id) {
  ItemContext c;
  c.scope.kind = kind;
  c.scope.id = id;
  if (kind == "lane") {
    c.scope.lane_ids = {id};
  } else if (kind == "coverage-gap") {
    c.scope.lane_ids = string_entries(item, "lane_ids");
    c.scope.coverage_gap_ids = {id};
  } else if (kind == "candidate-lane") {
    c.scope.lane_ids = string_entries(item, "current_lane_ids");
    c.scope.coverage_gap_ids = string_entries(item, "coverage_gap_ids");
    std::string t = text::strip(str_of(item, "target_id", ""));
    if (!t.empty()) c.candidate_target = std::move(t);
  } else {
    c.scope.lane_ids = string_entries(item, "lane_ids");
  }
  return c;
}

}  // namespace relctl::claim::detail
