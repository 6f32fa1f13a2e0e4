#pragma once
// Remembers the schema layer's verdict on a (schema, instance) pair, so that
// the next run over unchanged files can skip validation.
//
// The control files rarely change between two runs (a pre-commit hook, an
// agent's session start), while validating them was the most expensive stage
// of an audit. A verdict is keyed by a 128-bit XXH3 hash of relctl's version
// and build id, the verdict format, the schema text and the instance text,
// and holds the findings exactly as the validator produced them (positions included, the
// file name excluded: the same texts under another name give the same
// verdict). An entry that cannot be read back as such is a miss.
// docs/performance.md explains the choice.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace relctl::schema {

class VerdictCache {
 public:
  // A disabled cache: never hits, never writes.
  VerdictCache() = default;
  explicit VerdictCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // In cache::default_dir() (disabled when that is empty).
  static VerdictCache from_environment();

  [[nodiscard]] bool enabled() const { return !dir_.empty(); }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

  // The entry's name for the pair (32 hex digits).
  [[nodiscard]] static std::string key(std::string_view schema_text,
                                       std::string_view instance_text);
  [[nodiscard]] std::filesystem::path entry(std::string_view schema_text,
                                            std::string_view instance_text) const;

  // The findings stored for the pair: an array of objects with line, col
  // (unsigned), path, keyword and message (strings); nullopt on a miss.
  [[nodiscard]] std::optional<nlohmann::json> lookup(std::string_view schema_text,
                                                     std::string_view instance_text) const;
  // Best effort, atomic (temporary file renamed into place): a cache that
  // cannot be written (read-only home, full disk) only costs the next run
  // its speed.
  void store(std::string_view schema_text, std::string_view instance_text,
             const nlohmann::json& findings) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace relctl::schema
