#pragma once
// The control-plane repository on disk: where it is, how to read a file of it
// from the work tree or from the git index, and where its sibling
// repositories live. This and the claim writer are the only places that touch
// the filesystem.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relctl/util/subprocess.hpp"

namespace relctl {

// Where the process gets its environment from; tests pass their own.
using EnvLookup = std::optional<std::string> (*)(const char* name);
std::optional<std::string> process_env(const char* name);

class Repo {
 public:
  // --root DIR, else $RELCTL_ROOT, else the nearest directory at or above
  // `cwd` that holds docs/release-control/control_plane.json. Throws
  // LoadError when none is found or the given root lacks the control plane.
  static Repo discover(const std::optional<std::string>& root_flag,
                       const std::filesystem::path& cwd, EnvLookup env = process_env);

  explicit Repo(std::filesystem::path root, EnvLookup env = process_env);

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  // The root with every symbolic link resolved (the root itself when it
  // does not resolve): what "inside the repository" is measured against.
  [[nodiscard]] const std::string& real_root() const;
  // Throws LoadError (naming `shown`) when the open file `fd` lies outside
  // the repository, i.e. a symbolic link on the way led out of it.
  void check_inside(int fd, const std::filesystem::path& p, const std::string& shown) const;

  // Reads a repository-relative file. With `staged`, from the git index
  // (`git show :path`), falling back to the work tree when the index has no
  // entry, as the reference does. `named_by` says which setting named the
  // file, for the error message when it is missing ("profile h2.status").
  // Throws LoadError for a missing file, a directory or anything else that
  // is not a regular file, an unreadable file, and a path that leaves the
  // repository (absolute, a `..` segment, a symbolic link out of the root):
  // such a file is never read (load/confine.hpp).
  [[nodiscard]] std::string read(const std::string& rel, bool staged,
                                 const std::string& named_by) const;

  // A buffer that files are read into one after another (read_into): grown
  // when a file needs more, never zero-filled, the old bytes not copied.
  class ReadBuffer {
   public:
    [[nodiscard]] char* data() { return buf_.get(); }
    [[nodiscard]] std::size_t capacity() const { return cap_; }
    // At least `n` bytes, keeping the first `keep`.
    void grow(std::size_t n, std::size_t keep);

   private:
    std::unique_ptr<char[]> buf_;
    std::size_t cap_ = 0;
  };
  // Reads the work-tree file `rel` as read() does, refusing it for the same
  // reasons, into `buf` instead of a new string: for many files in a row
  // (owners reads 4.3 MB of contracts; docs/performance.md, session 8). The
  // text is valid until `buf` is read into again.
  [[nodiscard]] std::string_view read_into(const std::string& rel, const std::string& named_by,
                                           ReadBuffer& buf) const;

  // The folder that holds sibling repositories (the parent of the primary
  // checkout, so that a linked worktree finds the same siblings), found from
  // the .git layout without running git. nullopt when the root is not in a
  // git work tree.
  [[nodiscard]] std::optional<std::filesystem::path> workspace_root() const;

  // Root of repository `name` named in status.json: $PULSE_REPO_ROOT_<NAME>
  // (upper-cased, '-' -> '_') when set and non-blank, else this repository
  // for the literal name of the control-plane repo, else
  // <workspace root>/<name>. nullopt when a sibling is needed and there is no
  // workspace root, or when `name` is not a plain folder name ("..", "a/b").
  [[nodiscard]] std::optional<std::filesystem::path> repo_root(const std::string& name,
                                                               const std::string& local_name) const;
  [[nodiscard]] static std::string override_variable(const std::string& name);

  // The primary checkout's folder (a linked worktree maps back to it), found
  // from the .git layout; nullopt outside a git work tree.
  [[nodiscard]] std::optional<std::filesystem::path> shared_root() const;

  // The checked-out branch as `git branch --show-current` prints it: the
  // name under refs/heads/ that HEAD points at, "" on a detached HEAD.
  // Read from the .git layout (HEAD of this checkout's git dir, so a linked
  // worktree reports its own branch) without running git. nullopt outside a
  // git work tree.
  [[nodiscard]] std::optional<std::string> current_branch() const;

  // The paths git tracks in the checkout whose top is `dir` (default: the
  // root), in index order, as `git ls-files -z [-- under]` lists them;
  // `under` keeps the paths at or below that folder. Read from the index
  // file when it is a plain one and no GIT_* variable redirects git; else
  // git is asked. Throws LoadError when neither works.
  [[nodiscard]] std::vector<std::string> tracked_files(const std::filesystem::path& dir = {},
                                                       const std::string& under = {}) const;

  // Runs `git args...` in `dir` (default: the root). The caller's GIT_*
  // variables are passed on only when they provably describe this
  // repository and `dir` is its root (a hook's temporary index), as for
  // --staged reads.
  [[nodiscard]] ProcessResult git(const std::vector<std::string>& args,
                                  const std::filesystem::path& dir = {}) const;

 private:
  // The work-tree file `rel`, opened and checked as read() and read_into()
  // need it (inside the repository, a regular file); its size in `size`.
  // Throws LoadError naming `rel` and `named_by` otherwise.
  [[nodiscard]] int open_regular(const std::string& rel, const std::string& named_by,
                                 std::size_t& size) const;
  std::filesystem::path root_;
  EnvLookup env_;
  mutable std::optional<std::optional<std::filesystem::path>> workspace_;  // cached
  mutable std::optional<std::string> real_root_;                           // cached
};

}  // namespace relctl
