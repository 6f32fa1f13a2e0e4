#pragma once
// Writes JSON byte for byte as Python's json.dumps(value, indent=N,
// sort_keys=S) does with its other defaults (ensure_ascii, allow_nan): the
// bytes the reference writes status.json with (`claim --write`) and prints
// its reports with.
//
// - Objects keep their member order unless sort_keys (then by code point);
//   `": "` between key and value, `,` at line ends, `[]` and `{}` when empty.
// - Strings: \" \\ \n \r \t \b \f; every other character outside 0x20..0x7E
//   as \u + four lowercase hex digits; characters above U+FFFF as a UTF-16
//   surrogate pair.
// - Integers as exact decimal digits; floats as Python's repr() (the
//   shortest text that reads back to the same double, in exponent form below
//   1e-4 and from 1e16: 1.0, 0.1, 1e-07, 1e+16); NaN, Infinity, -Infinity.
//
// Parsing loses two things Python keeps: an integer beyond 64 bits (kept as
// the nearest double) and a lone UTF-16 surrogate escape (read as U+FFFD).
// Given the parsed document and where each written value came from
// (SourceMap), the writer takes those two from the source text, so a
// document that is read and written back comes out exactly as Python would
// write it.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "relctl/load/json_document.hpp"

namespace relctl::report {

struct PyJsonOptions {
  int indent = 2;  // < 0: one line with ", " and ": " separators, like indent=None
  bool sort_keys = false;
};

// Where the values being written were parsed from. The root of the written
// value is the document's root (entry 0) unless anchored otherwise; a child
// inherits its parent's source by position (member k, element k). A value
// moved or copied out of its place (into a new array, say) is anchored to
// the entry it was parsed from; a new value is anchored to nothing.
class SourceMap {
 public:
  explicit SourceMap(const JsonDocument& doc) : doc_(doc) {}
  void anchor(const Json* node, std::optional<std::uint32_t> entry) { anchors_[node] = entry; }
  [[nodiscard]] const JsonDocument& doc() const { return doc_; }
  // nullopt: not anchored (inherit); an engaged optional holding nullopt: no source.
  [[nodiscard]] std::optional<std::optional<std::uint32_t>> anchored(const Json* node) const {
    auto it = anchors_.find(node);
    if (it == anchors_.end()) return std::nullopt;
    return it->second;
  }

 private:
  const JsonDocument& doc_;
  std::unordered_map<const Json*, std::optional<std::uint32_t>> anchors_;
};

// Appends the text of `value` (no trailing newline). `source` may be null.
void append_py_json(std::string& out, const Json& value, const PyJsonOptions& opt,
                    const SourceMap* source = nullptr);

// Python's repr() of a float: "1.0", "0.1", "1e-07", "1e+16", "-0.0",
// "1.2345678901234568e+17", "inf", "nan" (the JSON writer spells the last
// two Infinity and NaN).
std::string py_float_repr(double d);

// Python's str() of a JSON value as json.loads returns it: a string itself,
// None, True, False, integer digits, float repr, and repr() of lists and
// dicts. The reference compares ids and agents through str().
std::string py_str(const Json& v);

}  // namespace relctl::report
