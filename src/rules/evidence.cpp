// Family G: evidence references, shared by lanes, gates, closure records,
// assertions and coverage gaps. An evidence reference names a repository, a
// clean repository-relative path and a kind (file, dir...); the file must
// exist in that repository.
#include <algorithm>

#include <fmt/format.h>

#include "relctl/load/confine.hpp"
#include "relctl/model/control_plane.hpp"
#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/rules/readers.hpp"

namespace relctl::rules {
namespace {

// The path rule of the reference (clean relative path): absolute paths and
// unnormalised ones are findings. Returns the rule id that fired, if any.
template <class Label>
void check_clean_path(Label&& owner, const model::KeyPath& at, const std::string& p,
                      AuditState& st) {
  if (!p.empty() && p[0] == '/') {
    st.diags.error(
        "EVIDENCE-PATH-ABSOLUTE", owner(), at,
        fmt::format("path {} is absolute; evidence paths are repository-relative", quote(p)));
    return;
  }
  if (!model::is_clean_relative_path(p)) {
    st.diags.error("EVIDENCE-PATH-UNCLEAN", owner(), at,
                   fmt::format("path {} is not a clean relative path (no './', '//', trailing "
                               "'/' or '..' segments that climb)",
                               quote(p)));
  }
}

// The root of a repository named in an evidence reference, resolved once.
const std::pair<std::string, bool>& repo_root(const std::string& repo, const AuditContext& ctx,
                                              AuditState& st) {
  auto it = st.repo_roots.find(repo);
  if (it != st.repo_roots.end()) return it->second;
  std::string local = st.scope.control_plane_repo.value_or(st.local_repo.value_or(""));
  auto root = ctx.probe.repo_root(repo, local);
  std::pair<std::string, bool> entry{"", false};
  if (root) {
    entry.first = std::move(*root);
    entry.second = ctx.probe.kind(entry.first) == FileProbe::Kind::kDirectory;
  }
  return st.repo_roots.emplace(repo, entry).first->second;
}

}  // namespace

EvidenceResult check_evidence(const std::string& owner,
                              const model::RecordList<model::EvidenceRef>& list,
                              const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  EvidenceResult out;
  if (!list.is_array() || list.raw->empty()) {
    d.error("EVIDENCE-LIST", owner, list.path, "needs a non-empty 'evidence' list");
    return out;
  }
  for (std::size_t i : list.non_object_indices) {
    d.error("EVIDENCE-ITEM-NOT-OBJECT", fmt::format("{}.evidence[{}]", owner, i),
            list.path.index(i), "must be an object");
  }
  for (const auto& ref : list.items) {
    // The reference's label ("lanes[3].evidence[0]"), made only when a
    // finding needs it: most references have none.
    std::string e;
    auto label = [&]() -> const std::string& {
      if (e.empty()) e = fmt::format("{}.evidence[{}]", owner, ref.index);
      return e;
    };
    auto field = [&](const model::Field<std::string>& f) {
      auto v = valid_str(f);
      return v ? v : read_str(d, "EVIDENCE-FIELD", label(), f);
    };
    auto repo = field(ref.repo);
    auto path = field(ref.file_path);
    auto kind = field(ref.kind);
    std::optional<std::string> tier;
    if (ref.evidence_tier.present() && !ref.evidence_tier.raw->is_null()) {
      tier = valid_str(ref.evidence_tier);
      if (!tier) {
        d.error("EVIDENCE-TIER-TYPE", label() + ".evidence_tier", ref.evidence_tier.path,
                "must be a non-empty string when given");
      } else if (!ctx.enums.evidence_tier.count(*tier)) {
        d.error("EVIDENCE-TIER-VALUE", label() + ".evidence_tier", ref.evidence_tier.path,
                fmt::format("{} is not an evidence tier the status schema knows", quote(*tier)));
        tier.reset();
      }
    }
    if (!repo || !path || !kind) continue;
    out.refs.push_back({*repo, *path, *kind});
    if (tier) out.tiers.push_back(*tier);
    const auto& active = st.scope.active_repos;
    if (std::find(active.begin(), active.end(), *repo) == active.end()) {
      d.error("EVIDENCE-REPO-INACTIVE", label(), ref.repo.path,
              fmt::format("names repository {}, which is not in scope.active_repos", quote(*repo)));
      continue;
    }
    if (!st.allowed_kinds.count(*kind)) {
      d.error(
          "EVIDENCE-KIND-NOT-ALLOWED", label(), ref.kind.path,
          fmt::format("kind {} is not in evidence_reference_policy.allowed_kinds", quote(*kind)));
      continue;
    }
    check_clean_path(label, ref.file_path.path, *path, st);
    const auto& [root, root_ok] = repo_root(*repo, ctx, st);
    if (!root_ok) {
      d.error(
          "EVIDENCE-REPO-ROOT-MISSING", label(), ref.repo.path,
          !confine::is_plain_name(*repo)
              ? fmt::format("repository name {} is not a plain folder name; it is not looked up",
                            quote(*repo))
          : root.empty()
              ? fmt::format("cannot locate repository {}: {} is not inside a git checkout, so "
                            "there is no workspace to find it in (set {})",
                            quote(*repo), ctx.probe.root(), Repo::override_variable(*repo))
              : fmt::format("repository {} is not at {} (set {} to point elsewhere)", quote(*repo),
                            root, Repo::override_variable(*repo)));
      continue;
    }
    // Looked up below the repository's root only: a path that leaves it
    // (absolute, '..', a symbolic link out) is not followed and counts as
    // missing evidence (the reference follows it; docs/compat.md).
    const auto k = ctx.probe.kind_beneath(root, *path);
    if (k == FileProbe::Kind::kOutside) {
      const std::string missing = *repo + ":" + *path;
      d.error("EVIDENCE-OUTSIDE-REPO", label(), ref.file_path.path,
              fmt::format("path {} leads outside repository {}; it is not followed and counts as "
                          "missing evidence",
                          quote(*path), quote(*repo)));
      out.missing.push_back(missing);
      continue;
    }
    if (k == FileProbe::Kind::kMissing) {
      const std::string missing = *repo + ":" + *path;
      d.error("EVIDENCE-MISSING", label(), ref.file_path.path,
              fmt::format("points at {}, which does not exist", missing));
      out.missing.push_back(missing);
      continue;
    }
    if (*kind == "file" && k != FileProbe::Kind::kFile) {
      d.error("EVIDENCE-NOT-FILE", label(), ref.file_path.path,
              fmt::format("expects a file at {}:{}", *repo, *path));
      continue;
    }
    if (*kind == "dir" && k != FileProbe::Kind::kDirectory) {
      d.error("EVIDENCE-NOT-DIR", label(), ref.file_path.path,
              fmt::format("expects a directory at {}:{}", *repo, *path));
      continue;
    }
    ++out.resolved;
  }
  std::vector<const Strings*> sorted_refs;
  sorted_refs.reserve(out.refs.size());
  for (const auto& r : out.refs) sorted_refs.push_back(&r);
  std::sort(sorted_refs.begin(), sorted_refs.end(),
            [](const Strings* a, const Strings* b) { return *a < *b; });
  if (std::adjacent_find(sorted_refs.begin(), sorted_refs.end(),
                         [](const Strings* a, const Strings* b) { return *a == *b; }) !=
      sorted_refs.end()) {
    d.error("EVIDENCE-DUPLICATE", owner + ".evidence", list.path,
            "lists the same repo/path/kind reference twice");
  }
  auto evidence_less = [](const Strings& a, const Strings& b) {
    for (std::size_t k = 0; k < 3; ++k) {
      if (const int c = fold_compare(a[k], b[k]); c != 0) return c < 0;
    }
    return false;
  };
  if (!is_sorted_by(out.refs, evidence_less)) {
    d.error("EVIDENCE-ORDER", owner + ".evidence", list.path,
            "is not sorted by repo, then path, then kind");
  }
  return out;
}

}  // namespace relctl::rules
