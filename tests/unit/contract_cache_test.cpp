// The contracts cache (registry::ContractCache): a parse is reused only for
// a file whose stat data is exactly what it was, only when that stat data was
// old enough to trust, and a damaged cache file is a miss, never a crash.
#include "relctl/registry/contract_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace relctl::registry {
namespace {

namespace fs = std::filesystem;
using std::chrono::system_clock;

const char* const kContract =
    "# Web console\n"
    "\n"
    "## Contract Metadata\n"
    "\n"
    "```json\n"
    "{\"subsystem_id\": \"web-console\"}\n"
    "```\n"
    "\n"
    "## Canonical Files\n"
    "\n"
    "1. `web/console/src/main.ts` entry point\n"
    "2. `web/console/src/` screens\n"
    "\n"
    "## Extension Points\n"
    "\n"
    "1. `web/console/plugins/` plug-ins\n";

class ContractCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder = dir.path() + "/subsystems";
    dir.write("subsystems/web-console.md", kContract);
    st = stat_of("web-console.md");
  }
  [[nodiscard]] struct stat stat_of(const std::string& name) const {
    struct stat s {};
    EXPECT_EQ(::lstat((folder + "/" + name).c_str(), &s), 0);
    return s;
  }
  // A moment long after the file was written: its stat data can be trusted.
  [[nodiscard]] system_clock::time_point later() const {
    return system_clock::time_point(std::chrono::seconds(st.st_ctim.tv_sec) +
                                    std::chrono::hours(1));
  }
  [[nodiscard]] ContractCache cache_at(system_clock::time_point now,
                                       const ContractParseOptions& opts = {}) const {
    return ContractCache(fs::path(dir.path()) / "cache", folder, opts, now);
  }
  // Parses the file and remembers it in a cache that is then saved.
  void remember_now(system_clock::time_point now) const {
    auto c = cache_at(now);
    EXPECT_EQ(c.find("web-console.md", st), nullptr);
    c.remember("web-console.md", st, parse_contract(kContract));
    c.save();
  }
  test::TempDir dir;
  std::string folder;
  struct stat st {};
};

TEST_F(ContractCacheTest, AParseIsReusedWhileTheStatDataIsUnchanged) {
  remember_now(later());
  auto c = cache_at(later());
  const ParsedContract* hit = c.find("web-console.md", st);
  ASSERT_NE(hit, nullptr);
  const ParsedContract want = parse_contract(kContract);
  EXPECT_EQ(hit->subsystem_id, want.subsystem_id);
  EXPECT_EQ(hit->references, want.references);
  ASSERT_EQ(hit->references.size(), 3u);
  EXPECT_EQ(hit->references[2].heading, "## Extension Points");
  EXPECT_EQ(c.hits(), 1u);
  EXPECT_EQ(c.misses(), 0u);
}

TEST_F(ContractCacheTest, AnyChangeOfTheStatDataIsAMiss) {
  remember_now(later());
  auto changed = [&](auto edit) {
    struct stat s = st;
    edit(s);
    auto c = cache_at(later());
    return c.find("web-console.md", s) == nullptr;
  };
  EXPECT_TRUE(changed([](struct stat& s) { s.st_size += 1; }));
  EXPECT_TRUE(changed([](struct stat& s) { s.st_mtim.tv_nsec ^= 1; }));
  EXPECT_TRUE(changed([](struct stat& s) { s.st_mtim.tv_sec -= 1; }));
  EXPECT_TRUE(changed([](struct stat& s) { s.st_ctim.tv_nsec ^= 1; }));
  EXPECT_TRUE(changed([](struct stat& s) { s.st_ino += 1; }));
  EXPECT_TRUE(changed([](struct stat& s) { s.st_dev += 1; }));
  EXPECT_TRUE(changed([](struct stat& s) { s.st_mode ^= S_IXUSR; }));
  EXPECT_FALSE(changed([](struct stat&) {}));
  // Another name is another file.
  auto c = cache_at(later());
  EXPECT_EQ(c.find("other.md", st), nullptr);
}

TEST_F(ContractCacheTest, AnEditedFileIsSeenEvenWithItsOldSizeAndMtime) {
  remember_now(later());
  // Same length, another path; the mtime put back as it was. The ctime
  // cannot be put back.
  std::string edited = kContract;
  edited.replace(edited.find("web/console/src/main.ts"), 23, "web/console/src/boot.ts");
  std::ofstream(folder + "/web-console.md", std::ios::trunc) << edited;
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, (folder + "/web-console.md").c_str(), times, 0), 0);
  const struct stat now_st = stat_of("web-console.md");
  ASSERT_EQ(now_st.st_size, st.st_size);
  ASSERT_EQ(now_st.st_mtim.tv_nsec, st.st_mtim.tv_nsec);
  auto c = cache_at(later());
  EXPECT_EQ(c.find("web-console.md", now_st), nullptr);
}

