#include "relctl/load/confine.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <memory>

namespace relctl::confine {

std::optional<std::string> lexical_problem(std::string_view rel) {
  if (!rel.empty() && rel.front() == '/') return std::string("is absolute");
  std::size_t i = 0;
  while (i <= rel.size()) {
    std::size_t j = rel.find('/', i);
    if (j == std::string_view::npos) j = rel.size();
    if (rel.substr(i, j - i) == "..") return std::string("has a '..' segment");
    i = j + 1;
  }
  return std::nullopt;
}

bool is_plain_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of(std::string_view("/\0", 2)) == std::string_view::npos;
}

std::optional<std::string> real_path(const std::string& p) {
  std::unique_ptr<char, decltype(&std::free)> r(::realpath(p.c_str(), nullptr), &std::free);
  if (!r) return std::nullopt;
  return std::string(r.get());
}

bool within(std::string_view real, std::string_view real_root) {
  if (real_root == "/") return !real.empty() && real.front() == '/';
  if (real.size() < real_root.size() || real.compare(0, real_root.size(), real_root) != 0) {
    return false;
  }
  return real.size() == real_root.size() || real[real_root.size()] == '/';
}

std::optional<std::string> fd_path(int fd) {
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  char buf[PATH_MAX + 1];
  const ssize_t n = ::readlink(link.c_str(), buf, PATH_MAX);
  if (n <= 0 || buf[0] != '/') return std::nullopt;
  return std::string(buf, static_cast<std::size_t>(n));
}

BeneathProbe::~BeneathProbe() {
  for (const auto& [path, root] : roots_) {
    if (root.fd >= 0) ::close(root.fd);
  }
}

const BeneathProbe::Root& BeneathProbe::root_of(const std::string& root) const {
  auto it = roots_.find(root);
  if (it == roots_.end()) {
    Root r;
    r.real = real_path(root).value_or("");
    if (!r.real.empty()) r.fd = ::open(r.real.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    it = roots_.emplace(root, std::move(r)).first;
  }
  return it->second;
}

// `path` is the root, a '/', then the repository-relative part from
// `rel_at` on.
BeneathProbe::Kind BeneathProbe::step(const std::string& path, std::size_t rel_at,
                                      const Root& root) const {
  const auto [it, fresh] = seen_.try_emplace(path, Kind::kMissing);
  if (!fresh) return it->second;
  auto kind_of = [](const struct stat& st) {
    if (S_ISREG(st.st_mode)) return Kind::kFile;
    if (S_ISDIR(st.st_mode)) return Kind::kDirectory;
    return Kind::kOther;
  };
  struct stat st {};
  // The last component is not followed; the ones before it were looked at
  // by earlier steps (a link among them leads inside the root).
  const int rc = root.fd >= 0 ? ::fstatat(root.fd, path.c_str() + rel_at, &st, AT_SYMLINK_NOFOLLOW)
                              : ::lstat(path.c_str(), &st);
  if (rc != 0) return it->second;
  if (!S_ISLNK(st.st_mode)) {
    it->second = kind_of(st);
    return it->second;
  }
  // A symbolic link: followed only when where it leads is inside the root.
  const auto real = real_path(path);
  if (!real) return it->second;  // dangling: nothing there
  if (!within(*real, root.real)) {
    it->second = Kind::kOutside;
    return it->second;
  }
  if (::stat(real->c_str(), &st) == 0) it->second = kind_of(st);
  return it->second;
}

BeneathProbe::Kind BeneathProbe::kind(const std::string& root, std::string_view rel) const {
  if (lexical_problem(rel)) return Kind::kOutside;
  const Root& r = root_of(root);
  if (r.real.empty()) return Kind::kMissing;
  std::string path = root;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const std::size_t rel_at = path == "/" ? 1 : path.size() + 1;
  // Segments as pathlib joins them: empty and "." segments are skipped.
  Kind k = Kind::kDirectory;
  std::size_t i = 0;
  while (i <= rel.size()) {
    std::size_t j = rel.find('/', i);
    if (j == std::string_view::npos) j = rel.size();
    const std::string_view seg = rel.substr(i, j - i);
    i = j + 1;
    if (seg.empty() || seg == ".") continue;
    if (k != Kind::kDirectory) return Kind::kMissing;  // a file on the way: nothing below it
    if (path != "/") path += '/';
    path.append(seg);
    k = step(path, rel_at, r);
    if (k == Kind::kMissing || k == Kind::kOutside) return k;
  }
  return k;
}

}  // namespace relctl::confine
