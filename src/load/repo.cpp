#include "relctl/load/repo.hpp"

#include "relctl/load/git_index.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <system_error>

#include <fmt/format.h>

#include "relctl/load/confine.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/model/control_plane.hpp"
#include "relctl/util/subprocess.hpp"
#include "relctl/util/text.hpp"

namespace relctl {

namespace fs = std::filesystem;

std::optional<std::string> process_env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

namespace {

fs::path canonical_or_absolute(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? fs::absolute(p) : c;
}

bool has_control_plane(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / model::control_plane_constants::kPath, ec);
}

std::string read_small_file(const fs::path& p) {
  std::ifstream f(p);
  std::string line;
  std::getline(f, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) {
    line.pop_back();
  }
  return line;
}

struct GitLayout {
  fs::path work_tree;  // the execution root (top level of the checkout)
  fs::path git_dir;
  fs::path common_dir;
};

// Reads the .git layout the way git does for the common cases: a .git
// directory (primary checkout) or a .git file naming the git dir (linked
// worktree, submodule), whose `commondir` file names the shared git dir.
std::optional<GitLayout> find_git_layout(const fs::path& start) {
  std::error_code ec;
  for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
    const fs::path dot_git = dir / ".git";
    if (fs::is_directory(dot_git, ec)) {
      GitLayout g{dir, dot_git, dot_git};
      if (fs::exists(dot_git / "commondir", ec)) {
        g.common_dir = canonical_or_absolute(dot_git / read_small_file(dot_git / "commondir"));
      }
      return g;
    }
    if (fs::is_regular_file(dot_git, ec)) {
      std::string line = read_small_file(dot_git);
      const std::string prefix = "gitdir: ";
      if (line.rfind(prefix, 0) != 0) return std::nullopt;
      fs::path gd = line.substr(prefix.size());
      if (gd.is_relative()) gd = dir / gd;
      gd = canonical_or_absolute(gd);
      GitLayout g{dir, gd, gd};
      if (fs::exists(gd / "commondir", ec)) {
        g.common_dir = canonical_or_absolute(gd / read_small_file(gd / "commondir"));
      }
      return g;
    }
    if (dir == dir.root_path()) break;
  }
  return std::nullopt;
}

// The git variables a hook may export. They are passed on to our git call
// only when they provably describe this repository (a pre-commit hook's
// temporary index, say); otherwise git would read another repository.
const std::vector<std::string>& local_git_variables() {
  static const std::vector<std::string> vars{"GIT_ALTERNATE_OBJECT_DIRECTORIES",
                                             "GIT_CONFIG",
                                             "GIT_CONFIG_PARAMETERS",
                                             "GIT_CONFIG_COUNT",
                                             "GIT_OBJECT_DIRECTORY",
                                             "GIT_DIR",
                                             "GIT_WORK_TREE",
                                             "GIT_IMPLICIT_WORK_TREE",
                                             "GIT_GRAFT_FILE",
                                             "GIT_INDEX_FILE",
                                             "GIT_NO_REPLACE_OBJECTS",
                                             "GIT_REPLACE_REF_BASE",
                                             "GIT_PREFIX",
                                             "GIT_SHALLOW_FILE",
                                             "GIT_COMMON_DIR"};
  return vars;
}