TEST_F(ContractCacheTest, AFileTooRecentToTrustIsNotRemembered) {
  // Its stat data taken less than the margin after its last change: it could
  // change again within the same timestamp tick.
  const auto changed = system_clock::time_point(std::chrono::seconds(st.st_ctim.tv_sec) +
                                                std::chrono::nanoseconds(st.st_ctim.tv_nsec));
  remember_now(changed + ContractCache::kRacyMargin - std::chrono::milliseconds(1));
  EXPECT_EQ(cache_at(later()).find("web-console.md", st), nullptr);
  // Just old enough: remembered.
  remember_now(changed + ContractCache::kRacyMargin + std::chrono::milliseconds(1));
  EXPECT_NE(cache_at(later()).find("web-console.md", st), nullptr);
}

TEST_F(ContractCacheTest, ASymbolicLinkIsNeverRemembered) {
  ASSERT_EQ(::symlink("web-console.md", (folder + "/link.md").c_str()), 0);
  const struct stat link = stat_of("link.md");
  ASSERT_TRUE(S_ISLNK(link.st_mode));
  {
    auto c = cache_at(later());
    c.remember("link.md", link, parse_contract(kContract));
    c.save();
  }
  auto c = cache_at(later());
  EXPECT_EQ(c.find("link.md", link), nullptr);
}

TEST_F(ContractCacheTest, FilesNoLongerListedAreForgotten) {
  remember_now(later());
  {
    auto c = cache_at(later());  // a run that did not ask for the file
    c.save();
  }
  EXPECT_EQ(cache_at(later()).find("web-console.md", st), nullptr);
}

TEST_F(ContractCacheTest, EveryTruncationOrCorruptionOfTheFileIsAMiss) {
  remember_now(later());
  const fs::path file = cache_at(later()).file();
  std::ifstream in(file, std::ios::binary);
  const std::string whole{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ASSERT_GT(whole.size(), 40u);
  for (std::size_t n = 0; n < whole.size(); ++n) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << whole.substr(0, n);
    EXPECT_EQ(cache_at(later()).find("web-console.md", st), nullptr) << "truncated to " << n;
  }
  // Trailing bytes, a heading index out of range, a huge length.
  std::ofstream(file, std::ios::binary | std::ios::trunc) << whole << 'x';
  EXPECT_EQ(cache_at(later()).find("web-console.md", st), nullptr);
  std::string bad = whole;
  const auto heading_at = bad.size() - 4 - 4 - std::string("web/console/plugins/").size() - 4 - 1;
  ASSERT_EQ(bad[heading_at], 2);  // "## Extension Points"
  bad[heading_at] = 3;
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bad;
  EXPECT_EQ(cache_at(later()).find("web-console.md", st), nullptr);
  bad = whole;
  for (std::size_t i = 0; i < 4; ++i) bad[bad.size() - 12 - 20 + i] = '\xff';
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bad;
  EXPECT_EQ(cache_at(later()).find("web-console.md", st), nullptr);
  // A line or heading line no int can hold (the last reference's two
  // numbers close the file): a loaded parse must be one remember() stores.
  for (const std::size_t top : {whole.size() - 5, whole.size() - 1}) {
    bad = whole;
    bad[top] = '\x80';
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bad;
    EXPECT_EQ(cache_at(later()).find("web-console.md", st), nullptr) << top;
  }
  // The untouched file still hits, and a damaged one is rewritten.
  std::ofstream(file, std::ios::binary | std::ios::trunc) << whole;
  EXPECT_NE(cache_at(later()).find("web-console.md", st), nullptr);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << "garbage";
  remember_now(later());
  EXPECT_NE(cache_at(later()).find("web-console.md", st), nullptr);
}

TEST_F(ContractCacheTest, TheFolderAndTheParseOptionsAreInTheKey) {
  const auto base = cache_at(later()).file();
  ContractParseOptions fix;
  fix.all_item_numbers = true;
  EXPECT_NE(cache_at(later(), fix).file(), base);
  EXPECT_NE(ContractCache(fs::path(dir.path()) / "cache", folder + "2", {}, later()).file(), base);
  EXPECT_EQ(cache_at(later()).file(), base);
}

TEST_F(ContractCacheTest, ADisabledCacheNeverHitsAndWritesNothing) {
  ContractCache off;
  EXPECT_FALSE(off.enabled());
  off.remember("web-console.md", st, parse_contract(kContract));
  off.save();
  EXPECT_EQ(off.find("web-console.md", st), nullptr);
  ContractCache empty_dir(fs::path(), folder, {}, later());
  EXPECT_FALSE(empty_dir.enabled());
  empty_dir.remember("web-console.md", st, parse_contract(kContract));
  empty_dir.save();
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "cache"));
}

}  // namespace
}  // namespace relctl::registry
