// Fuzz target 2: the schema layer (draft 2020-12 translated for valijson,
// our own validators and the pattern engine).
//
// Input: a schema, then a line `=====`, then an instance. Without the
// separator the input is both the schema and the instance. The schema
// either compiles or is refused with a LoadError naming the schema file;
// validation never throws and every violation has a path that locates
// inside the instance. Inputs starting with `re:` test the pattern engine
// alone: the first line's pattern, searched in the rest.
#include <cstdint>
#include <optional>
#include <string_view>

#include "fuzz_support.hpp"
#include "relctl/schema/regex.hpp"
#include "relctl/schema/schema.hpp"

namespace {

using namespace relctl;
using relctl::fuzz::finding;

constexpr std::string_view kSeparator = "\n=====\n";

void fuzz_regex(std::string_view in) {
  const auto nl = in.find('\n');
  const std::string_view pattern = in.substr(0, nl);
  const std::string_view text = nl == std::string_view::npos ? in : in.substr(nl + 1);
  try {
    const auto re = schema::Regex::compile(pattern);
    (void)re.search(text);
    (void)re.search(pattern);
  } catch (const schema::RegexError& e) {
    if (std::string_view(e.what()).empty()) finding("RegexError without a message");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in = fuzz::as_text(data, size);
  if (in.rfind("re:", 0) == 0) {
    fuzz_regex(std::string_view(in).substr(3));
    return 0;
  }
  const auto sep = in.find(kSeparator);
  const std::string schema_text = sep == std::string::npos ? in : in.substr(0, sep);
  const std::string instance_text =
      sep == std::string::npos ? in : in.substr(sep + kSeparator.size());

  std::optional<JsonDocument> schema_doc;
  std::optional<JsonDocument> instance;
  if (fuzz::refuses_cleanly(
          "parse schema",
          [&] { schema_doc.emplace(JsonDocument::parse(schema_text, "schema.json")); },
          "schema.json")) {
    return 0;
  }
  if (fuzz::refuses_cleanly(
          "parse instance",
          [&] { instance.emplace(JsonDocument::parse(instance_text, "instance.json")); },
          "instance.json")) {
    return 0;
  }
  std::optional<schema::Schema> compiled;
  if (fuzz::refuses_cleanly(
          "Schema::compile", [&] { compiled.emplace(schema::Schema::compile(*schema_doc)); },
          "schema.json")) {
    return 0;
  }
  std::vector<schema::Violation> violations;
  try {
    violations = compiled->validate(instance->root());
  } catch (const std::exception& e) {
    finding("Schema::validate threw", e.what());
  }
  for (const auto& v : violations) {
    if (v.message.empty()) finding("a violation without a message", v.instance_path.str());
    const SourcePos p = instance->locate(v.instance_path);
    if (p.line == 0 || p.col == 0)
      finding("a violation that cannot be located", v.instance_path.str());
  }
  // Validating twice gives the same answer (no state left behind).
  const auto again = compiled->validate(instance->root());
  if (again.size() != violations.size()) finding("validation is not repeatable");
  // The same value handed over as an nlohmann tree (copied into a document
  // of its own, JsonDocument::from_json) gives the same violations.
  const auto via_tree = compiled->validate(instance->root().to_json());
  bool same = via_tree.size() == violations.size();
  for (std::size_t i = 0; same && i < via_tree.size(); ++i) {
    same = via_tree[i].instance_path == violations[i].instance_path &&
           via_tree[i].keyword == violations[i].keyword &&
           via_tree[i].message == violations[i].message;
  }
  if (!same) finding("a tree and the parsed document validate differently");
  return 0;
}
