#include "relctl/report/registry.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <system_error>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "relctl/derive/audit_report.hpp"
#include "relctl/load/confine.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/registry/audit.hpp"
#include "relctl/registry/contract_cache.hpp"
#include "relctl/registry/contracts.hpp"
#include "relctl/registry/lookup.hpp"
#include "relctl/registry/ownership.hpp"
#include "relctl/rules/audit.hpp"
#include "relctl/rules/context.hpp"
#include "relctl/rules/control_plane_audit.hpp"
#include "relctl/util/cache_file.hpp"
#include "relctl/util/keep.hpp"
#include "relctl/util/text.hpp"

namespace relctl::report {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> split_nul(const std::string& out) {
  std::vector<std::string> v;
  std::size_t i = 0;
  while (i < out.size()) {
    std::size_t j = out.find('\0', i);
    if (j == std::string::npos) j = out.size();
    if (j > i) v.push_back(out.substr(i, j - i));
    i = j + 1;
  }
  return v;
}

// `git ls-files -z` of a repository (or the given pathspec); LoadError when git fails.

// The contract files of the active profile: `*.md` directly in its
// subsystems folder (under --staged, those in the index, falling back to
// the folder), minus the contract template, in path order, added to `index`.
// Work-tree contracts whose stat data is unchanged are taken from the
// contracts cache in `cache_dir` (empty: no cache) instead of being read.
void add_contracts(ControlFiles& files, registry::ContractIndex& index,
                   const registry::ContractParseOptions& popts, const fs::path& cache_dir) {
  const auto& profile = files.control_plane().active_profile();
  const std::string dir = profile.subsystems_dir;
  const std::string named_by = "the subsystem contracts folder";
  if (files.staged()) {
    std::vector<std::string> rels;
    for (auto& p : files.repo().tracked_files({}, dir)) {
      if (ends_with(p, ".md")) rels.push_back(std::move(p));
    }
    if (!rels.empty()) {
      std::sort(rels.begin(), rels.end());
      for (const auto& rel : rels) {
        if (rel == profile.subsystem_contract_template) continue;
        index.add(rel, files.repo().read(rel, true, named_by));
      }
      index.finish();
      return;
    }
  }
  const auto now = std::chrono::system_clock::now();
  const fs::path folder = files.repo().root() / dir;
  // Regular files and links to them, each with its lstat (a link's is not
  // remembered by the cache).
  std::vector<std::pair<std::string, struct stat>> found;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!ends_with(name, ".md")) continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0) continue;
    if (S_ISLNK(st.st_mode)) {
      struct stat target {};
      if (::stat(it->path().c_str(), &target) != 0 || !S_ISREG(target.st_mode)) continue;
    } else if (!S_ISREG(st.st_mode)) {
      continue;
    }
    found.emplace_back(std::move(name), st);
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  // Under --staged (the folder is read when the index has no contracts),
  // files are read as git would hand them over, without the cache. The
  // cache only stands in for reads of files inside the repository: a folder
  // reached through a link that leaves it is read (and refused) as before.
  const bool cached = !cache_dir.empty() && !files.staged() &&
                      confine::BeneathProbe().kind(files.repo().root().string(), dir) ==
                          confine::BeneathProbe::Kind::kDirectory;
  registry::ContractCache cache(cached ? cache_dir : fs::path(), folder.string(), popts, now);
  // One buffer for all the contracts read: its pages are touched once
  // (mapping each file touched 1,150 new pages per run; docs/performance.md).
  Repo::ReadBuffer buffer;
  for (const auto& [name, st] : found) {
    const std::string rel = dir + "/" + name;
    if (rel == profile.subsystem_contract_template) continue;
    if (files.staged()) {
      index.add(rel, files.repo().read(rel, true, named_by));
      continue;
    }
    if (const auto* parsed = cache.find(name, st)) {
      index.add_parsed(rel, *parsed);
      continue;
    }
    auto parsed = registry::parse_contract(files.repo().read_into(rel, named_by, buffer), popts);
    cache.remember(name, st, parsed);
    index.add_parsed(rel, std::move(parsed));
  }
  cache.save();
  if (cache.enabled()) {
    spdlog::debug("contracts cache {}: {} unchanged, {} read", cache.file().string(), cache.hits(),
                  cache.misses());
  }
  index.finish();
}