std::vector<std::string> git_variables_to_unset(const fs::path& root, EnvLookup env) {
  std::vector<std::string> targeting;
  for (const auto& v : local_git_variables()) {
    if (v.rfind("GIT_CONFIG", 0) == 0) continue;
    if (env(v.c_str())) targeting.push_back(v);
  }
  if (targeting.empty()) return {};
  const auto scrub = local_git_variables();
  auto resolve = [](const fs::path& base, const std::string& value) {
    fs::path p = value;
    if (p.is_relative()) p = base / p;
    return canonical_or_absolute(p);
  };
  const auto work_tree = env("GIT_WORK_TREE");
  if (!work_tree) {
    if (targeting.size() == 1 && targeting[0] == "GIT_INDEX_FILE") return {};
    return scrub;
  }
  const fs::path local = canonical_or_absolute(root);
  if (resolve(local, *work_tree) != local) return scrub;
  const auto layout = find_git_layout(local);
  const auto git_dir = env("GIT_DIR");
  const auto common = env("GIT_COMMON_DIR");
  const auto index = env("GIT_INDEX_FILE");
  if (!layout) return (git_dir || common || index) ? scrub : std::vector<std::string>{};
  const fs::path gd = canonical_or_absolute(layout->git_dir);
  if (git_dir && resolve(local, *git_dir) != gd) return scrub;
  if (common && resolve(local, *common) != canonical_or_absolute(layout->common_dir) &&
      resolve(gd, *common) != canonical_or_absolute(layout->common_dir)) {
    return scrub;
  }
  if (index && resolve(local, *index) != gd / "index" && resolve(gd, *index) != gd / "index") {
    return scrub;
  }
  return {};
}

}  // namespace

Repo::Repo(fs::path root, EnvLookup env) : root_(std::move(root)), env_(env) {}

Repo Repo::discover(const std::optional<std::string>& root_flag, const fs::path& cwd,
                    EnvLookup env) {
  auto given = [&](const fs::path& p, const std::string& how) {
    std::error_code ec;
    const fs::path abs = canonical_or_absolute(p.is_relative() ? cwd / p : p);
    if (!fs::is_directory(abs, ec)) {
      throw LoadError(abs.string(), fmt::format("the root given by {} is not a directory", how));
    }
    if (!has_control_plane(abs)) {
      throw LoadError((abs / model::control_plane_constants::kPath).string(),
                      fmt::format("missing file: the root given by {} has no control plane", how));
    }
    return Repo(abs, env);
  };
  if (root_flag && !root_flag->empty()) return given(*root_flag, "--root");
  if (auto r = env("RELCTL_ROOT"); r && !r->empty()) return given(*r, "RELCTL_ROOT");
  for (fs::path dir = canonical_or_absolute(cwd); !dir.empty(); dir = dir.parent_path()) {
    if (has_control_plane(dir)) return Repo(dir, env);
    if (dir == dir.root_path()) break;
  }
  throw LoadError(model::control_plane_constants::kPath,
                  fmt::format("no control plane found in {} or any parent directory; pass --root "
                              "DIR or set RELCTL_ROOT",
                              cwd.string()));
}

namespace {

struct FdCloser {
  int fd;
  ~FdCloser() { ::close(fd); }
};

}  // namespace

std::string Repo::read(const std::string& rel, bool staged, const std::string& named_by) const {
  if (staged) {
    auto r = run_process({"git", "show", ":" + rel}, root_.string(),
                         git_variables_to_unset(root_, env_));
    if (r.exit_code == 0) return r.out;
    // No index entry (or no repository): the work-tree copy, as the reference does.
  }
  const std::string& shown = rel;
  const fs::path p = root_ / rel;
  std::size_t size = 0;
  const int fd = open_regular(rel, named_by, size);
  const FdCloser closer{fd};
  // Read straight into a buffer of the file's size; whatever follows (a
  // file that grew meanwhile) is appended in chunks.
  std::string out(size, '\0');
  std::size_t have = 0;
  auto fail = [&] {
    throw LoadError(shown,
                    fmt::format("error while reading {}: {}", p.string(), std::strerror(errno)));
  };
  while (have < out.size()) {
    const ssize_t n = ::read(fd, out.data() + have, out.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail();
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  if (have == out.size()) {
    char chunk[65536];
    for (;;) {
      const ssize_t n = ::read(fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail();
      if (n == 0) break;
      out.append(chunk, static_cast<std::size_t>(n));
    }
    have = out.size();
  }
  out.resize(have);
  return out;
}

int Repo::open_regular(const std::string& rel, const std::string& named_by,
                       std::size_t& size) const {
  const std::string& shown = rel;
  if (auto why = confine::lexical_problem(rel)) {
    throw LoadError(shown, fmt::format("path '{}' (named by {}) {}: relctl reads only files inside "
                                       "the repository",
                                       rel, named_by, *why));
  }
  const fs::path p = root_ / rel;
  // One open and one fstat: the control files are read on every run.
  // O_NONBLOCK: a FIFO must not block the open (it is refused below, as
  // every non-regular file is).
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      throw LoadError(shown, fmt::format("missing file {} (named by {})", p.string(), named_by));
    }
    throw LoadError(shown, fmt::format("cannot read {}: {}", p.string(), std::strerror(err)));
  }
  try {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      throw LoadError(shown, fmt::format("cannot read {}: {}", p.string(), std::strerror(errno)));
    }
    if (S_ISDIR(st.st_mode)) {
      throw LoadError(shown,
                      fmt::format("{} is a directory; {} must name a file", p.string(), named_by));
    }
    check_inside(fd, p, shown);
    if (!S_ISREG(st.st_mode)) {
      throw LoadError(shown, fmt::format("{} is not a regular file (a FIFO, socket or device); {} "
                                         "must name a file",
                                         p.string(), named_by));
    }
    size = static_cast<std::size_t>(st.st_size);
  } catch (...) {
    ::close(fd);
    throw;
  }
  return fd;
}

