#include "cli/context.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "relctl/load/errors.hpp"
#include "relctl/util/cache_file.hpp"

namespace relctl::cli {

ControlFiles& Context::files() {
  if (!files_) {
    files_.emplace(Repo::discover(opts_.root, std::filesystem::current_path()), opts_.staged);
    spdlog::debug("repository root {}{}", files_->repo().root().string(),
                  opts_.staged ? " (control files from the git index)" : "");
  }
  return *files_;
}

const Clock& Context::clock() {
  if (!clock_) {
    std::string value;
    std::string source = "--now";
    if (opts_.now) {
      value = *opts_.now;
    } else if (auto env = process_env("RELCTL_NOW")) {
      value = *env;
      source = "RELCTL_NOW";
    }
    if (value.empty() && !opts_.now) {
      clock_ = Clock::system();
    } else {
      auto t = parse_rfc3339(value);
      if (!t) {
        throw LoadError(source, fmt::format("'{}' is not an RFC 3339 date-time (expected e.g. "
                                            "2026-04-10T21:46:02Z)",
                                            value));
      }
      clock_ = Clock::fixed(*t);
      spdlog::debug("clock pinned by {} to {}", source, format_rfc3339(*t));
    }
  }
  return *clock_;
}

bool Context::color() const {
  if (opts_.color == "always") return true;
  if (opts_.color == "never") return false;
  if (auto nc = process_env("NO_COLOR"); nc && !nc->empty()) return false;
  return isatty(STDOUT_FILENO) != 0;
}

std::filesystem::path Context::cache_dir() const {
  if (opts_.no_cache) return {};
  return cache::default_dir();
}

schema::VerdictCache Context::verdict_cache() const {
  const schema::VerdictCache cache(cache_dir());
  if (cache.enabled()) {
    spdlog::debug("schema verdict cache {} (entries of build {})", cache.dir().string(),
                  cache::build_id().empty() ? "without an id" : cache::build_id());
  }
  return cache;
}

void print_error(const std::string& what) { fmt::print(stderr, "relctl: error: {}\n", what); }

}  // namespace relctl::cli