// Gathers the lookup's inputs and hands them to `use`.
template <class Use>
void with_owner_inputs(ControlFiles& files, TimePoint now,
                       const std::vector<std::string>& raw_paths, DefectMode mode,
                       const fs::path& cache_dir, Use&& use) {
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  auto lap = [&t0](const char* what) {
    const auto t = clock::now();
    spdlog::debug("owners: {} in {} us", what,
                  std::chrono::duration_cast<std::chrono::microseconds>(t - t0).count());
    t0 = t;
  };
  const auto& cp = files.control_plane();
  const auto& registry = files.registry();  // binds: refuses a registry without policies
  lap("control plane and registry loaded");
  if (!mode.fix) {
    // The reference cannot start without a usable registry schema.
    (void)registry::read_registry_schema_contract(files.registry_schema_doc());
  }
  // The facts first: on a miss they are read from the status document,
  // which the status report then parses no second time and releases.
  const std::string local = local_repo_id(files, status_facts(files, cache_dir));
  StatusReportOptions ro;
  ro.results = cache_dir;
  ro.members = registry::kOwnersReportMembers;
  ro.keep_registry = true;  // `registry` is read below
  json report = status_report(files, now, ro);
  lap("status report built");
  registry::PathNormalizer norm{files.repo().root(), files.repo().workspace_root(), local};
  std::vector<std::string> paths;
  paths.reserve(raw_paths.size());
  for (const auto& p : raw_paths) {
    if (!text::is_blank(p)) paths.push_back(norm.normalize(p));
  }
  const JsonNode& root = registry.doc->root();
  const auto subs = root.find("subsystems");
  registry::OwnershipIndex ownership(
      registry::read_rules(subs == nullptr ? JsonNode::empty_object() : *subs));
  registry::ContractParseOptions popts;
  popts.all_item_numbers = mode.fix;
  popts.heading_line_from_first = mode.fix;
  lap("paths normalised, ownership index built");
  registry::ContractIndex contracts(popts);
  add_contracts(files, contracts, popts, cache_dir);
  lap("contracts read and parsed");
  const registry::IgnoredPaths ignored(cp.active_profile().root);
  const auto so = root.find("shared_ownerships");
  const registry::LookupInputs in{ownership, contracts, ignored, so, report};
  use(in, paths);
  lap("report written");
  discard(std::move(report));
  discard(std::move(ownership));
  discard(std::move(contracts));
}

}  // namespace

json run_owners(ControlFiles& files, TimePoint now, const std::vector<std::string>& raw_paths,
                bool lean, DefectMode mode, const fs::path& cache_dir) {
  json out;
  with_owner_inputs(files, now, raw_paths, mode, cache_dir, [&](const auto& in, const auto& paths) {
    out = registry::lookup_owners(in, paths, lean);
  });
  return out;
}

void write_owners(ControlFiles& files, TimePoint now, const std::vector<std::string>& raw_paths,
                  bool lean, DefectMode mode, const fs::path& cache_dir,
                  const registry::EmitPieces& emit) {
  with_owner_inputs(files, now, raw_paths, mode, cache_dir, [&](const auto& in, const auto& paths) {
    registry::write_owners_json(in, paths, lean, emit);
  });
}

