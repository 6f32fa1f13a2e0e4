#include "relctl/model/control_plane.hpp"

#include <set>
#include <string_view>

#include <fmt/format.h>

#include "relctl/load/confine.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/util/text.hpp"

namespace relctl::model {
namespace {

namespace k = control_plane_constants;

class Binder {
 public:
  explicit Binder(const JsonDocument& doc) : doc_(doc) {}

  [[noreturn]] void fail(const JsonPath& at, const std::string& msg) const {
    throw LoadError(doc_.file(), msg, doc_.locate(at), at);
  }

  const JsonNode& require(const JsonNode& obj, const JsonPath& at, const char* key) const {
    const JsonNode* v = obj.find(key);
    if (v == nullptr) fail(at, fmt::format("missing required field '{}'", key));
    return *v;
  }

  // A present, non-blank string.
  std::string text(const JsonNode& obj, const JsonPath& at, const char* key) const {
    const JsonNode& v = require(obj, at, key);
    if (!v.is_string() || text::is_blank(v.str())) {
      fail(at.key(key), fmt::format("expected a non-empty string for '{}'", key));
    }
    return v.get<std::string>();
  }

  void constant(const JsonNode& obj, const JsonPath& at, const char* key, const char* expected,
                std::string& out) const {
    const JsonNode& v = require(obj, at, key);
    if (!v.is_string() || v.str() != expected) {
      fail(at.key(key), fmt::format("expected the string \"{}\", found {}", expected, v.dump()));
    }
    out = expected;
  }

  void one_of(const JsonPath& at, const std::string& value,
              std::initializer_list<const char*> allowed) const {
    for (const char* a : allowed) {
      if (value == a) return;
    }
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(at, fmt::format("'{}' is not one of: {}", value, list));
  }

  void clean_path(const JsonPath& at, const std::string& p) const {
    if (!is_clean_relative_path(p)) {
      fail(at, fmt::format("'{}' must be a clean repository-relative path", p));
    }
    // ".." and "a/.." pass the reference's cleanliness test, but lead out
    // of (or back to) the repository's top: never followed.
    if (auto why = confine::lexical_problem(p)) {
      fail(at, fmt::format("'{}' {}: paths must stay inside the repository", p, *why));
    }
  }

  void branch(const JsonPath& at, const std::string& b) const {
    if (auto problem = branch_name_problem(b)) fail(at, fmt::format("branch '{}' {}", b, *problem));
  }

