#pragma once
// Remembers the parse of each subsystem contract together with the file's
// stat data, so that `relctl owners` need not read and scan the contracts
// (4.3 MB in Pulse) on every run while they have not changed.
//
// A file counts as unchanged when its device, inode, size, mode, mtime and
// ctime (to the nanosecond) are what they were when it was parsed: the bet
// git's index makes for every tracked file. As git does with "racily clean"
// entries, a parse is only remembered for a file whose mtime and ctime are
// at least kRacyMargin older than the moment its stat data was taken; a file
// changed in the same timestamp tick as it was read could otherwise keep its
// stat data. Only regular files (not symbolic links) are remembered.
// docs/performance.md ("The contracts cache") explains the choice.
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "relctl/registry/contracts.hpp"

namespace relctl::registry {

class ContractCache {
 public:
  static constexpr std::chrono::seconds kRacyMargin{2};

  // A disabled cache: never hits, never writes.
  ContractCache() = default;
  // The cache of the contracts in `folder` (an absolute path, part of the
  // key with the parse options and relctl's version) under `cache_dir`;
  // `now` is the wall-clock time before any contract was stat'ed. An empty
  // `cache_dir` disables the cache.
  ContractCache(const std::filesystem::path& cache_dir, const std::string& folder,
                const ContractParseOptions& opts, std::chrono::system_clock::time_point now);

  [[nodiscard]] bool enabled() const { return !file_.empty(); }
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

  // The remembered parse of `name` (a file name in the folder) when `st`
  // (its lstat) is the stat data it was remembered with; nullptr otherwise.
  // Loads the cache file on first use.
  [[nodiscard]] const ParsedContract* find(const std::string& name, const struct stat& st);
  // Remembers the parse of `name`, read after `st` was taken, unless the
  // file is a symbolic link or too recent to trust (kRacyMargin).
  void remember(const std::string& name, const struct stat& st, const ParsedContract& parsed);
  // Forgets every file not named since construction, then writes the cache
  // file (atomically) when its contents changed. Best effort.
  void save();

  // How many find() calls hit and missed (for tests and `-v`).
  [[nodiscard]] std::size_t hits() const { return hits_; }
  [[nodiscard]] std::size_t misses() const { return misses_; }

  // The stat data compared, as one string.
  [[nodiscard]] static std::string signature(const struct stat& st);

 private:
  struct Entry {
    std::string signature;
    ParsedContract parsed;
    bool used = false;
  };
  void load();

  std::filesystem::path file_;
  std::chrono::system_clock::time_point now_{};
  std::map<std::string, Entry, std::less<>> entries_;
  bool loaded_ = false;
  bool dirty_ = false;
  std::size_t hits_ = 0;
  std::size_t misses_ = 0;
};

}  // namespace relctl::registry
