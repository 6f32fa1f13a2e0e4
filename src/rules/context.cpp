#include "relctl/rules/context.hpp"

#include <sys/stat.h>
#include <algorithm>

#include <fmt/format.h>

#include "relctl/load/errors.hpp"
#include "relctl/util/text.hpp"

namespace relctl::rules {
namespace {

const JsonNode& at_path(const JsonDocument& doc, const JsonPath& path) {
  const JsonNode* node = &doc.root();
  JsonPath walked;
  for (const auto& seg : path.segments()) {
    const auto& key = std::get<std::string>(seg);
    const JsonNode* next = node->find(key);
    if (next == nullptr) {
      throw LoadError(doc.file(),
                      fmt::format("the audit needs '{}' in the status schema", path.pointer()),
                      doc.locate(walked), walked);
    }
    node = next;
    walked.push_key(key);
  }
  return *node;
}

std::set<std::string> enum_at(const JsonDocument& doc, const char* def, const char* prop) {
  const JsonPath p{"$defs", def, "properties", prop, "enum"};
  const JsonNode& e = at_path(doc, p);
  if (!e.is_array()) {
    throw LoadError(doc.file(), fmt::format("expected an array at '{}'", p.pointer()),
                    doc.locate(p), p);
  }
  std::set<std::string> out;
  for (const auto& v : e) {
    if (v.is_string()) out.insert(v.get<std::string>());
  }
  return out;
}

// Python's str(value).strip() for the registry's scalar fields.
std::string as_text(const JsonNode* v) {
  if (v == nullptr) return "";  // rule.get(key, "")
  if (v->is_string()) return text::strip(v->str());
  if (v->is_null()) return "None";
  if (v->is_boolean()) return v->get<bool>() ? "True" : "False";
  return v->dump();
}

}  // namespace

SchemaEnums extract_schema_enums(const JsonDocument& doc) {
  SchemaEnums e;
  const JsonNode& req = at_path(doc, JsonPath{"required"});
  if (req.is_array()) {
    for (const auto& r : req) {
      if (r.is_string()) e.required_top_level.push_back(r.get<std::string>());
    }
  }
  std::sort(e.required_top_level.begin(), e.required_top_level.end());
  e.lane_status = enum_at(doc, "lane", "status");
  e.evidence_tier = enum_at(doc, "evidence_reference", "evidence_tier");
  e.assertion_blocking_level = enum_at(doc, "readiness_assertion", "blocking_level");
  e.assertion_kind = enum_at(doc, "readiness_assertion", "kind");
  e.assertion_proof_type = enum_at(doc, "readiness_assertion", "proof_type");
  e.gate_blocking_level = enum_at(doc, "release_gate", "blocking_level");
  e.gate_status = enum_at(doc, "release_gate", "status");
  e.followup_status = enum_at(doc, "lane_followup", "status");
  e.gap_status = enum_at(doc, "coverage_gap", "status");
  e.gap_resolution = enum_at(doc, "coverage_gap", "proposed_resolution");
  e.candidate_status = enum_at(doc, "candidate_lane", "status");
  e.claim_kind = enum_at(doc, "work_claim_ref", "kind");
  e.decision_blocking_level = enum_at(doc, "open_decision", "blocking_level");
  e.decision_status = enum_at(doc, "open_decision", "status");
  e.resolved_kind = enum_at(doc, "resolved_decision", "kind");
  return e;
}

const std::vector<std::string>* RegistryMaps::subsystems_of(const std::string& lane) const {
  for (const auto& [l, subs] : lane_subsystems) {
    if (l == lane) return &subs;
  }
  return nullptr;
}

RegistryMaps build_registry_maps(const model::Registry& registry) {
  RegistryMaps m;
  std::vector<std::string> order;  // subsystem ids by first appearance
  for (const auto& s : registry.subsystems.items) {
    const std::string id = as_text(s.id.raw);
    const std::string lane = as_text(s.lane.raw);
    if (id.empty() || lane.empty()) continue;
    if (!m.subsystem_lane.count(id)) order.push_back(id);
    m.subsystem_lane[id] = lane;
    // A JSON null reads as the text "None" and is kept, as the reference does.
    const std::string contract = as_text(s.contract.raw);
    if (!contract.empty()) m.subsystem_contract[id] = contract;
  }
  for (const auto& id : order) {
    const std::string& lane = m.subsystem_lane[id];
    auto it = std::find_if(m.lane_subsystems.begin(), m.lane_subsystems.end(),
                           [&](const auto& p) { return p.first == lane; });
    if (it == m.lane_subsystems.end()) {
      m.lane_subsystems.emplace_back(lane, std::vector<std::string>{});
      it = std::prev(m.lane_subsystems.end());
    }
    it->second.push_back(id);
  }
  for (auto& [lane, subs] : m.lane_subsystems) std::sort(subs.begin(), subs.end());
  return m;
}

std::optional<std::string> DiskProbe::repo_root(const std::string& name,
                                                const std::string& local_name) const {
  auto r = repo_.repo_root(name, local_name);
  if (!r) return std::nullopt;
  return r->string();
}

FileProbe::Kind DiskProbe::kind(const std::string& p) const {
  const auto [it, fresh] = seen_.try_emplace(p, Kind::kMissing);
  if (!fresh) return it->second;
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return it->second;  // follows symlinks
  if (S_ISREG(st.st_mode)) {
    it->second = Kind::kFile;
  } else if (S_ISDIR(st.st_mode)) {
    it->second = Kind::kDirectory;
  } else {
    it->second = Kind::kOther;
  }
  return it->second;
}

FileProbe::Kind DiskProbe::kind_beneath(const std::string& root, const std::string& rel) const {
  using B = confine::BeneathProbe::Kind;
  switch (beneath_.kind(root, rel)) {
    case B::kFile:
      return Kind::kFile;
    case B::kDirectory:
      return Kind::kDirectory;
    case B::kOther:
      return Kind::kOther;
    case B::kOutside:
      return Kind::kOutside;
    case B::kMissing:
      break;
  }
  return Kind::kMissing;
}

}  // namespace relctl::rules
