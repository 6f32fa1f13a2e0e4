#include "relctl/model/registry.hpp"

#include <fmt/format.h>

#include "relctl/load/errors.hpp"

namespace relctl::model {
namespace {

[[noreturn]] void fail(const JsonDocument& doc, const JsonPath& at, const std::string& msg) {
  throw LoadError(doc.file(), msg, doc.locate(at), at);
}

void require_keys(const JsonDocument& doc, const JsonNode& o, const JsonPath& at,
                  std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (!o.contains(key)) fail(doc, at, fmt::format("missing required field '{}'", key));
  }
}

}  // namespace

Registry bind_registry(const JsonDocument& doc) {
  const JsonNode& o = doc.root();
  const JsonPath root;
  if (!o.is_object()) fail(doc, root, "expected a JSON object at the top level");
  Registry r;
  r.doc = &doc;
  r.version = bind_number(o, root, "version");
  if (const JsonNode* subs = find_member(o, "subsystems"); subs != nullptr && !subs->is_array()) {
    fail(doc, root.key("subsystems"), "expected an array of subsystems");
  }
  r.shared_ownerships = bind_records<SharedOwnership>(
      o, root, "shared_ownerships", [](SharedOwnership& s, const JsonNode& so) {
        s.file_path = bind_string(so, s.path, "path");
        s.rationale = bind_string(so, s.path, "rationale");
        s.subsystems = bind_string_list(so, s.path, "subsystems");
      });
  r.subsystems =
      bind_records<Subsystem>(o, root, "subsystems", [&doc](Subsystem& s, const JsonNode& so) {
        s.id = bind_string(so, s.path, "id");
        s.lane = bind_string(so, s.path, "lane");
        s.contract = bind_string(so, s.path, "contract");
        s.owned_prefixes = bind_string_list(so, s.path, "owned_prefixes");
        s.owned_files = bind_string_list(so, s.path, "owned_files");
        s.release_cycle_artifact_globs =
            bind_string_list(so, s.path, "release_cycle_artifact_globs");
        Verification& v = s.verification;
        v.path = s.path.key("verification");
        v.raw = find_member(so, "verification");
        if (v.raw == nullptr || !v.raw->is_object()) {
          fail(doc, v.raw ? v.path : s.path, "expected a verification object");
        }
        require_keys(doc, *v.raw, v.path,
                     {"allow_same_subsystem_tests", "test_prefixes", "exact_files",
                      "require_explicit_path_policy_coverage"});
        v.allow_same_subsystem_tests = bind_bool(*v.raw, v.path, "allow_same_subsystem_tests");
        v.require_explicit_path_policy_coverage =
            bind_bool(*v.raw, v.path, "require_explicit_path_policy_coverage");
        v.test_prefixes = bind_string_list(*v.raw, v.path, "test_prefixes");
        v.exact_files = bind_string_list(*v.raw, v.path, "exact_files");
        if (const JsonNode* pp = find_member(*v.raw, "path_policies");
            pp != nullptr && !pp->is_array()) {
          fail(doc, v.path.key("path_policies"), "expected an array of path policies");
        }
        v.path_policies = bind_records<PathPolicy>(
            *v.raw, v.path, "path_policies", [&doc](PathPolicy& p, const JsonNode& po) {
              require_keys(doc, po, p.path,
                           {"allow_same_subsystem_tests", "test_prefixes", "exact_files", "id",
                            "match_prefixes", "match_files"});
              p.id = bind_string(po, p.path, "id");
              p.label = bind_string(po, p.path, "label");
              p.match_prefixes = bind_string_list(po, p.path, "match_prefixes");
              p.match_files = bind_string_list(po, p.path, "match_files");
              p.test_prefixes = bind_string_list(po, p.path, "test_prefixes");
              p.exact_files = bind_string_list(po, p.path, "exact_files");
              p.allow_same_subsystem_tests = bind_bool(po, p.path, "allow_same_subsystem_tests");
            });
        for (std::size_t i : v.path_policies.non_object_indices) {
          fail(doc, v.path.key("path_policies").index(i), "expected a path policy object");
        }
      });
  for (std::size_t i : r.subsystems.non_object_indices) {
    fail(doc, root.key("subsystems").index(i), "expected a subsystem object");
  }
  return r;
}

}  // namespace relctl::model
