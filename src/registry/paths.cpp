#include "relctl/registry/paths.hpp"

#include <algorithm>

namespace relctl::registry {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string_view strip_trailing_slashes(std::string_view p) {
  while (!p.empty() && p.back() == '/') p.remove_suffix(1);
  return p;
}

}  // namespace

bool prefix_matches(std::string_view path, std::string_view prefix) {
  return path == strip_trailing_slashes(prefix) || starts_with(path, prefix);
}

bool is_test_or_fixture(std::string_view path) {
  return starts_with(path, "scripts/tests/") || ends_with(path, "_test.go") ||
         path.find("/__tests__/") != std::string_view::npos || ends_with(path, ".test.ts") ||
         ends_with(path, ".test.tsx") || ends_with(path, ".spec.ts") ||
         ends_with(path, ".spec.tsx");
}

IgnoredPaths::IgnoredPaths(const std::string& profile_root)
    : prefixes_{profile_root + "/", "internal/repoctl/", ".husky/", "scripts/release_control/"} {}

bool IgnoredPaths::contains(std::string_view path) const {
  return std::any_of(prefixes_.begin(), prefixes_.end(),
                     [&](const std::string& p) { return starts_with(path, p); });
}

const char* to_string(PathClass c) {
  switch (c) {
    case PathClass::kIgnored:
      return "ignored";
    case PathClass::kTestOrFixture:
      return "test-or-fixture";
    case PathClass::kRuntime:
      break;
  }
  return "runtime";
}

namespace {

// One bracket class starting at pattern[i] == '['. Returns the index after
// the closing ']' and whether `c` is in the class; npos when the class is not
// closed (then '[' is an ordinary character, as in fnmatch).
std::size_t match_class(std::string_view pat, std::size_t i, char c, bool& in) {
  std::size_t j = i + 1;
  bool negate = false;
  if (j < pat.size() && pat[j] == '!') {
    negate = true;
    ++j;
  }
  const std::size_t first = j;
  if (j < pat.size() && pat[j] == ']') ++j;  // a leading ']' is literal
  while (j < pat.size() && pat[j] != ']') ++j;
  if (j >= pat.size()) return std::string_view::npos;
  bool hit = false;
  for (std::size_t k = first; k < j; ++k) {
    if (k + 2 < j && pat[k + 1] == '-') {
      if (pat[k] <= c && c <= pat[k + 2]) hit = true;
      k += 2;
    } else if (pat[k] == c) {
      hit = true;
    }
  }
  in = negate ? !hit : hit;
  return j + 1;
}

}  // namespace

bool glob_matches(std::string_view name, std::string_view pat) {
  // Iterative matcher with backtracking to the last '*'.
  std::size_t n = 0;
  std::size_t p = 0;
  std::size_t star_p = std::string_view::npos;
  std::size_t star_n = 0;
  while (n < name.size()) {
    if (p < pat.size()) {
      const char pc = pat[p];
      if (pc == '*') {
        star_p = ++p;
        star_n = n;
        continue;
      }
      if (pc == '?') {
        ++p;
        ++n;
        continue;
      }
      if (pc == '[') {
        bool in = false;
        const std::size_t next = match_class(pat, p, name[n], in);
        if (next == std::string_view::npos) {
          if (name[n] == '[') {
            ++p;
            ++n;
            continue;
          }
        } else if (in) {
          p = next;
          ++n;
          continue;
        }
      } else if (pc == name[n]) {
        ++p;
        ++n;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    n = ++star_n;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

std::string posix_normal(std::string_view p) {
  std::string out;
  if (starts_with(p, "//") && !starts_with(p, "///")) {
    out = "//";
  } else if (starts_with(p, "/")) {
    out = "/";
  }
  const std::size_t root_len = out.size();
  std::size_t i = 0;
  while (i <= p.size()) {
    std::size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    const std::string_view seg = p.substr(i, j - i);
    if (!seg.empty() && seg != ".") {
      if (out.size() > root_len) out += '/';
      out.append(seg);
    }
    i = j + 1;
  }
  if (out.empty()) out = ".";
  return out;
}

std::uint32_t PathMatcher::node_for(std::string_view s) {
  std::uint32_t cur = 0;
  for (char c : s) {
    auto& kids = nodes_[cur].kids;
    auto it = std::lower_bound(kids.begin(), kids.end(), c,
                               [](const auto& kv, char ch) { return kv.first < ch; });
    if (it != kids.end() && it->first == c) {
      cur = it->second;
      continue;
    }
    const auto next = static_cast<std::uint32_t>(nodes_.size());
    kids.insert(it, {c, next});
    nodes_.emplace_back();
    cur = next;
  }
  return cur;
}

void PathMatcher::add_prefix(std::string_view prefix, std::uint32_t group, std::uint32_t ordinal) {
  add_plain_prefix(prefix, group, ordinal);
  const std::string_view stripped = strip_trailing_slashes(prefix);
  if (stripped.size() != prefix.size()) {
    nodes_[node_for(stripped)].equals.push_back({group, ordinal, false});
  }
}

void PathMatcher::add_plain_prefix(std::string_view prefix, std::uint32_t group,
                                   std::uint32_t ordinal) {
  nodes_[node_for(prefix)].starts.push_back({group, ordinal, false});
}

void PathMatcher::add_file(std::string_view path, std::uint32_t group, std::uint32_t ordinal) {
  files_[std::string(path)].push_back({group, ordinal, true});
}

void PathMatcher::collect(std::string_view path, std::vector<Hit>& out) const {
  std::uint32_t cur = 0;
  std::size_t i = 0;
  for (;;) {
    const Node& node = nodes_[cur];
    out.insert(out.end(), node.starts.begin(), node.starts.end());
    if (i == path.size()) {
      out.insert(out.end(), node.equals.begin(), node.equals.end());
      break;
    }
    const char c = path[i];
    auto it = std::lower_bound(node.kids.begin(), node.kids.end(), c,
                               [](const auto& kv, char ch) { return kv.first < ch; });
    if (it == node.kids.end() || it->first != c) break;
    cur = it->second;
    ++i;
  }
  if (!files_.empty()) {
    if (auto f = files_.find(std::string(path)); f != files_.end()) {
      out.insert(out.end(), f->second.begin(), f->second.end());
    }
  }
}

std::vector<PathMatcher::Hit> PathMatcher::hits(std::string_view path) const {
  std::vector<Hit> out;
  collect(path, out);
  return out;
}

}  // namespace relctl::registry
