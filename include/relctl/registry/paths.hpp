#pragma once
// Repository path rules shared by the ownership lookup and the registry
// audit: how a path is classified (governance, test or runtime), how a
// registry prefix matches, release-cycle globs, and prefix matching that
// scales to thousands of paths.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace relctl::registry {

// A registry prefix matches a path that starts with it, or that equals it
// without its trailing slashes ("internal/api/" matches "internal/api").
// Plain string prefix: "internal/ap" also matches "internal/api.go".
bool prefix_matches(std::string_view path, std::string_view prefix);

// Tests and fixtures: under scripts/tests/, inside a __tests__/ folder, or
// named *_test.go, *.test.ts(x), *.spec.ts(x).
bool is_test_or_fixture(std::string_view path);

// Governance files that never count as runtime: the active profile's root
// folder and the release-control tooling folders.
class IgnoredPaths {
 public:
  explicit IgnoredPaths(const std::string& profile_root);
  [[nodiscard]] bool contains(std::string_view path) const;

 private:
  std::vector<std::string> prefixes_;
};

enum class PathClass { kRuntime, kTestOrFixture, kIgnored };
const char* to_string(PathClass c);

// Python's fnmatch.fnmatchcase: the whole string, case-sensitive, '*' also
// crosses '/', '?' one character, [abc] [!abc] [a-z] classes, no escapes.
bool glob_matches(std::string_view name, std::string_view pattern);

// PurePosixPath(p).as_posix(): "." and empty segments dropped, no trailing
// slash, "" -> "."; ".." kept; a leading "//" kept.
std::string posix_normal(std::string_view p);

// A set of (group, ordinal) entries keyed by prefixes and exact paths, asked
// "which entries match this path" in time proportional to the path's length
// (and the logarithm of the number of exact paths), whatever the number of
// prefixes. Prefixes are copied into a trie; exact paths are not: the
// strings given to add_file() must outlive the matcher, unchanged (at x100
// scale a registry names 300,000 files; docs/performance.md).
class PathMatcher {
 public:
  struct Hit {
    std::uint32_t group = 0;    // e.g. the subsystem
    std::uint32_t ordinal = 0;  // e.g. the prefix's or the policy's index
    bool exact = false;         // matched an exact file rather than a prefix
  };
  // Matches paths by prefix_matches().
  void add_prefix(std::string_view prefix, std::uint32_t group, std::uint32_t ordinal);
  // Matches only paths that start with `prefix` (no equality rule).
  void add_plain_prefix(std::string_view prefix, std::uint32_t group, std::uint32_t ordinal);
  // Matches exactly this path (which is not copied).
  void add_file(std::string_view path, std::uint32_t group, std::uint32_t ordinal);
  // Once, after the last add and before the first collect(): orders the
  // exact paths for lookup. collect() throws std::logic_error before it.
  void finish();

  // Appends every matching entry (in no particular order) to `out`.
  void collect(std::string_view path, std::vector<Hit>& out) const;
  [[nodiscard]] std::vector<Hit> hits(std::string_view path) const;

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;
  // A trie node: its first child and next sibling (children are few: a
  // short list beats a table), and the heads of its two lists of hits in
  // links_. 20 bytes, where three vectors were 72 and a heap block each.
  struct Node {
    std::uint32_t child = kNone, sibling = kNone;
    std::uint32_t starts = kNone;  // prefixes ending here
    std::uint32_t equals = kNone;  // prefixes without their trailing slashes ending here
    char c = 0;
  };
  struct Link {
    Hit hit;
    std::uint32_t next = kNone;
  };
  std::uint32_t node_for(std::string_view s);
  void push(std::uint32_t& head, Hit hit);
  void append_list(std::uint32_t head, std::vector<Hit>& out) const;
  std::vector<Node> nodes_ = std::vector<Node>(1);  // the root
  std::vector<Link> links_;
  std::vector<std::pair<std::string_view, Hit>> files_;  // by path once finished
  bool finished_ = false;
};

}  // namespace relctl::registry
