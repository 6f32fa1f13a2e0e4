// Families A-F: top-level fields, scope, source precedence, priority engine,
// readiness sentences, evidence reference policy.
#include <algorithm>

#include <fmt/format.h>

#include "relctl/load/confine.hpp"
#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/rules/readers.hpp"

namespace relctl::rules {

namespace {
const char* const kStatus = "status.json";
const JsonPath kRoot{};
}  // namespace

void check_top_level(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  const JsonNode& root = s.doc->root();
  for (const auto& name : ctx.enums.required_top_level) {
    if (!root.contains(name)) {
      d.error("TOP-REQUIRED-FIELD", kStatus, kRoot,
              fmt::format("lacks the required top-level field '{}'", name));
    }
  }
  if (auto v = read_str(d, "TOP-VERSION", kStatus, s.version); v && *v != "6.0") {
    d.error("TOP-VERSION", kStatus, s.version.path,
            fmt::format("version is {}; this format is version '6.0'", quote(*v)));
  }
  if (auto v = read_str(d, "TOP-UPDATED-AT", kStatus, s.updated_at); v && !is_date(*v)) {
    d.error("TOP-UPDATED-AT", "status.json.updated_at", s.updated_at.path,
            "is not a YYYY-MM-DD date");
  }
  if (auto v = read_str(d, "TOP-EXECUTION-MODEL", kStatus, s.execution_model);
      v && *v != "direct-repo-sessions") {
    d.error("TOP-EXECUTION-MODEL", kStatus, s.execution_model.path,
            "execution_model must be 'direct-repo-sessions'");
  }
  const std::string& expected_sot = ctx.control_plane.active_profile().source_of_truth;
  if (auto v = read_str(d, "TOP-SOURCE-OF-TRUTH", kStatus, s.source_of_truth_file);
      v && *v != expected_sot) {
    d.error("TOP-SOURCE-OF-TRUTH", kStatus, s.source_of_truth_file.path,
            fmt::format("source_of_truth_file is {}; the active profile names {}", quote(*v),
                        quote(expected_sot)));
  }
}

void check_scope(const model::Status& s, const AuditContext&, AuditState& st) {
  auto& d = st.diags;
  if (!s.scope) {
    d.error("SCOPE-NOT-OBJECT", kStatus, kRoot.key("scope"), "has no 'scope' object");
    return;
  }
  const auto& sc = *s.scope;
  ScopeRecord& out = st.scope;
  out.active_repos = read_strlist(d, "SCOPE-ACTIVE-REPOS", "scope", sc.active_repos);
  out.control_plane_repo = read_str(d, "SCOPE-CONTROL-PLANE-REPO", "scope", sc.control_plane_repo);
  out.ignored_repos = read_strlist(d, "SCOPE-IGNORED-REPOS", "scope", sc.ignored_repos);
  report_record_list(d, "SCOPE-REPO-CATALOG", "scope", sc.repo_catalog);

  if (has_duplicates(out.active_repos)) {
    d.error("SCOPE-ACTIVE-REPOS-DUPLICATE", "scope.active_repos", sc.active_repos.path,
            "lists a repository twice");
  }
  if (!is_sorted_by(out.active_repos, fold_less)) {
    d.error("SCOPE-ACTIVE-REPOS-ORDER", "scope.active_repos", sc.active_repos.path,
            "is not in alphabetical order (case-insensitive)");
  }
  if (has_duplicates(out.ignored_repos)) {
    d.error("SCOPE-IGNORED-REPOS-DUPLICATE", "scope.ignored_repos", sc.ignored_repos.path,
            "lists a repository twice");
  }
  if (!is_sorted_by(out.ignored_repos, fold_less)) {
    d.error("SCOPE-IGNORED-REPOS-ORDER", "scope.ignored_repos", sc.ignored_repos.path,
            "is not in alphabetical order (case-insensitive)");
  }
  // Repositories are folders beside the checkout: a name that is a path
  // ("../x", "a/b", "/etc") is never looked up (load/confine.hpp).
  for (const auto* list : {&out.active_repos, &out.ignored_repos}) {
    const bool active = list == &out.active_repos;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string& name = (*list)[i];
      if (confine::is_plain_name(name)) continue;
      d.error("SCOPE-REPO-NAME", active ? "scope.active_repos" : "scope.ignored_repos",
              (active ? sc.active_repos.path : sc.ignored_repos.path).index(i),
              fmt::format("{} is not a plain folder name; repositories are looked up only as "
                          "folders beside the checkout",
                          quote(name)));
    }
  }
  if (out.control_plane_repo && std::find(out.active_repos.begin(), out.active_repos.end(),
                                          *out.control_plane_repo) == out.active_repos.end()) {
    d.error("SCOPE-CONTROL-PLANE-REPO-NOT-ACTIVE", "scope.control_plane_repo",
            sc.control_plane_repo.path, "is not one of scope.active_repos");
  }

