#pragma once
// A parsed JSON file that remembers where every value came from.
//
// We parse ourselves instead of calling nlohmann::json::parse because we need
// (a) the source position of every value, for `file:line:col` diagnostics,
// (b) the reference's dialect: Python's json module accepts NaN/Infinity and
//     keeps the last value of a duplicate key at the first key's position,
// (c) precise refusals of BOMs, bad UTF-8 and absurd nesting, never a crash.
// Object key order is kept (ordered_json), so a document round-trips.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "relctl/load/json_path.hpp"
#include "relctl/load/source_pos.hpp"

namespace relctl {

using Json = nlohmann::ordered_json;

class JsonDocument {
 public:
  // Deepest nesting accepted. Python's own parser dies with a RecursionError
  // a little below 1000 levels; nothing real comes near it.
  static constexpr std::size_t kMaxDepth = 512;

  // Parses `text`; throws LoadError naming `file` and the line:col at fault.
  static JsonDocument parse(std::string text, std::string file);

  JsonDocument(JsonDocument&&) noexcept;
  JsonDocument& operator=(JsonDocument&&) noexcept;
  ~JsonDocument();

  [[nodiscard]] const Json& root() const { return root_; }
  [[nodiscard]] Json& mutable_root() { return root_; }
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::string& text() const { return text_; }

  // Where the value at `path` starts. When the path does not exist in the
  // parsed text, the position of its deepest existing ancestor.
  [[nodiscard]] SourcePos locate(const JsonPath& path) const;
  // Line:col of a byte offset into text().
  [[nodiscard]] SourcePos pos_of_offset(std::size_t offset) const;

  // Where each value starts, in the order the parser met them (the root is
  // entry 0). A container's children are kids_[kids_begin, +kids_count):
  // object members in member order, array elements by index. Two flat
  // arrays instead of a tree of vectors: one allocation each, not one per
  // object or array.
  struct PosEntry {
    std::uint32_t offset = 0;
    std::uint32_t kids_begin = 0;
    std::uint32_t kids_count = 0;
  };
  [[nodiscard]] const std::vector<PosEntry>& entries() const { return entries_; }
  [[nodiscard]] const std::vector<std::uint32_t>& kids() const { return kids_; }
  // The entry of the value at `path` (0 is the root); nullopt when the path
  // does not exist in the parsed text.
  [[nodiscard]] std::optional<std::uint32_t> entry_of(const JsonPath& path) const;

 private:
  JsonDocument() = default;
  std::string file_;
  std::string text_;
  Json root_;
  std::vector<PosEntry> entries_;
  std::vector<std::uint32_t> kids_;
  mutable std::vector<std::uint32_t> line_starts_;  // built on first use
  mutable std::vector<std::uint32_t> cp_marks_;     // code points per 4 KiB (long lines)
};

}  // namespace relctl
