#pragma once
// The claim writer's store: status.json on the local disk, changed only
// under an exclusive lock and only by an atomic replace (docs/claims.md).
//
// - Lock: flock(2) on the folder that holds status.json. The kernel drops it
//   when the holder's process ends in any way (SIGKILL included), so a dead
//   writer never leaves a stale lock, and no lock file appears in the
//   checkout (git status stays clean).
// - Replace: the new bytes go to a temporary file in the same folder
//   (`.status.json.relctl-XXXXXX`, the original's mode), which is fsynced,
//   renamed over status.json, and then the folder is fsynced. A reader sees
//   the old file or the new one, never a part of either. A temporary file a
//   killed writer left behind is removed by the next writer, under the lock.
//
// One interface, so that a shared store (a server every agent talks to)
// can stand in for the file later.
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace relctl::claim {

class StoreError : public std::runtime_error {
 public:
  enum class Kind {
    kLockTimeout,  // another writer held the lock for the whole timeout
    kMissing,      // the folder that should hold status.json does not exist
    kReadOnly,     // status.json (or its folder) cannot be replaced
    kIo,           // any other failure while locking or writing
  };
  StoreError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  [[nodiscard]] Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class StatusFile {
 public:
  // `path`: the status file on disk (a symlink is followed to its target);
  // `display`: how messages name it (the repository-relative path).
  StatusFile(std::filesystem::path path, std::string display);

  // Held while alive; the lock dies with the object or the process.
  class Lock {
   public:
    Lock(Lock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    Lock& operator=(Lock&&) = delete;
    Lock(const Lock&) = delete;
    ~Lock();

   private:
    friend class StatusFile;
    explicit Lock(int fd) : fd_(fd) {}
    int fd_;
  };

  // Waits at most `timeout` for the exclusive lock (zero: one try).
  // Throws StoreError kLockTimeout, kMissing or kIo.
  [[nodiscard]] Lock lock(std::chrono::milliseconds timeout) const;

  // Throws StoreError kReadOnly when the file has no write permission bit,
  // the process may not write it or its folder, or the file system is
  // read-only.
  void check_writable() const;

  // Removes temporary files of writers that died mid-write. Needs the lock.
  void remove_orphans(const Lock& held) const;

  // Replaces the file's content atomically (see above). Needs the lock.
  // Throws StoreError kIo; the old file is then untouched.
  void replace(std::string_view bytes, const Lock& held) const;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;  // symlinks resolved
  std::string display_;
  std::string temp_prefix_;  // ".<name>.relctl-"
};

}  // namespace relctl::claim
