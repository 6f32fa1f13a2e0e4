#include "relctl/rules/control_plane_audit.hpp"

#include <map>
#include <utility>

#include <fmt/format.h>

#include "relctl/rules/audit.hpp"

namespace relctl::rules {

using nlohmann::json;

const char* const kStaleTargetUntrustedWarning =
    "status audit reported errors; active target completion could not be trusted for "
    "stale-target enforcement";

namespace {

json target_json(const model::Target& t) {
  return {{"id", t.id},
          {"profile_id", t.profile_id},
          {"kind", t.kind},
          {"status", t.status},
          {"summary", t.summary},
          {"completion_rule", t.completion_rule},
          {"proof_scope", t.proof_scope}};
}

}  // namespace

json audit_control_plane(const model::ControlPlane& cp, const PathKindProbe& probe,
                         const json& status_report) {
  namespace k = model::control_plane_constants;
  // Each path is looked at once, with the kind its first mention expects.
  std::map<std::string, std::string> kinds;
  auto kind = [&](const std::string& rel, bool expect_dir) -> const std::string& {
    auto it = kinds.find(rel);
    if (it == kinds.end()) it = kinds.emplace(rel, probe(rel, expect_dir)).first;
    return it->second;
  };
  struct Field {
    const char* name;
    std::string model::Profile::*member;
    bool dir;
  };
  static const Field fields[] = {
      {"root", &model::Profile::root, true},
      {"source_of_truth", &model::Profile::source_of_truth, false},
      {"status", &model::Profile::status, false},
      {"status_schema", &model::Profile::status_schema, false},
      {"development_protocol", &model::Profile::development_protocol, false},
      {"high_risk_matrix", &model::Profile::high_risk_matrix, false},
      {"subsystems_dir", &model::Profile::subsystems_dir, true},
      {"registry", &model::Profile::registry, false},
      {"registry_schema", &model::Profile::registry_schema, false},
      {"subsystem_contract_template", &model::Profile::subsystem_contract_template, false},
  };
  const std::pair<const char*, const char*> documents[] = {
      {"agent values doc", k::kAgentValuesDoc},
      {"control plane doc", k::kControlPlaneDoc},
      {"control plane schema", k::kControlPlaneSchema}};
  for (const auto& [what, rel] : documents) kind(rel, false);
  for (const auto& p : cp.profiles) {
    for (const auto& f : fields) kind(p.*(f.member), f.dir);
  }

  json errors = json::array();
  json warnings = json::array();
  for (const auto& [what, rel] : documents) {
    const auto& found = kind(rel, false);
    if (found != "file") {
      errors.push_back(fmt::format("{} {} should be a file in the repository, but it is {}", what,
                                   quote(rel),
                                   found == "missing" ? std::string("missing") : "a " + found));
    }
  }
  json profiles = json::array();
  for (const auto& p : cp.profiles) {
    json missing = json::array();
    for (const auto& f : fields) {
      const std::string& rel = p.*(f.member);
      const auto& found = kind(rel, f.dir);
      const char* want = f.dir ? "dir" : "file";
      if (found != want) {
        errors.push_back(fmt::format("profile {} field {}: wants a {} at {}, found {}", quote(p.id),
                                     quote(f.name), want, quote(rel), found));
        missing.push_back(rel);
      }
    }
    profiles.push_back(
        {{"id", p.id}, {"lifecycle", p.lifecycle}, {"root", p.root}, {"missing_paths", missing}});
  }

  bool completion_met = false;
  const auto errs = status_report.find("errors");
  if (errs != status_report.end() && errs->is_array() && !errs->empty()) {
    warnings.push_back(kStaleTargetUntrustedWarning);
  } else {
    const auto cpj = status_report.find("control_plane");
    if (cpj != status_report.end() && cpj->is_object()) {
      const auto at = cpj->find("active_target");
      if (at != cpj->end() && at->is_object()) {
        const auto met = at->find("completion_met");
        completion_met = met != at->end() && met->is_boolean() && met->get<bool>();
      }
    }
  }
  const model::Target& active = cp.active_target();
  if (completion_met) {
    errors.push_back(fmt::format(
        "active target {} already meets its completion rule ({}): mark it completed and promote "
        "the next target in {}",
        quote(active.id), active.completion_rule, k::kPath));
  }
  json active_json = target_json(active);
  active_json["completion_met"] = completion_met;
  json targets = json::array();
  for (const auto& t : cp.targets) targets.push_back(target_json(t));
  return {{"errors", errors},
          {"warnings", warnings},
          {"control_plane",
           {{"active_profile_id", cp.active_profile_id}, {"active_target", active_json}}},
          {"profiles", profiles},
          {"targets", targets},
          {"summary",
           {{"profile_count", cp.profiles.size()},
            {"target_count", cp.targets.size()},
            {"active_target_completion_met", completion_met}}}};
}

}  // namespace relctl::rules
