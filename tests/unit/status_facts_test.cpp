// The facts of status.json that `owners` and the registry audit read
// (report/status_facts.hpp), and their cache: read as before from the
// parsed document, remembered by a hash of the text, never used for
// another text.
#include "relctl/report/status_facts.hpp"

#include <filesystem>

#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"
#include "relctl/util/cache_file.hpp"
#include "temp_dir.hpp"

namespace relctl::report {
namespace {

namespace fs = std::filesystem;

StatusFacts facts_of(const std::string& json) {
  const auto doc = JsonDocument::parse(json, "status.json");
  return read_status_facts(doc.root());
}

TEST(StatusFacts, AreReadAsTheCommandsReadThem) {
  const auto f = facts_of(R"({
    "scope": {"control_plane_repo": "  ", "active_repos": ["pulse", " ", 3, "pulse-pro"]},
    "evidence_reference_policy": {"local_repo": "pulse"},
    "lanes": [{"id": "L2"}, "L9", {"id": 3}, {"id": "L1"}, {}, {"id": "L2"}]
  })");
  EXPECT_TRUE(f.root_is_object);
  EXPECT_FALSE(f.control_plane_repo);  // blank
  EXPECT_EQ(f.local_repo, "pulse");
  EXPECT_EQ(f.active_repos, (std::vector<std::string>{"pulse", "pulse-pro"}));
  EXPECT_EQ(f.lane_ids, (std::set<std::string>{"L1", "L2"}));

  const auto g = facts_of(R"({"scope": {"control_plane_repo": "hub", "active_repos": "x"},
                               "evidence_reference_policy": [], "lanes": {}})");
  EXPECT_EQ(g.control_plane_repo, "hub");
  EXPECT_FALSE(g.local_repo);
  EXPECT_TRUE(g.active_repos.empty());
  EXPECT_TRUE(g.lane_ids.empty());

  EXPECT_FALSE(facts_of("[]").root_is_object);
  EXPECT_EQ(facts_of("[]"), StatusFacts{});
}

StatusFacts sample() {
  StatusFacts f;
  f.root_is_object = true;
  f.control_plane_repo = "hub";
  f.local_repo = "";
  f.active_repos = {"hub", "spoke"};
  f.lane_ids = {"L1", "L2", "L10"};
  return f;
}

TEST(StatusFactsFile, ReadsBackWhatWasWrittenAndRefusesEverythingElse) {
  const std::string bytes = encode_status_facts("k1", sample());
  ASSERT_EQ(decode_status_facts(bytes, "k1"), sample());
  ASSERT_EQ(decode_status_facts(encode_status_facts("k1", StatusFacts{}), "k1"), StatusFacts{});
  EXPECT_FALSE(decode_status_facts(bytes, "k2"));  // another text's facts
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_status_facts(bytes.substr(0, n), "k1")) << "truncated to " << n;
  }
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    EXPECT_FALSE(decode_status_facts(bad, "k1")) << "byte " << i;
  }
  EXPECT_FALSE(decode_status_facts(bytes + "x", "k1"));
}

TEST(StatusFactsFile, AWellHashedBodyMustStillBeWellFormed) {
  const std::string magic = "relctl status facts 1\n";
  auto body = [](unsigned char is_object, unsigned char has_id, std::uint32_t lanes) {
    cache::ByteWriter w;
    w.str("k");
    w.byte(is_object);
    w.byte(has_id);
    w.str("hub");
    w.byte(0);
    w.str("");
    w.u32(0);
    w.u32(lanes);
    if (lanes == 1) w.str("L1");
    return w.text();
  };
  auto sealed = [&](const std::string& b) { return cache::seal(magic, b); };
  ASSERT_TRUE(decode_status_facts(sealed(body(1, 1, 1)), "k"));
  EXPECT_FALSE(decode_status_facts(sealed(body(2, 1, 1)), "k"));            // a flag not 0 or 1
  EXPECT_FALSE(decode_status_facts(sealed(body(1, 7, 1)), "k"));            // likewise
  EXPECT_FALSE(decode_status_facts(sealed(body(1, 1, 0xffffffffu)), "k"));  // a count past the end
  EXPECT_FALSE(decode_status_facts(sealed(body(1, 1, 1) + "x"), "k"));      // bytes after the end
}

