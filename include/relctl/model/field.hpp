#pragma once
// Building blocks of the typed models.
//
// The control files are edited by hand and by scripts, and the reference
// reports a wrong type as a finding rather than refusing the file. So a model
// field holds the typed value when the JSON has the expected type, and always
// the raw node it came from (nullptr when the key is absent), so rules can
// tell "missing" from "wrong type" and point at the right place. Unknown keys
// stay in the raw document, which is what gets written back.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "relctl/load/json_document.hpp"
#include "relctl/load/json_path.hpp"

namespace relctl::model {

// Where a field's key lives: the record's path and the key, joined only
// when someone asks (a finding, mostly). A path node per field was 64 bytes
// for each of the million fields of a x100 status.json; the record's path is
// shared, so this costs no allocation at all (docs/performance.md).
class KeyPath {
 public:
  KeyPath() = default;
  explicit KeyPath(JsonPath path) : parent_(std::move(path)) {}
  KeyPath(JsonPath parent, const char* key) : parent_(std::move(parent)), key_(key) {}
  // `key` is a string literal: it is kept by pointer.

  operator JsonPath() const { return key_ == nullptr ? parent_ : parent_.key(key_); }  // NOLINT
  [[nodiscard]] JsonPath key(std::string_view k) const { return JsonPath(*this).key(k); }
  [[nodiscard]] JsonPath index(std::size_t i) const { return JsonPath(*this).index(i); }
  [[nodiscard]] std::string str() const { return JsonPath(*this).str(); }

 private:
  JsonPath parent_;
  const char* key_ = nullptr;
};

template <class T>
struct Field {
  std::optional<T> value;         // set when the key is present with the expected JSON type
  const JsonNode* raw = nullptr;  // the node, or nullptr when the key is absent
  KeyPath path;                   // where the key lives (even when absent)

  [[nodiscard]] bool present() const { return raw != nullptr; }
  [[nodiscard]] bool ok() const { return value.has_value(); }
  [[nodiscard]] const T& operator*() const { return *value; }
  [[nodiscard]] const T* operator->() const { return &*value; }
};

// A string field is not copied: the document outlives its models, so the
// field reads the string where the parser left it. (At x100 scale the copies
// were a good part of the status model's memory; docs/performance.md.)
template <>
struct Field<std::string> {
  const JsonNode* raw = nullptr;  // the node, or nullptr when the key is absent
  KeyPath path;                   // where the key lives (even when absent)

  [[nodiscard]] bool present() const { return raw != nullptr; }
  [[nodiscard]] bool ok() const { return raw != nullptr && raw->is_string(); }
  [[nodiscard]] std::string_view operator*() const { return raw->str(); }
};

using StrList = std::vector<std::string>;

// A list of strings is not copied either: most are never read by the
// command at hand (the registry's owned paths, in an audit), and the rules
// read the others once. `*field` makes the copy when asked.
template <>
struct Field<StrList> {
  const JsonNode* raw = nullptr;  // the node, or nullptr when the key is absent
  KeyPath path;                   // where the key lives (even when absent)
  bool all_strings = false;       // an array whose elements are all strings

  [[nodiscard]] bool present() const { return raw != nullptr; }
  [[nodiscard]] bool ok() const { return all_strings; }
  // The strings, in order (empty unless ok()).
  [[nodiscard]] StrList operator*() const {
    StrList out;
    if (!ok()) return out;
    out.reserve(raw->size());
    for (const JsonNode& e : *raw) out.emplace_back(e.str());
    return out;
  }
};

// A JSON array of records: the object elements bound as T, each knowing its
// raw index; non-object elements are listed so rules can report them.
template <class T>
struct RecordList {
  const JsonNode* raw = nullptr;  // nullptr when absent
  JsonPath path;
  std::vector<T> items;                         // object elements, in order
  std::vector<std::size_t> non_object_indices;  // elements that are not objects

  [[nodiscard]] bool present() const { return raw != nullptr; }
  [[nodiscard]] bool is_array() const { return raw != nullptr && raw->is_array(); }
};

// Every record carries its position and its raw object.
struct Record {
  std::size_t index = 0;          // position in the raw array
  JsonPath path;                  // e.g. lanes[3]
  const JsonNode* raw = nullptr;  // the object itself
};

// Binders: read one key of an object into a Field.
Field<std::string> bind_string(const JsonNode& obj, const JsonPath& at, const char* key);
Field<bool> bind_bool(const JsonNode& obj, const JsonPath& at, const char* key);
// JSON numbers; true/false read as 1/0 (the reference's numeric reader does).
Field<double> bind_number(const JsonNode& obj, const JsonPath& at, const char* key);
// An array whose elements are all strings.
Field<StrList> bind_string_list(const JsonNode& obj, const JsonPath& at, const char* key);
const JsonNode* find_member(const JsonNode& obj, const char* key);

template <class T, class BindOne>
RecordList<T> bind_records(const JsonNode& obj, const JsonPath& at, const char* key,
                           BindOne bind_one) {
  RecordList<T> list;
  list.path = at.key(key);
  list.raw = find_member(obj, key);
  if (list.raw == nullptr || !list.raw->is_array()) return list;
  // Sized once: records are large, and the blocks a growing vector leaves
  // behind are not reused by the relctl binary's heap (cli/heap.cpp).
  list.items.reserve(list.raw->size());
  std::size_t i = 0;
  for (const auto& el : *list.raw) {
    if (el.is_object()) {
      T rec;
      rec.index = i;
      rec.path = list.path.index(i);
      rec.raw = &el;
      bind_one(rec, el);
      list.items.push_back(std::move(rec));
    } else {
      list.non_object_indices.push_back(i);
    }
    ++i;
  }
  return list;
}

}  // namespace relctl::model
