// relctl's schema layer on the real control-plane schemas of the reference
// corpus (../shared/corpus; skipped when it is absent).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"
#include "relctl/load/json_document.hpp"
#include "relctl/schema/schema.hpp"

namespace relctl::schema {
namespace {

namespace fs = std::filesystem;

const fs::path kSnapshots = fs::path(RELCTL_SHARED_DIR) / "corpus/snapshots";

JsonDocument load(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return JsonDocument::parse(ss.str(), p.string());
}

TEST(CorpusSchemas, EverySchemaCompiles) {
  if (!fs::is_directory(kSnapshots)) GTEST_SKIP() << "no corpus at " << kSnapshots;
  int compiled = 0;
  for (const auto& snap : fs::directory_iterator(kSnapshots)) {
    const fs::path root = snap.path() / "files/docs/release-control";
    if (!fs::is_directory(root)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      const std::string name = e.path().filename().string();
      if (!e.is_regular_file() || name.size() < 12 ||
          name.compare(name.size() - 12, 12, ".schema.json") != 0) {
        continue;
      }
      try {
        (void)Schema::compile(load(e.path()));
        ++compiled;
      } catch (const LoadError& err) {
        ADD_FAILURE() << err.what();
      }
    }
  }
  std::cout << compiled << " corpus schemas compiled\n";
  EXPECT_GT(compiled, 0);
}

// The newest snapshot's status.json breaks its schema in exactly one way:
// six lane follow-ups carry repo_ids (and one cross_repo), which the
// lane_followup definition does not allow.
TEST(CorpusSchemas, NewestStatusViolations) {
  const fs::path snap = kSnapshots / "2026-08-22-c313a80/files/docs/release-control/v6";
  if (!fs::is_directory(snap)) GTEST_SKIP() << "no snapshot at " << snap;
  const auto schema = Schema::compile(load(snap / "status.schema.json"));
  const auto status = load(snap / "internal/status.json");
  const auto violations = schema.validate(status.root());

  std::set<std::string> paths;
  for (const auto& v : violations) {
    paths.insert(v.instance_path.str());
    EXPECT_FALSE(v.instance_path.starts_with(JsonPath{"source_precedence"}))
        << v.instance_path.str() << ": " << v.message;
    EXPECT_EQ(v.keyword, "additionalProperties") << v.instance_path.str() << ": " << v.message;
    EXPECT_NE(v.message.find("repo_ids"), std::string::npos) << v.message;
  }
  const std::set<std::string> expected{"lane_followups[5]",  "lane_followups[15]",
                                       "lane_followups[16]", "lane_followups[17]",
                                       "lane_followups[18]", "lane_followups[19]"};
  EXPECT_EQ(paths, expected);
  EXPECT_EQ(violations.size(), expected.size());
  ASSERT_FALSE(violations.empty());
  EXPECT_EQ(violations.front().instance_path.str(), "lane_followups[5]");
  EXPECT_NE(violations.front().message.find("cross_repo"), std::string::npos);
  for (const auto& v : violations) std::cout << v.instance_path.str() << ": " << v.message << "\n";
}

}  // namespace
}  // namespace relctl::schema