  const JsonDocument& doc_;
};

}  // namespace

bool is_clean_relative_path(const std::string& p) {
  if (!p.empty() && p[0] == '/') return false;
  if (p.rfind("../", 0) == 0 || p.find("/../") != std::string::npos) return false;
  // Normal form as POSIX pathlib writes it: no empty or "." segments, no trailing slash.
  if (p.empty()) return false;
  if (p == ".") return true;
  std::size_t start = 0;
  while (start <= p.size()) {
    const std::size_t end = p.find('/', start);
    const std::string_view seg = std::string_view(p).substr(
        start, end == std::string::npos ? std::string::npos : end - start);
    if (seg.empty() || seg == ".") return false;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return true;
}

std::optional<std::string> branch_name_problem(const std::string& b) {
  if (text::is_blank(b)) return "must not be empty";
  if (text::has_whitespace(b)) return "must not contain whitespace";
  if (b.rfind("refs/", 0) == 0 || b[0] == '/' || b.back() == '/') {
    return "must be a plain branch name (not refs/..., no leading or trailing '/')";
  }
  return std::nullopt;
}

const Profile& ControlPlane::active_profile() const { return *find_profile(active_profile_id); }
const Target& ControlPlane::active_target() const { return *find_target(active_target_id); }

const Target* ControlPlane::find_target(const std::string& id) const {
  for (const auto& t : targets) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const Profile* ControlPlane::find_profile(const std::string& id) const {
  for (const auto& p : profiles) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

ControlPlane bind_control_plane(const JsonDocument& doc) {
  Binder b(doc);
  const JsonNode& o = doc.root();
  const JsonPath root;
  if (!o.is_object()) b.fail(root, "expected a JSON object at the top level");
  for (const char* key :
       {"version", "system", "execution_model", "agent_values_doc", "control_plane_doc",
        "control_plane_schema", "active_profile_id", "active_target_id", "profiles", "targets"}) {
    b.require(o, root, key);
  }
  ControlPlane cp;
  b.constant(o, root, "version", k::kVersion, cp.version);
  b.constant(o, root, "system", k::kSystem, cp.system);
  b.constant(o, root, "execution_model", k::kExecutionModel, cp.execution_model);
  b.constant(o, root, "agent_values_doc", k::kAgentValuesDoc, cp.agent_values_doc);
  b.constant(o, root, "control_plane_doc", k::kControlPlaneDoc, cp.control_plane_doc);
  b.constant(o, root, "control_plane_schema", k::kControlPlaneSchema, cp.control_plane_schema);
  cp.active_profile_id = b.text(o, root, "active_profile_id");
  cp.active_target_id = b.text(o, root, "active_target_id");

  if (const JsonNode* it = o.find("legacy_release_lines"); it != nullptr) {
    const JsonPath lp = root.key("legacy_release_lines");
    if (!it->is_array()) b.fail(lp, "expected an array of legacy release lines");
    std::set<std::string> prefixes;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const JsonNode& e = (*it)[i];
      const JsonPath ep = lp.index(i);
      if (!e.is_object()) b.fail(ep, "expected an object");
      LegacyReleaseLine l;
      l.path = ep;
      for (const char* key : {"version_prefix", "prerelease_branch", "stable_branch"}) {
        b.require(e, ep, key);
      }
      l.version_prefix = b.text(e, ep, "version_prefix");
      l.prerelease_branch = b.text(e, ep, "prerelease_branch");
      l.stable_branch = b.text(e, ep, "stable_branch");
      if (!prefixes.insert(l.version_prefix).second) {
        b.fail(ep.key("version_prefix"),
               fmt::format("version_prefix '{}' is declared twice", l.version_prefix));
      }
      b.branch(ep.key("prerelease_branch"), l.prerelease_branch);
      b.branch(ep.key("stable_branch"), l.stable_branch);
      cp.legacy_release_lines.push_back(std::move(l));
    }
  }

  const JsonPath pp = root.key("profiles");
  const JsonNode& profiles = *o.find("profiles");
  if (!profiles.is_array() || profiles.empty())
    b.fail(pp, "expected a non-empty array of profiles");
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    const JsonNode& e = profiles[i];
    const JsonPath ep = pp.index(i);
    if (!e.is_object()) b.fail(ep, "expected a profile object");
    static constexpr const char* kFields[] = {"id",
                                              "lifecycle",
                                              "root",
                                              "prerelease_branch",
                                              "stable_branch",
                                              "source_of_truth",
                                              "status",
                                              "status_schema",
                                              "development_protocol",
                                              "high_risk_matrix",
                                              "subsystems_dir",
                                              "registry",
                                              "registry_schema",
                                              "subsystem_contract_template"};
    for (const char* key : kFields) b.require(e, ep, key);
    Profile p;
    p.path = ep;
    p.id = b.text(e, ep, "id");
    p.lifecycle = b.text(e, ep, "lifecycle");
    p.root = b.text(e, ep, "root");
    p.prerelease_branch = b.text(e, ep, "prerelease_branch");
    p.stable_branch = b.text(e, ep, "stable_branch");
    p.source_of_truth = b.text(e, ep, "source_of_truth");
    p.status = b.text(e, ep, "status");
    p.status_schema = b.text(e, ep, "status_schema");
    p.development_protocol = b.text(e, ep, "development_protocol");
    p.high_risk_matrix = b.text(e, ep, "high_risk_matrix");
    p.subsystems_dir = b.text(e, ep, "subsystems_dir");
    p.registry = b.text(e, ep, "registry");
    p.registry_schema = b.text(e, ep, "registry_schema");
    p.subsystem_contract_template = b.text(e, ep, "subsystem_contract_template");
    if (cp.find_profile(p.id) != nullptr) {
      b.fail(ep.key("id"), fmt::format("profile id '{}' is declared twice", p.id));
    }
    b.one_of(ep.key("lifecycle"), p.lifecycle, {"active", "inactive", "retired"});
    const std::pair<const char*, const std::string*> paths[] = {
        {"root", &p.root},
        {"source_of_truth", &p.source_of_truth},
        {"status", &p.status},
        {"status_schema", &p.status_schema},
        {"development_protocol", &p.development_protocol},
        {"high_risk_matrix", &p.high_risk_matrix},
        {"subsystems_dir", &p.subsystems_dir},
        {"registry", &p.registry},
        {"registry_schema", &p.registry_schema},
        {"subsystem_contract_template", &p.subsystem_contract_template}};
    for (const auto& [key, value] : paths) b.clean_path(ep.key(key), *value);
    b.branch(ep.key("prerelease_branch"), p.prerelease_branch);
    b.branch(ep.key("stable_branch"), p.stable_branch);
    cp.profiles.push_back(std::move(p));
  }
  const Profile* active_profile = cp.find_profile(cp.active_profile_id);
  if (active_profile == nullptr) {
    b.fail(root.key("active_profile_id"),
           fmt::format("no profile has the id '{}'", cp.active_profile_id));
  }
  if (active_profile->lifecycle != "active") {
    b.fail(root.key("active_profile_id"),
           fmt::format("profile '{}' is {}, not active", cp.active_profile_id,
                       active_profile->lifecycle));
  }

  const JsonPath tp = root.key("targets");
  const JsonNode& targets = *o.find("targets");
  if (!targets.is_array() || targets.empty()) b.fail(tp, "expected a non-empty array of targets");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const JsonNode& e = targets[i];
    const JsonPath ep = tp.index(i);
    if (!e.is_object()) b.fail(ep, "expected a target object");
    for (const char* key : {"id", "profile_id", "kind", "status", "summary", "completion_rule"}) {
      b.require(e, ep, key);
    }
    Target t;
    t.path = ep;
    t.id = b.text(e, ep, "id");
    t.profile_id = b.text(e, ep, "profile_id");
    t.kind = b.text(e, ep, "kind");
    t.status = b.text(e, ep, "status");
    t.summary = b.text(e, ep, "summary");
    t.completion_rule = b.text(e, ep, "completion_rule");
    if (cp.find_target(t.id) != nullptr) {
      b.fail(ep.key("id"), fmt::format("target id '{}' is declared twice", t.id));
    }
    if (cp.find_profile(t.profile_id) == nullptr) {
      b.fail(ep.key("profile_id"), fmt::format("no profile has the id '{}'", t.profile_id));
    }
    b.one_of(ep.key("kind"), t.kind,
             {"release", "stabilization", "polish", "feature", "maintenance"});
    b.one_of(ep.key("status"), t.status, {"active", "planned", "completed", "superseded"});
    b.one_of(ep.key("completion_rule"), t.completion_rule,
             {"rc_ready", "release_ready", "repo_ready", "manual"});
    if (e.contains("proof_scope")) {
      t.proof_scope = b.text(e, ep, "proof_scope");
      t.proof_scope_declared = true;
      b.one_of(ep.key("proof_scope"), t.proof_scope,
               {"derived", "none", "repo_ready", "rc_ready", "release_ready"});
      if (t.proof_scope == "none" && t.completion_rule != "manual") {
        b.fail(ep.key("proof_scope"),
               "proof_scope 'none' is only allowed with completion_rule 'manual'");
      }
    }
    cp.targets.push_back(std::move(t));
  }
  const Target* active = cp.find_target(cp.active_target_id);
  const JsonPath atp = root.key("active_target_id");
  if (active == nullptr) b.fail(atp, fmt::format("no target has the id '{}'", cp.active_target_id));
  if (active->status != "active") {
    b.fail(atp, fmt::format("target '{}' has status '{}'; the active target must have status "
                            "'active'",
                            active->id, active->status));
  }
  if (active->profile_id != cp.active_profile_id) {
    b.fail(atp, fmt::format("target '{}' belongs to profile '{}', not to the active profile '{}'",
                            active->id, active->profile_id, cp.active_profile_id));
  }
  return cp;
}

}  // namespace relctl::model