  std::set<std::string> seen;
  Strings catalog_ids;
  for (const auto& e : sc.repo_catalog.items) {
    const std::string owner = fmt::format("scope.repo_catalog[{}]", e.index);
    auto id = read_str(d, "SCOPE-CATALOG-FIELD", owner, e.id);
    auto purpose = read_str(d, "SCOPE-CATALOG-FIELD", owner, e.purpose);
    auto visibility = read_str(d, "SCOPE-CATALOG-FIELD", owner, e.visibility);
    if (id) {
      if (!seen.insert(*id).second) {
        d.error("SCOPE-CATALOG-DUPLICATE-ID", owner, e.id.path,
                fmt::format("repeats the repository id {}", quote(*id)));
      }
      catalog_ids.push_back(*id);
    }
    if (visibility && *visibility != "public" && *visibility != "private") {
      d.error("SCOPE-CATALOG-VISIBILITY", owner, e.visibility.path,
              fmt::format("visibility {} is neither 'public' nor 'private'", quote(*visibility)));
    }
    if (id && purpose && visibility) out.repo_catalog.push_back({*id, *purpose, *visibility});
  }
  if (!is_sorted_by(catalog_ids, fold_less)) {
    d.error("SCOPE-CATALOG-ORDER", "scope.repo_catalog", sc.repo_catalog.path,
            "is not sorted by repository id");
  }
  // Compared with the catalog's objects (non-objects were reported above).
  if (out.repo_catalog.size() == sc.repo_catalog.items.size()) {
    Strings ids;
    for (const auto& e : out.repo_catalog) ids.push_back(e.id);
    if (ids != out.active_repos) {
      d.error("SCOPE-CATALOG-ACTIVE-MISMATCH", "scope.repo_catalog", sc.repo_catalog.path,
              "ids differ from scope.active_repos (same repositories, same order expected)");
    }
  }
  std::set<std::string> active(out.active_repos.begin(), out.active_repos.end());
  for (const auto& r : out.ignored_repos) {
    if (active.count(r)) {
      d.error("SCOPE-ACTIVE-IGNORED-OVERLAP", kStatus, sc.path,
              fmt::format("scope lists {} as both active and ignored", quote(r)));
      break;
    }
  }
}

void check_source_precedence(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  const auto got = read_strlist(d, "PRECEDENCE", kStatus, s.source_precedence);
  const auto& p = ctx.control_plane.active_profile();
  const Strings want{p.source_of_truth,      p.status,   p.status_schema,
                     p.development_protocol, p.registry, p.registry_schema};
  if (got != want) {
    d.error("PRECEDENCE", kStatus, s.source_precedence.path,
            fmt::format("source_precedence is {}; the active profile requires {}", quote_list(got),
                        quote_list(want)));
  }
}

void check_priority_engine(const model::Status& s, const AuditContext&, AuditState& st) {
  auto& d = st.diags;
  if (!s.priority_engine) {
    d.error("PRIORITY-NOT-OBJECT", kStatus, kRoot.key("priority_engine"),
            "has no 'priority_engine' object");
    return;
  }
  const auto& pe = *s.priority_engine;
  read_str(d, "PRIORITY-FORMULA", "priority_engine", pe.formula);
  if (pe.floor_rule == nullptr || !pe.floor_rule->is_object()) {
    d.error("PRIORITY-FLOOR-RULE", "priority_engine", pe.path.key("floor_rule"),
            "has no 'floor_rule' object");
  } else {
    auto lanes = read_strlist(d, "PRIORITY-CRITICAL-LANES", "priority_engine.floor_rule",
                              pe.release_critical_lanes);
    const JsonPath lp = pe.release_critical_lanes.path;
    if (has_duplicates(lanes)) {
      d.error("PRIORITY-CRITICAL-LANES-DUPLICATE",
              "priority_engine.floor_rule.release_critical_lanes", lp, "lists a lane twice");
    }
    if (!is_sorted_by(lanes, lane_less)) {
      d.error("PRIORITY-CRITICAL-LANES-ORDER", "priority_engine.floor_rule.release_critical_lanes",
              lp, "is not sorted by lane id");
    }
    if (!pe.minimum_score.ok()) {
      d.error("PRIORITY-MINIMUM-SCORE", "priority_engine.floor_rule", pe.minimum_score.path,
              "needs 'minimum_score' as a number");
    }
    st.release_critical_lanes = std::move(lanes);
  }
  if (pe.weights == nullptr || !pe.weights->is_object()) {
    d.error("PRIORITY-WEIGHTS", "priority_engine", pe.path.key("weights"),
            "has no 'weights' object");
    return;
  }
  for (const auto* f : {&pe.gap_multiplier, &pe.blocker_bonus}) {
    if (!f->ok()) {
      d.error("PRIORITY-WEIGHT-NUMERIC", "priority_engine.weights", f->path,
              fmt::format("needs '{}' as a number", field_key(f->path)));
    }
  }
  for (const auto* f : {&pe.criticality_range, &pe.staleness_range, &pe.dependency_range}) {
    read_str(d, "PRIORITY-WEIGHT-RANGE", "priority_engine.weights", *f);
  }
}

