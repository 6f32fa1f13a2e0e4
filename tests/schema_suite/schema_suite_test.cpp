// The official JSON-Schema-Test-Suite (draft 2020-12) against relctl's schema
// layer. Files of supported keywords must give the right verdict for every
// test whose schema compiles; a schema may only be refused for a feature we
// do not support (docs/schema.md). Files of unsupported keywords must be
// refused at compile time.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"
#include "relctl/load/json_document.hpp"
#include "relctl/schema/schema.hpp"

namespace relctl::schema {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kUnsupportedFiles{
    "anchor.json",    "dynamicRef.json",       "maxContains.json",           "minContains.json",
    "refRemote.json", "unevaluatedItems.json", "unevaluatedProperties.json", "vocabulary.json"};

// What a refusal may legitimately be about.
bool refusal_is_for_unsupported_feature(const std::string& message) {
  for (const auto& k : refused_keywords()) {
    if (message.find("'" + k + "'") != std::string::npos) return true;
  }
  return message.find("'$id' below the root") != std::string::npos ||
         message.find("only references inside the same schema") != std::string::npos ||
         message.find("only JSON Schema draft 2020-12") != std::string::npos ||
         // std::regex has no Unicode property escapes (docs/schema.md).
         message.find("Unicode property escape") != std::string::npos;
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
};

TEST(JsonSchemaTestSuite, Draft2020_12) {
  const fs::path dir = fs::path(RELCTL_SHARED_DIR) / "jsonschema-suite/tests/draft2020-12";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no JSON-Schema-Test-Suite at " << dir;
  std::map<std::string, FileResult> results;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const std::string name = entry.path().filename().string();
    const bool unsupported_file = kUnsupportedFiles.count(name) > 0;
    FileResult& r = results[name];
    const auto groups = Json::parse(slurp(entry.path()));
    for (const auto& group : groups) {
      ++r.groups;
      const std::string gname = group["description"].get<std::string>();
      std::optional<Schema> compiled;
      try {
        const auto doc = JsonDocument::parse(group["schema"].dump(2), name + " / " + gname);
        compiled = Schema::compile(doc);
      } catch (const LoadError& e) {
        ++r.refused;
        if (!unsupported_file && !refusal_is_for_unsupported_feature(e.message())) {
          r.failures.push_back(
              fmt::format("{}: refused for a supported feature: {}", gname, e.message()));
        }
        continue;
      }
      if (unsupported_file) {
        // A group of an unsupported keyword's file that compiles must not use that keyword.
        const std::string kw = name.substr(0, name.size() - 5);
        if (group["schema"].dump().find("\"" + kw + "\"") != std::string::npos ||
            group["schema"].dump().find("\"$" + kw + "\"") != std::string::npos) {
          r.failures.push_back(fmt::format("{}: uses '{}' but was not refused", gname, kw));
        }
      }
      for (const auto& t : group["tests"]) {
        ++r.cases;
        const bool expect_valid = t["valid"].get<bool>();
        const bool got_valid = compiled->validate(t["data"]).empty();
        if (got_valid == expect_valid) {
          ++r.passed;
        } else {
          r.failures.push_back(fmt::format("{} / {}: expected {}", gname,
                                           t["description"].get<std::string>(),
                                           expect_valid ? "valid" : "invalid"));
        }
      }
    }
  }
  int cases = 0, passed = 0, groups = 0, refused = 0;
  for (const auto& [name, r] : results) {
    cases += r.cases;
    passed += r.passed;
    groups += r.groups;
    refused += r.refused;
    std::cout << fmt::format("{:32} {:4}/{:<4} cases passed, {:3}/{:<3} groups refused{}\n", name,
                             r.passed, r.cases, r.refused, r.groups,
                             kUnsupportedFiles.count(name) ? "  (unsupported keyword)" : "");
    for (const auto& f : r.failures) ADD_FAILURE() << name << ": " << f;
  }
  std::cout << fmt::format(
      "TOTAL {}/{} cases passed, {}/{} groups refused, {} keywords supported\n", passed, cases,
      refused, groups, supported_keywords().size());
}

}  // namespace
}  // namespace relctl::schema