void Repo::ReadBuffer::grow(std::size_t n, std::size_t keep) {
  std::unique_ptr<char[]> fresh(new char[n]);
  if (keep > 0) std::memcpy(fresh.get(), buf_.get(), keep);
  buf_ = std::move(fresh);
  cap_ = n;
}

std::string_view Repo::read_into(const std::string& rel, const std::string& named_by,
                                 ReadBuffer& buf) const {
  std::size_t size = 0;
  const int fd = open_regular(rel, named_by, size);
  const FdCloser closer{fd};
  // One byte more than fstat said, to see a file that grew meanwhile.
  if (buf.capacity() < size + 1) buf.grow(size + 1, 0);
  std::size_t got = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buf.data() + got, buf.capacity() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      throw LoadError(rel, fmt::format("error while reading {}: {}", (root_ / rel).string(),
                                       std::strerror(errno)));
    }
    if (n == 0) return {buf.data(), got};
    got += static_cast<std::size_t>(n);
    if (got == buf.capacity()) buf.grow(2 * got, got);
  }
}

const std::string& Repo::real_root() const {
  if (!real_root_) real_root_ = confine::real_path(root_.string()).value_or(root_.string());
  return *real_root_;
}

void Repo::check_inside(int fd, const fs::path& p, const std::string& shown) const {
  // The file actually opened, wherever the links on the way led.
  auto real = confine::fd_path(fd);
  if (!real) real = confine::real_path(p.string());
  if (real && !confine::within(*real, real_root())) {
    throw LoadError(shown, fmt::format("{} leads outside the repository (to {}) through a "
                                       "symbolic link; relctl reads only files inside it",
                                       p.string(), *real));
  }
}

std::optional<fs::path> Repo::workspace_root() const {
  if (!workspace_) {
    const auto layout = find_git_layout(canonical_or_absolute(root_));
    if (!layout) {
      workspace_ = std::optional<fs::path>{};
    } else {
      const fs::path common = canonical_or_absolute(layout->common_dir);
      const fs::path shared = common.filename() == ".git"
                                  ? common.parent_path()
                                  : canonical_or_absolute(layout->work_tree);
      workspace_ = shared.parent_path();
    }
  }
  return *workspace_;
}

std::optional<fs::path> Repo::shared_root() const {
  const auto ws = workspace_root();
  if (!ws) return std::nullopt;
  const auto layout = find_git_layout(canonical_or_absolute(root_));
  if (!layout) return std::nullopt;
  const fs::path common = canonical_or_absolute(layout->common_dir);
  return common.filename() == ".git" ? common.parent_path()
                                     : canonical_or_absolute(layout->work_tree);
}

