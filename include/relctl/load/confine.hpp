#pragma once
// Keeping every path read from the control files inside its repository.
//
// Paths in the control files (the profile's files, evidence references,
// proof-command folders, repository names) are repository-relative. One
// that is absolute, has a `..` segment, or passes through a symbolic link
// that leads out of the repository is never followed: the loader refuses
// to read it, the audits report it (docs/guarantees.md).
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace relctl::confine {

// Why `rel` cannot name something inside its root, from its text alone:
// it is absolute, or it has a `..` segment. nullopt otherwise (empty, `.`,
// `a//b` and `./a` stay inside, unclean as they may be).
std::optional<std::string> lexical_problem(std::string_view rel);

// Whether `name` can be a folder beside the checkout: one non-empty path
// segment, not `.` or `..`, no NUL.
bool is_plain_name(std::string_view name);

// realpath(3): symbolic links, `.` and `..` resolved; nullopt when the path
// does not resolve.
std::optional<std::string> real_path(const std::string& p);

// Whether the real path `real` is `real_root` or lies below it.
bool within(std::string_view real, std::string_view real_root);

// The real path of an open file (from /proc/self/fd); nullopt when the
// system does not say.
std::optional<std::string> fd_path(int fd);

// What a repository-relative path names, looked up without ever leaving
// the repository: each folder on the way is looked at once (lstat), and a
// symbolic link is followed only when its target lies inside the root.
// Results are remembered per path for the life of the object.
//
// Each step is looked up relative to a descriptor of the root, not by its
// absolute path: the kernel then walks only the components below the root
// (an audit of Pulse makes about 700 such lookups; from the root they cost
// a third less than from `/`).
class BeneathProbe {
 public:
  enum class Kind { kMissing, kFile, kDirectory, kOther, kOutside };

  BeneathProbe() = default;
  BeneathProbe(const BeneathProbe&) = delete;
  BeneathProbe& operator=(const BeneathProbe&) = delete;
  ~BeneathProbe();

  [[nodiscard]] Kind kind(const std::string& root, std::string_view rel) const;

 private:
  struct Root {
    std::string real;  // realpath of the root; empty when it does not resolve
    int fd = -1;       // O_PATH descriptor of the root; -1: look up by absolute path
  };
  [[nodiscard]] Kind step(const std::string& path, std::size_t rel_at, const Root& root) const;
  [[nodiscard]] const Root& root_of(const std::string& root) const;
  mutable std::unordered_map<std::string, Kind> seen_;
  mutable std::unordered_map<std::string, Root> roots_;
};

}  // namespace relctl::confine
