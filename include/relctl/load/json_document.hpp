#pragma once
// A parsed JSON file that remembers where every value came from.
//
// We parse ourselves instead of calling nlohmann::json::parse because we need
// (a) the source position of every value, for `file:line:col` diagnostics,
// (b) the reference's dialect: Python's json module accepts NaN/Infinity and
//     keeps the last value of a duplicate key at the first key's position,
// (c) precise refusals of BOMs, bad UTF-8 and absurd nesting, never a crash.
// Object key order is kept, so a document round-trips.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relctl/load/json_node.hpp"
#include "relctl/load/json_path.hpp"
#include "relctl/load/source_pos.hpp"

namespace relctl {

class JsonDocument {
 public:
  // Deepest nesting accepted. Python's own parser dies with a RecursionError
  // a little below 1000 levels; nothing real comes near it.
  static constexpr std::size_t kMaxDepth = 512;

  // Parses `text`; throws LoadError naming `file` and the line:col at fault.
  static JsonDocument parse(std::string text, std::string file);

  // The values of an nlohmann tree, as a document without text: for code
  // that builds a value instead of parsing one (tests, the validator's
  // nlohmann entry point). Every position is 1:1, entries are not in
  // document order, and there is no depth limit.
  static JsonDocument from_json(const Json& value, std::string file);

  JsonDocument(JsonDocument&&) noexcept;
  JsonDocument& operator=(JsonDocument&&) noexcept;
  ~JsonDocument();

  // The parsed values (json_node.hpp). Nodes, and the strings they view,
  // stay where they are when the document is moved.
  [[nodiscard]] const JsonNode& root() const { return d_->nodes[0]; }
  // The same values as an nlohmann tree, built on first use: for the code
  // that edits a document (claims) or hands it to the schema validator.
  [[nodiscard]] const Json& json() const;
  [[nodiscard]] Json& mutable_json();
  [[nodiscard]] const std::string& file() const { return d_->file; }
  [[nodiscard]] const std::string& text() const { return d_->text; }
  // Gives up the parsed values and hands back the text they came from; the
  // document is left empty (only assignment and destruction are valid).
  [[nodiscard]] std::string take_text() && { return std::move(d_->text); }

  // Where the value at `path` starts. When the path does not exist in the
  // parsed text, the position of its deepest existing ancestor.
  [[nodiscard]] SourcePos locate(const JsonPath& path) const;
  // Line:col of a byte offset into text().
  [[nodiscard]] SourcePos pos_of_offset(std::size_t offset) const;

  // Entries: the values in the order the parser met them (the root is entry
  // 0), including values a later duplicate key replaced. A node's entry is
  // its index in the node array.
  [[nodiscard]] std::size_t entry_count() const { return d_->nodes.size(); }
  [[nodiscard]] std::uint32_t entry_of(const JsonNode& node) const {
    return static_cast<std::uint32_t>(&node - d_->nodes.data());
  }
  // Byte offset in text() where entry `e` starts.
  [[nodiscard]] std::uint32_t offset(std::uint32_t e) const { return d_->offsets[e]; }
  [[nodiscard]] std::uint32_t offset_of(const JsonNode& n) const { return offset(entry_of(n)); }
  // Entry of child k (member k, element k) of entry `e`; nullopt when there is none.
  [[nodiscard]] std::optional<std::uint32_t> child_entry(std::uint32_t e, std::size_t k) const;
  // The entry of the value at `path` (0 is the root); nullopt when the path
  // does not exist in the parsed text.
  [[nodiscard]] std::optional<std::uint32_t> entry_of(const JsonPath& path) const;

 private:
  friend class JsonTapeBuilder;
  struct Data {
    std::string file;
    std::string text;
    std::vector<JsonNode> nodes;
    std::vector<std::uint32_t> offsets;  // per node: where it starts in text
    std::vector<JsonMember> kids;        // children of every container, each container's together
    std::deque<std::string> decoded;     // strings that had escapes, decoded
    std::optional<Json> json;            // built on first use
    std::vector<std::uint32_t> line_starts;  // built on first use
    std::vector<std::uint32_t> cp_marks;     // code points per 4 KiB (long lines)
  };
  JsonDocument() : d_(std::make_unique<Data>()) {}
  std::unique_ptr<Data> d_;
};

}  // namespace relctl
