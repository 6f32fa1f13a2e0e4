#pragma once
// What every subcommand gets from the global options.
#include <filesystem>
#include <optional>
#include <string>

#include "relctl/load/control_files.hpp"
#include "relctl/schema/verdict_cache.hpp"
#include "relctl/util/clock.hpp"

namespace relctl::cli {

// docs/exit-codes.md
enum ExitCode : int {
  kExitOk = 0,
  kExitFindings = 1,   // --check found errors; lookups: id not found
  kExitBadInput = 2,   // unreadable or malformed input, usage errors
  kExitIoFailure = 3,  // a write or lock failed
};

enum class ColorMode { kAuto, kAlways, kNever };

struct GlobalOptions {
  std::optional<std::string> root;
  bool staged = false;
  std::optional<std::string> now;
  bool verbose = false;
  std::string color = "auto";
  bool no_cache = false;
};

class Context {
 public:
  explicit Context(const GlobalOptions& opts) : opts_(opts) {}

  // Throws LoadError when the root cannot be found.
  ControlFiles& files();
  // --now, else RELCTL_NOW, else the system clock. Throws LoadError when the
  // given value is not RFC 3339.
  const Clock& clock();
  [[nodiscard]] bool color() const;
  // Where relctl's caches live (docs/performance.md): empty with
  // --no-cache, else cache::default_dir().
  [[nodiscard]] std::filesystem::path cache_dir() const;
  // The schema verdict cache in cache_dir() (disabled when it is empty).
  [[nodiscard]] schema::VerdictCache verdict_cache() const;
  [[nodiscard]] const GlobalOptions& options() const { return opts_; }

 private:
  const GlobalOptions& opts_;
  std::optional<ControlFiles> files_;
  std::optional<Clock> clock_;
};

// Prints "relctl: error: <what>" to stderr.
void print_error(const std::string& what);

}  // namespace relctl::cli
