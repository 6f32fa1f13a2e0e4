// The official JSON-Schema-Test-Suite (draft 2020-12, not optional/) against
// relctl's schema layer.
//
// Every test group's schema is compiled. A refused group is counted, and the
// refusal must be for a feature docs/schema.md lists as unsupported (a
// refused keyword, $id or $schema below the root, a $ref that is not a local
// JSON pointer, another dialect, a pattern feature the regex engine lacks):
// an unknown-keyword or malformed-schema refusal of a suite schema is a
// failure. In the files of unsupported
// keywords, every group that uses the keyword must be refused. Every test of
// a compiled group must get the suite's verdict. The summary printed at the
// end is the one quoted in docs/schema.md.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"
#include "relctl/load/json_document.hpp"
#include "relctl/schema/schema.hpp"

namespace relctl::schema {
namespace {

namespace fs = std::filesystem;

// True when the value (anywhere inside) has a member named `key`.
bool has_key(const Json& v, const std::string& key) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it.key() == key || has_key(it.value(), key)) return true;
    }
  } else if (v.is_array()) {
    for (const auto& e : v) {
      if (has_key(e, key)) return true;
    }
  }
  return false;
}

// True when some "$ref" member (anywhere inside) is not a "#..." reference.
bool has_remote_ref(const Json& v) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it.key() == "$ref" && it.value().is_string() &&
          it.value().get<std::string>().rfind('#', 0) != 0) {
        return true;
      }
      if (has_remote_ref(it.value())) return true;
    }
  } else if (v.is_array()) {
    for (const auto& e : v) {
      if (has_remote_ref(e)) return true;
    }
  }
  return false;
}

// The files of unsupported keywords, and how to tell that a group uses it.
using Uses = std::function<bool(const Json& schema)>;
const std::map<std::string, Uses>& unsupported_files() {
  static const std::map<std::string, Uses> files{
      {"anchor.json", [](const Json& s) { return has_key(s, "$anchor"); }},
      {"dynamicRef.json",
       [](const Json& s) { return has_key(s, "$dynamicRef") || has_key(s, "$dynamicAnchor"); }},
      {"maxContains.json", [](const Json& s) { return has_key(s, "maxContains"); }},
      {"minContains.json", [](const Json& s) { return has_key(s, "minContains"); }},
      {"refRemote.json", [](const Json& s) { return has_remote_ref(s); }},
      {"unevaluatedItems.json", [](const Json& s) { return has_key(s, "unevaluatedItems"); }},
      {"unevaluatedProperties.json",
       [](const Json& s) { return has_key(s, "unevaluatedProperties"); }},
      // $vocabulary lives in the custom metaschema the groups name.
      {"vocabulary.json",
       [](const Json& s) {
         return has_key(s, "$vocabulary") ||
                (s.is_object() && s.contains("$schema") &&
                 s["$schema"] != "https://json-schema.org/draft/2020-12/schema");
       }},
  };
  return files;
}

// The refusals docs/schema.md lists as unsupported features.
bool is_unsupported_feature(const std::string& message) {
  for (const char* form : {"unsupported $ref ", "unsupported $schema ", "unsupported pattern ",
                           "unsupported keyword '$id' below the schema root",
                           "unsupported keyword '$schema' below the schema root"}) {
    if (message.rfind(form, 0) == 0) return true;
  }
  for (const auto& k : refused_keywords()) {
    if (message.rfind("unsupported keyword '" + k + "'", 0) == 0) return true;
  }
  return false;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct FileResult {
  int cases = 0, passed = 0, groups = 0, refused = 0;
  std::vector<std::string> failures;
  std::vector<std::string> refusals;  // in files of supported keywords: group and reason
};

TEST(JsonSchemaTestSuite, Draft2020_12) {
  const fs::path dir = fs::path(RELCTL_SHARED_DIR) / "jsonschema-suite/tests/draft2020-12";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no JSON-Schema-Test-Suite at " << dir;
  std::map<std::string, FileResult> results;  // sorted by file name
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const std::string name = entry.path().filename().string();
    const auto unsupported = unsupported_files().find(name);
    FileResult& r = results[name];
    const Json groups = Json::parse(slurp(entry.path()));
    for (const auto& group : groups) {
      ++r.groups;
      const std::string gname = group["description"].get<std::string>();
      const bool uses_unsupported =
          unsupported != unsupported_files().end() && unsupported->second(group["schema"]);
      std::optional<Schema> compiled;
      try {
        const auto doc = JsonDocument::parse(group["schema"].dump(2), name + " / " + gname);
        compiled = Schema::compile(doc);
      } catch (const LoadError& e) {
        ++r.refused;
        if (unsupported == unsupported_files().end()) {
          r.refusals.push_back(fmt::format("{}: {}", gname, e.message()));
        }
        if (!is_unsupported_feature(e.message())) {
          r.failures.push_back(
              fmt::format("{}: refused, but not for an unsupported feature: {}", gname, e.what()));
        }
        continue;
      }
      if (uses_unsupported) {
        r.failures.push_back(
            fmt::format("{}: uses the file's unsupported keyword but compiled", gname));
        continue;
      }
      for (const auto& t : group["tests"]) {
        ++r.cases;
        const bool expect_valid = t["valid"].get<bool>();
        const auto violations = compiled->validate(t["data"]);
        if (violations.empty() == expect_valid) {
          ++r.passed;
        } else {
          r.failures.push_back(fmt::format(
              "{} / {}: expected {}, got {}", gname, t["description"].get<std::string>(),
              expect_valid ? "valid" : "invalid",
              violations.empty() ? "valid"
                                 : "invalid (" + violations.front().instance_path.str() + ": " +
                                       violations.front().message + ")"));
        }
      }
    }
  }
  ASSERT_FALSE(results.empty()) << "no .json files in " << dir;
  int cases = 0, passed = 0, groups = 0, refused = 0;
  for (const auto& [name, r] : results) {
    cases += r.cases;
    passed += r.passed;
    groups += r.groups;
    refused += r.refused;
    std::cout << fmt::format("{:28} {:4}/{:<4} cases passed  {:3}/{:<3} groups refused{}\n", name,
                             r.passed, r.cases, r.refused, r.groups,
                             unsupported_files().count(name) != 0 ? "  (unsupported keyword)" : "");
    for (const auto& why : r.refusals) std::cout << "    refused: " << why << "\n";
    for (const auto& f : r.failures) ADD_FAILURE() << name << ": " << f;
  }
  std::cout << fmt::format("TOTAL {}/{} cases passed, {}/{} groups refused\n", passed, cases,
                           refused, groups);
  EXPECT_EQ(passed, cases);
}

}  // namespace
}  // namespace relctl::schema