void check_readiness_sentences(const model::Status& s, const AuditContext&, AuditState& st) {
  auto& d = st.diags;
  if (!s.readiness) {
    d.error("READINESS-NOT-OBJECT", kStatus, kRoot.key("readiness"), "has no 'readiness' object");
    return;
  }
  // The readiness logic is fixed in relctl (derive/readiness.cpp); the file
  // must state it in these words so people read the rule that is applied.
  struct Rule {
    const model::Field<std::string>* field;
    std::optional<std::string>* out;
    const char* sentence;
  };
  const Rule rules[] = {
      {&s.readiness->repo_ready_rule, &st.readiness.repo_ready_rule,
       "all lanes target-met and evidence-present plus all repo-ready assertions passed"},
      {&s.readiness->rc_ready_rule, &st.readiness.rc_ready_rule,
       "repo_ready plus all rc-ready assertions passed plus zero rc-ready open_decisions plus all "
       "rc-ready release_gates passed"},
      {&s.readiness->release_ready_rule, &st.readiness.release_ready_rule,
       "rc_ready plus all release-ready assertions passed plus zero release-ready open_decisions "
       "plus all release-ready release_gates passed"}};
  for (const auto& r : rules) {
    *r.out = read_str(d, "READINESS-RULE-MISSING", "readiness", *r.field);
    if (*r.out && **r.out != r.sentence) {
      d.error("READINESS-RULE-VALUE", kStatus, r.field->path,
              fmt::format("readiness.{} must read exactly {}", field_key(r.field->path),
                          quote(r.sentence)));
    }
  }
}

void check_evidence_policy(const model::Status& s, const AuditContext&, AuditState& st) {
  auto& d = st.diags;
  if (!s.evidence_reference_policy) {
    d.error("POLICY-NOT-OBJECT", kStatus, kRoot.key("evidence_reference_policy"),
            "has no 'evidence_reference_policy' object");
    return;
  }
  const auto& p = *s.evidence_reference_policy;
  const char* owner = "evidence_reference_policy";
  if (auto f = read_str(d, "POLICY-FORMAT", owner, p.format);
      f && *f != "repo-qualified-relative-paths") {
    d.error("POLICY-FORMAT", kStatus, p.format.path,
            "evidence_reference_policy.format must be 'repo-qualified-relative-paths'");
  }
  st.local_repo = read_str(d, "POLICY-LOCAL-REPO", owner, p.local_repo);
  if (auto a = read_bool(d, "POLICY-ABSOLUTE-FLAG", owner, p.absolute_paths_forbidden); a && !*a) {
    d.error("POLICY-ABSOLUTE-FLAG", kStatus, p.absolute_paths_forbidden.path,
            "evidence_reference_policy.absolute_paths_forbidden must be true");
  }
  const auto kinds = read_strlist(d, "POLICY-ALLOWED-KINDS", owner, p.allowed_kinds);
  st.allowed_kinds = std::set<std::string>(kinds.begin(), kinds.end());
  const auto& active = st.scope.active_repos;
  if (st.local_repo && std::find(active.begin(), active.end(), *st.local_repo) == active.end()) {
    d.error("POLICY-LOCAL-REPO-NOT-ACTIVE", kStatus, p.local_repo.path,
            "evidence_reference_policy.local_repo is not one of scope.active_repos");
  }
  if (st.local_repo && st.scope.control_plane_repo &&
      *st.local_repo != *st.scope.control_plane_repo) {
    d.error("POLICY-LOCAL-REPO-NOT-CONTROL-PLANE", kStatus, p.local_repo.path,
            "evidence_reference_policy.local_repo differs from scope.control_plane_repo");
  }
}

}  // namespace relctl::rules
