#include "relctl/registry/paths.hpp"

#include <algorithm>
#include <stdexcept>

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
  for (const char c : s) {
    std::uint32_t kid = nodes_[cur].child;
    while (kid != kNone && nodes_[kid].c != c) kid = nodes_[kid].sibling;
    if (kid == kNone) {
      kid = static_cast<std::uint32_t>(nodes_.size());
      Node n;
      n.c = c;
      n.sibling = nodes_[cur].child;
      nodes_.push_back(n);
      nodes_[cur].child = kid;
    }
    cur = kid;
  }
  return cur;
}

void PathMatcher::push(std::uint32_t& head, Hit hit) {
  links_.push_back({hit, head});
  head = static_cast<std::uint32_t>(links_.size() - 1);
}

void PathMatcher::append_list(std::uint32_t head, std::vector<Hit>& out) const {
  for (; head != kNone; head = links_[head].next) out.push_back(links_[head].hit);
}

void PathMatcher::add_prefix(std::string_view prefix, std::uint32_t group, std::uint32_t ordinal) {
  add_plain_prefix(prefix, group, ordinal);
  const std::string_view stripped = strip_trailing_slashes(prefix);
  if (stripped.size() != prefix.size()) {
    const std::uint32_t n = node_for(stripped);
    push(nodes_[n].equals, {group, ordinal, false});
  }
}

void PathMatcher::add_plain_prefix(std::string_view prefix, std::uint32_t group,
                                   std::uint32_t ordinal) {
  const std::uint32_t n = node_for(prefix);
  push(nodes_[n].starts, {group, ordinal, false});
}

void PathMatcher::add_file(std::string_view path, std::uint32_t group, std::uint32_t ordinal) {
  files_.emplace_back(path, Hit{group, ordinal, true});
  finished_ = false;
}

void PathMatcher::finish() {
  std::stable_sort(files_.begin(), files_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  finished_ = true;
}

void PathMatcher::collect(std::string_view path, std::vector<Hit>& out) const {
  if (!finished_ && !files_.empty()) {
    throw std::logic_error("PathMatcher::collect before finish");
  }
  std::uint32_t cur = 0;
  for (std::size_t i = 0;; ++i) {
    append_list(nodes_[cur].starts, out);
    if (i == path.size()) {
      append_list(nodes_[cur].equals, out);
      break;
    }
    std::uint32_t kid = nodes_[cur].child;
    while (kid != kNone && nodes_[kid].c != path[i]) kid = nodes_[kid].sibling;
    if (kid == kNone) break;
    cur = kid;
  }
  struct ByPath {
    bool operator()(const std::pair<std::string_view, Hit>& a, std::string_view b) const {
      return a.first < b;
    }
    bool operator()(std::string_view a, const std::pair<std::string_view, Hit>& b) const {
      return a < b.first;
    }
  };
  auto [lo, hi] = std::equal_range(files_.begin(), files_.end(), path, ByPath{});
  for (; lo != hi; ++lo) out.push_back(lo->second);
}

std::vector<PathMatcher::Hit> PathMatcher::hits(std::string_view path) const {
  std::vector<Hit> out;
  collect(path, out);
  return out;
}

}  // namespace relctl::registry
