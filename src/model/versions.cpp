// Version strings: prerelease detection, release branches, readiness levels
// of the active target.
#include <algorithm>

#include "relctl/model/control_plane.hpp"

namespace relctl::model {
namespace {

bool ident_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

// Does "-<ident>(.<ident>)*(+[0-9A-Za-z.-]+)?" match s[i..] up to the end?
bool prerelease_tail(const std::string& s, std::size_t i, std::size_t end) {
  std::size_t j = i + 1;
  for (;;) {
    const std::size_t start = j;
    while (j < end && ident_char(s[j])) ++j;
    if (j == start) return false;
    if (j < end && s[j] == '.' && j + 1 < end && ident_char(s[j + 1])) {
      ++j;
      continue;
    }
    break;
  }
  if (j == end) return true;
  if (s[j] != '+') return false;
  const std::size_t build = ++j;
  while (j < end && (ident_char(s[j]) || s[j] == '.')) ++j;
  return j > build && j == end;
}

}  // namespace

std::optional<std::vector<std::string>> blocking_levels(const Target& t, std::string* why) {
  const std::string& scope = t.proof_scope_declared ? t.proof_scope : std::string("derived");
  auto for_rule = [](const std::string& r) -> std::optional<std::vector<std::string>> {
    if (r == "repo_ready") return std::vector<std::string>{"repo-ready"};
    if (r == "rc_ready") return std::vector<std::string>{"repo-ready", "rc-ready"};
    if (r == "release_ready") {
      return std::vector<std::string>{"repo-ready", "rc-ready", "release-ready"};
    }
    return std::nullopt;
  };
  if (scope == "none") return std::vector<std::string>{};
  if (scope != "derived") return for_rule(scope);
  auto levels = for_rule(t.completion_rule);
  if (!levels && why) {
    *why = "completion_rule '" + t.completion_rule +
           "' does not map to readiness levels; declare proof_scope on the target";
  }
  return levels;
}

bool is_prerelease_version(const std::string& v) {
  std::size_t end = v.size();
  // Python's `$` also matches before one final newline.
  for (std::size_t pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < end; ++i) {
      if (v[i] == '-' && prerelease_tail(v, i, end)) return true;
    }
    if (end > 0 && v[end - 1] == '\n') {
      --end;
    } else {
      break;
    }
  }
  return false;
}

std::string branch_for_version(const ControlPlane& cp, const std::string& version) {
  std::string normalized = version;
  if (!normalized.empty() && normalized[0] == 'v') normalized.erase(0, 1);
  std::vector<const LegacyReleaseLine*> lines;
  for (const auto& l : cp.legacy_release_lines) lines.push_back(&l);
  std::stable_sort(lines.begin(), lines.end(), [](const auto* a, const auto* b) {
    return a->version_prefix.size() > b->version_prefix.size();
  });
  const bool pre = is_prerelease_version(version);
  for (const auto* l : lines) {
    if (normalized.rfind(l->version_prefix, 0) == 0) {
      return pre ? l->prerelease_branch : l->stable_branch;
    }
  }
  const auto& p = cp.active_profile();
  return pre ? p.prerelease_branch : p.stable_branch;
}

}  // namespace relctl::model