class StatusFactsCache : public ::testing::Test {
 protected:
  void SetUp() override {
    test::copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", dir.path());
    rel = ControlFiles(Repo(dir.path()), false).control_plane().active_profile().status;
  }
  [[nodiscard]] StatusFacts facts(const std::string& cache_dir) const {
    ControlFiles files(Repo(dir.path()), false);
    return status_facts(files, cache_dir);
  }
  [[nodiscard]] std::vector<fs::path> entries() const {
    std::vector<fs::path> out;
    const fs::path folder = fs::path(cache.path()) / "status-facts";
    if (!fs::exists(folder)) return out;
    for (const auto& e : fs::directory_iterator(folder)) out.push_back(e.path());
    return out;
  }
  test::TempDir dir;
  test::TempDir cache;
  std::string rel;
};

TEST_F(StatusFactsCache, RememberedForTheSameTextAndOnlyForIt) {
  const StatusFacts computed = facts("");
  ASSERT_TRUE(computed.root_is_object);
  ASSERT_FALSE(computed.lane_ids.empty());
  EXPECT_EQ(facts(cache.path()), computed);  // a miss: computed and remembered
  const auto files = entries();
  ASSERT_EQ(files.size(), 1U);

  // The entry is what a hit answers: plant other facts under the same text
  // key (read back from the entry) and they are what comes back...
  const std::string bytes = *cache::read_file(files[0]);
  const auto body = cache::unseal("relctl status facts 1\n", bytes);
  ASSERT_TRUE(body);
  cache::ByteReader r(*body);
  std::string_view text_key;
  ASSERT_TRUE(r.str(text_key));
  StatusFacts planted = computed;
  planted.control_plane_repo = "planted";
  ASSERT_TRUE(cache::write_file_atomically(files[0], encode_status_facts(text_key, planted)));
  EXPECT_EQ(facts(cache.path()), planted);

  // ...until status.json's text changes, by one byte, anywhere.
  dir.write(rel, dir.read(rel) + " ");
  EXPECT_EQ(facts(cache.path()), computed);
  EXPECT_EQ(entries().size(), 1U);  // the entry was replaced, not joined
  auto edited = nlohmann::ordered_json::parse(dir.read(rel));
  edited["scope"]["control_plane_repo"] = "elsewhere";
  dir.write(rel, edited.dump(2));
  EXPECT_EQ(facts(cache.path()).control_plane_repo, "elsewhere");
  EXPECT_EQ(facts(cache.path()).control_plane_repo, "elsewhere");

  // A damaged entry is a miss.
  ASSERT_TRUE(cache::write_file_atomically(entries()[0], "relctl status facts 1\n"));
  EXPECT_EQ(facts(cache.path()).control_plane_repo, "elsewhere");
}

TEST_F(StatusFactsCache, TheLocalRepositorysIdAndItsRefusal) {
  auto with = [&](const char* cp_repo, const char* local) {
    auto status = nlohmann::ordered_json::parse(dir.read(rel));
    status["scope"].erase("control_plane_repo");
    status["evidence_reference_policy"].erase("local_repo");
    if (cp_repo != nullptr) status["scope"]["control_plane_repo"] = cp_repo;
    if (local != nullptr) status["evidence_reference_policy"]["local_repo"] = local;
    dir.write(rel, status.dump(2));
    ControlFiles files(Repo(dir.path()), false);
    return local_repo_id(files, status_facts(files, cache.path()));
  };
  EXPECT_EQ(with("hub", "spoke"), "hub");
  EXPECT_EQ(with(" ", "spoke"), "spoke");
  EXPECT_EQ(with(nullptr, nullptr), fs::path(dir.path()).filename().string());

  dir.write(rel, "[1, 2]");
  for (int i = 0; i < 2; ++i) {  // computed, then (if it were remembered) again
    ControlFiles files(Repo(dir.path()), false);
    const auto f = status_facts(files, cache.path());
    EXPECT_FALSE(f.root_is_object);
    EXPECT_THROW((void)local_repo_id(files, f), LoadError);
  }
}

}  // namespace
}  // namespace relctl::report