std::optional<std::string> Repo::current_branch() const {
  const auto layout = find_git_layout(canonical_or_absolute(root_));
  if (!layout) return std::nullopt;
  const std::string head = read_small_file(layout->git_dir / "HEAD");
  const std::string_view prefix = "ref: refs/heads/";
  if (head.rfind(prefix, 0) != 0) return std::string();
  return head.substr(prefix.size());
}

namespace {

std::vector<std::string> split_nul(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t j = s.find('\0', i);
    if (j == std::string::npos) {
      out.push_back(s.substr(i));
      break;
    }
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool plain_folder(const std::string& p) {
  // Characters that would make a pathspec a pattern, or need git's quoting.
  return p.find_first_of("*?[]\\:!^") == std::string::npos;
}

}  // namespace

std::vector<std::string> Repo::tracked_files(const fs::path& dir, const std::string& under) const {
  const fs::path top = canonical_or_absolute(dir.empty() ? root_ : dir);
  bool redirected = false;
  for (const auto& v : local_git_variables()) redirected = redirected || env_(v.c_str());
  if (!redirected && plain_folder(under)) {
    const auto layout = find_git_layout(top);
    if (layout && canonical_or_absolute(layout->work_tree) == top) {
      // A SHA-256 repository says so in its config; its index entries are
      // longer, which this reader leaves to git.
      std::ifstream config(layout->common_dir / "config");
      const std::string text{std::istreambuf_iterator<char>(config),
                             std::istreambuf_iterator<char>()};
      std::string lower(text.size(), ' ');
      std::transform(text.begin(), text.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower.find("objectformat") == std::string::npos) {
        if (auto paths = read_git_index(layout->git_dir / "index")) {
          if (under.empty()) return std::move(*paths);
          std::vector<std::string> out;
          for (auto& p : *paths) {
            if (p.size() >= under.size() && p.compare(0, under.size(), under) == 0 &&
                (p.size() == under.size() || p[under.size()] == '/')) {
              out.push_back(std::move(p));
            }
          }
          return out;
        }
        std::error_code ec;
        // No index file at all: git lists nothing either (a fresh repository).
        if (!fs::exists(layout->git_dir / "index", ec) && !ec) return {};
      }
    }
  }
  std::vector<std::string> args{"ls-files", "-z"};
  if (!under.empty()) args.insert(args.end(), {"--", under});
  const auto r = git(args, dir);
  if (r.exit_code != 0) {
    std::string why = text::strip(r.err);
    if (r.exit_code == 127 && why.empty()) why = "git could not be started";
    throw LoadError(top.string(), fmt::format("cannot list the files git tracks here: {}", why));
  }
  return split_nul(r.out);
}

ProcessResult Repo::git(const std::vector<std::string>& args, const fs::path& dir) const {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  const bool here = dir.empty() || canonical_or_absolute(dir) == canonical_or_absolute(root_);
  return run_process(argv, (dir.empty() ? root_ : dir).string(),
                     here ? git_variables_to_unset(root_, env_) : local_git_variables());
}

std::string Repo::override_variable(const std::string& name) {
  std::string v = "PULSE_REPO_ROOT_";
  for (char c : name) {
    if (c == '-') {
      v += '_';
    } else if (c >= 'a' && c <= 'z') {
      v += static_cast<char>(c - 'a' + 'A');
    } else {
      v += c;
    }
  }
  return v;
}

std::optional<fs::path> Repo::repo_root(const std::string& name,
                                        const std::string& local_name) const {
  if (auto v = env_(override_variable(name).c_str()); v && !text::is_blank(*v)) {
    std::string value = text::strip(*v);
    if (value == "~" || value.rfind("~/", 0) == 0) {
      if (auto home = env_("HOME")) value = *home + value.substr(1);
    }
    return canonical_or_absolute(fs::absolute(value));
  }
  if (name == local_name) return root_;
  // A sibling is a folder beside the checkout, never a path: a name like
  // "../x" or "a/b" is not looked up (load/confine.hpp).
  if (!confine::is_plain_name(name)) return std::nullopt;
  auto ws = workspace_root();
  if (!ws) return std::nullopt;
  return canonical_or_absolute(*ws / name);
}

}  // namespace relctl
