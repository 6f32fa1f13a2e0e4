// Fuzz target 1: the JSON loader and the typed models.
//
// Any bytes go through JsonDocument::parse. A refusal must be a LoadError
// naming the file. A parsed document must
//  - record, for every value, an offset where that value's text starts;
//  - survive the writers: what the Python-compatible writer (the bytes
//    `claim --write` produces) writes parses back to the same value, and
//    writing that again gives the same bytes; what the report writer
//    writes parses too;
// and binding it as status.json, registry.json or control_plane.json (and
// reading the status schema's enums, the registry's maps and the agent
// entrypoint from it) either works or is refused with a LoadError.
#include <cstdint>
#include <optional>
#include <vector>

#include "fuzz_support.hpp"
#include "relctl/agent/entrypoint.hpp"
#include "relctl/model/control_plane.hpp"
#include "relctl/model/registry.hpp"
#include "relctl/model/status.hpp"
#include "relctl/report/json_writer.hpp"
#include "relctl/report/python_json.hpp"
#include "relctl/rules/context.hpp"

namespace {

using namespace relctl;
using relctl::fuzz::finding;

constexpr const char* kFile = "input.json";

// The first character of a value's text, by its parsed type.
bool starts_like(const JsonNode& v, char c) {
  switch (v.type()) {
    case Json::value_t::object:
      return c == '{';
    case Json::value_t::array:
      return c == '[';
    case Json::value_t::string:
      return c == '"';
    case Json::value_t::boolean:
      return c == (v.get<bool>() ? 't' : 'f');
    case Json::value_t::null:
      return c == 'n';
    default:
      return c == '-' || (c >= '0' && c <= '9') || c == 'N' || c == 'I';
  }
}

// Walks at most `budget` values, checking that each one's recorded offset
// points at text of its type and that locate() agrees with entry_of().
void check_positions(const JsonDocument& doc, const JsonNode& v, JsonPath& path,
                     std::size_t& budget) {
  if (budget == 0) return;
  --budget;
  const auto entry = doc.entry_of(path);
  if (!entry) finding("a parsed value has no position entry", path.str());
  if (*entry != doc.entry_of(v)) finding("the path leads to another node", path.str());
  const std::uint32_t off = doc.offset(*entry);
  if (off >= doc.text().size() || !starts_like(v, doc.text()[off])) {
    finding("a value's recorded offset does not point at its text", path.str());
  }
  const SourcePos by_path = doc.locate(path);
  const SourcePos by_offset = doc.pos_of_offset(off);
  if (by_path.line != by_offset.line || by_path.col != by_offset.col || by_path.line == 0) {
    finding("locate() disagrees with the value's offset", path.str());
  }
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end() && budget > 0; ++it) {
      path.push_key(it.key());
      check_positions(doc, *it, path, budget);
      path.pop();
    }
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size() && budget > 0; ++i) {
      path.push_index(i);
      check_positions(doc, v[i], path, budget);
      path.pop();
    }
  }
}

void check_writers(const JsonDocument& doc) {
  // The claim writer's bytes: read back, the same value; written again,
  // the same bytes (nothing the parser lost was silently changed).
  std::string py;
  const report::SourceMap source(doc);
  report::append_py_json(py, doc.json(), report::PyJsonOptions{2, false}, &source);
  std::optional<JsonDocument> back;
  try {
    back.emplace(JsonDocument::parse(py, "written.json"));
  } catch (const LoadError& e) {
    finding("the Python-compatible writer wrote text the loader refuses", e.what());
  }
  if (!fuzz::same(doc.json(), back->json())) {
    finding("written and read back, the value changed", py);
  }
  std::string again;
  const report::SourceMap source2(*back);
  report::append_py_json(again, back->json(), report::PyJsonOptions{2, false}, &source2);
  if (again != py) finding("writing what was written changed the bytes", py + "\n---\n" + again);

  // The report writer (nlohmann's layout; NaN and infinities as null).
  const std::string report = report::to_json_text(doc.json(), 2);
  try {
    (void)JsonDocument::parse(report, "report.json");
  } catch (const LoadError& e) {
    finding("the report writer wrote text the loader refuses", e.what());
  }
}

void check_models(const JsonDocument& doc) {
  fuzz::refuses_cleanly(
      "bind_status",
      [&] {
        const auto st = model::bind_status(doc);
        (void)st.lanes.items.size();
      },
      kFile);
  fuzz::refuses_cleanly(
      "bind_registry",
      [&] {
        const auto reg = model::bind_registry(doc);
        (void)rules::build_registry_maps(reg);
      },
      kFile);
  fuzz::refuses_cleanly(
      "bind_control_plane",
      [&] {
        const auto cp = model::bind_control_plane(doc);
        (void)cp.active_profile();
        (void)cp.active_target();
        (void)agent::entrypoint_json(cp);
        (void)agent::entrypoint_json(cp, agent::EntrypointOptions{true});
      },
      kFile);
  fuzz::refuses_cleanly(
      "extract_schema_enums", [&] { (void)rules::extract_schema_enums(doc); }, kFile);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<JsonDocument> doc;
  if (fuzz::refuses_cleanly(
          "JsonDocument::parse",
          [&] { doc.emplace(JsonDocument::parse(fuzz::as_text(data, size), kFile)); }, kFile)) {
    return 0;
  }
  JsonPath path;
  std::size_t budget = 4096;
  check_positions(*doc, doc->root(), path, budget);
  check_writers(*doc);
  check_models(*doc);
  return 0;
}