json run_registry_audit(ControlFiles& files, DefectMode /*mode*/, const fs::path& cache_dir,
                        std::optional<StatusFacts> known) {
  const auto& cp = files.control_plane();
  StatusFacts facts = known ? std::move(*known) : status_facts(files, cache_dir);
  const auto schema = registry::read_registry_schema_contract(files.registry_schema_doc());

  const std::string local = local_repo_id(files, facts);
  std::vector<std::string> active = std::move(facts.active_repos);
  const std::set<std::string>& lane_ids = facts.lane_ids;
  // Nothing below reads the status document (a miss of the facts parsed it).
  files.release_status_document();
  if (active.empty()) active.push_back(local);

  // Each `git ls-files` listing is already in byte order: sort only what is
  // appended after the first listing, then merge.
  std::vector<std::string> tracked;
  std::size_t sorted_prefix = 0;
  for (const auto& repo_id : active) {
    fs::path dir;
    if (repo_id != local) {
      const auto r = files.repo().repo_root(repo_id, local);
      std::error_code ec;
      if (!r || !fs::is_directory(*r, ec)) continue;  // absent siblings are skipped
      dir = *r;
    }
    for (auto& p : files.repo().tracked_files(dir)) {
      tracked.push_back(repo_id == local ? std::move(p) : repo_id + ":" + p);
    }
    if (sorted_prefix == 0) {
      sorted_prefix = std::is_sorted(tracked.begin(), tracked.end()) ? tracked.size() : 0;
    }
  }
  // Governance files may be untracked: count whatever is in the contracts
  // folder (when it is a folder inside the repository).
  const std::string sdir = cp.active_profile().subsystems_dir;
  const confine::BeneathProbe beneath;
  if (beneath.kind(files.repo().root().string(), sdir) == confine::BeneathProbe::Kind::kDirectory) {
    std::error_code ec;
    for (fs::directory_iterator it(files.repo().root() / sdir, ec), end; !ec && it != end;
         it.increment(ec)) {
      std::error_code ec2;
      if (fs::is_regular_file(it->path(), ec2)) {
        tracked.push_back(sdir + "/" + it->path().filename().string());
      }
    }
  }
  const auto mid = tracked.begin() + static_cast<std::ptrdiff_t>(sorted_prefix);
  std::sort(mid, tracked.end());
  std::inplace_merge(tracked.begin(), mid, tracked.end());
  tracked.erase(std::unique(tracked.begin(), tracked.end()), tracked.end());

  // The audit is a pure function of what it is given: its result is
  // remembered under a hash of all of it (registry.json as text; it is only
  // parsed on a miss).
  const auto& profile = cp.active_profile();
  cache::KeyBuilder kb;
  kb.add("relctl-registry-audit-1").add(RELCTL_VERSION).add(cache::build_id());
  kb.add(profile.registry).add(files.registry_text()).add(files.registry_schema_doc().text());
  kb.add(profile.root);
  kb.add(std::to_string(lane_ids.size()));
  for (const auto& id : lane_ids) kb.add(id);
  // Paths hold no NUL (git index entries, folder entries): joined with one,
  // they are hashed in one step rather than 6,500 small ones.
  std::string joined;
  std::size_t bytes = 0;
  for (const auto& p : tracked) bytes += p.size() + 1;
  joined.reserve(bytes);
  for (const auto& p : tracked) (joined += p) += '\0';
  kb.add(joined);
  const std::string key = kb.hex();
  if (auto hit = cache::load_json(cache_dir, "registry-audits", key);
      hit && hit->is_object() && hit->contains("errors")) {
    return std::move(*hit);
  }
  const registry::IgnoredPaths ignored(profile.root);
  json out =
      registry::audit_registry({files.registry_doc().root(), tracked, lane_ids, schema, ignored});
  cache::store_json(cache_dir, "registry-audits", key, out);
  return out;
}

json run_control_plane_audit(ControlFiles& files, TimePoint now, DefectMode /*mode*/,
                             const json* status, const fs::path& cache_dir) {
  const auto& cp = files.control_plane();
  std::set<std::string> index;
  bool index_read = false;
  const std::string root = files.repo().root().string();
  const confine::BeneathProbe beneath;
  auto probe = [&](const std::string& rel, bool expect_dir) -> std::string {
    using Kind = confine::BeneathProbe::Kind;
    // Looked up below the root only: a path that leaves the repository is
    // not followed (load/confine.hpp).
    const Kind k = beneath.kind(root, rel);
    if (k == Kind::kOutside) return "outside-repository";
    if (expect_dir) {
      if (k == Kind::kDirectory) return "dir";
      return k == Kind::kMissing ? "missing" : "file";
    }
    if (files.staged()) {
      if (!index_read) {
        index_read = true;
        const auto r = files.repo().git({"ls-files", "-z", "--stage"});
        if (r.exit_code == 0) {
          for (const auto& e : split_nul(r.out)) {
            // "<mode> <object> <stage>\t<path>"; stage 0 only.
            const auto tab = e.find('\t');
            if (tab == std::string::npos || tab < 2 || e[tab - 1] != '0' || e[tab - 2] != ' ') {
              continue;
            }
            index.insert(e.substr(tab + 1));
          }
        }
      }
      if (index.count(rel)) return "file";
    }
    if (k == Kind::kFile) return "file";
    return k == Kind::kMissing ? "missing" : "dir";
  };
  if (status != nullptr) return rules::audit_control_plane(cp, probe, *status);
  StatusReportOptions so;
  so.results = cache_dir;
  so.members = rules::kControlPlaneAuditReportMembers;
  json report = status_report(files, now, so);
  json out = rules::audit_control_plane(cp, probe, report);
  discard(std::move(report));
  return out;
}

}  // namespace relctl::report
