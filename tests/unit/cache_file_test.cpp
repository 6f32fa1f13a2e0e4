// The cache files' helpers (util/cache_file): keys, the program's build id,
// whole-file reads and atomic writes.
#include "relctl/util/cache_file.hpp"

#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace relctl::cache {
namespace {

namespace fs = std::filesystem;

TEST(CacheFile, KeysSeparateTheirParts) {
  const auto k = key({"a", "bc"});
  EXPECT_EQ(k.size(), 32u);
  EXPECT_EQ(k.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(k, key({"a", "bc"}));
  EXPECT_NE(k, key({"ab", "c"}));
  EXPECT_NE(k, key({"abc"}));
  EXPECT_NE(k, key({"a", "bc", ""}));
  EXPECT_EQ(KeyBuilder().add("a").add("bc").hex(), k);
  // A part given in pieces is that part, whatever the cut.
  EXPECT_EQ(KeyBuilder().add("a").add_pieces({"b", "c"}).hex(), k);
  EXPECT_EQ(KeyBuilder().add("a").add_pieces({"", "bc", ""}).hex(), k);
  EXPECT_NE(KeyBuilder().add_pieces({"a", "bc"}).hex(), k);
}

// A sealed entry written in pieces is the entry seal() makes of the whole
// body; unseal() gives the body back and refuses any other magic, any
// truncation and any changed byte.
TEST(CacheFile, SealedEntriesAreWrittenInPiecesAndCheckedWhole) {
  test::TempDir dir;
  const fs::path file = fs::path(dir.path()) / "sealed";
  const std::string body("head\0and the report", 19);
  ASSERT_TRUE(
      write_sealed(file, "magic 1\n", {"head", std::string_view("\0and", 4), " the report"}));
  const auto bytes = read_file(file);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, seal("magic 1\n", body));
  EXPECT_EQ(unseal("magic 1\n", *bytes), body);
  EXPECT_FALSE(unseal("magic 2\n", *bytes));
  for (std::size_t n = 0; n < bytes->size(); ++n) {
    EXPECT_FALSE(unseal("magic 1\n", bytes->substr(0, n))) << "truncated to " << n;
  }
  for (std::size_t i = 0; i < bytes->size(); ++i) {
    std::string bad = *bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    EXPECT_FALSE(unseal("magic 1\n", bad)) << "byte " << i;
  }
}

// The id the linker wrote into this test program, as readelf reads it.
TEST(CacheFile, BuildIdIsTheProgramsOwn) {
  const std::string& id = build_id();
  ASSERT_FALSE(id.empty()) << "the test program was linked without a build id";
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(&build_id(), &id);
  const std::string exe = fs::read_symlink("/proc/self/exe").string();
  std::unique_ptr<FILE, int (*)(FILE*)> p(
      ::popen(("readelf -n '" + exe + "' 2>/dev/null").c_str(), "r"), ::pclose);
  ASSERT_NE(p, nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p.get()) != nullptr) out += buf.data();
  if (out.find("Build ID") == std::string::npos) GTEST_SKIP() << "readelf is not available";
  EXPECT_NE(out.find("Build ID: " + id + "\n"), std::string::npos) << out;
}

TEST(CacheFile, WritesAtomicallyAndReadsBack) {
  test::TempDir dir;
  const fs::path file = fs::path(dir.path()) / "a" / "b" / "entry";
  ASSERT_TRUE(write_file_atomically(file, std::string("one\0two", 7)));
  EXPECT_EQ(read_file(file), std::string("one\0two", 7));
  ASSERT_TRUE(write_file_atomically(file, ""));
  EXPECT_EQ(read_file(file), "");
  // No temporary file is left behind.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(file.parent_path())) ++entries;
  EXPECT_EQ(entries, 1u);
  EXPECT_FALSE(read_file(fs::path(dir.path()) / "missing"));
}

TEST(CacheFile, AStreamedWriteIsKeptWholeOrNotAtAll) {
  test::TempDir dir;
  const fs::path file = fs::path(dir.path()) / "entry";
  ASSERT_TRUE(write_file_atomically(file, "old"));
  auto writes = [](std::string_view text, bool result) {
    return [text, result](std::FILE* f) {
      std::fwrite(text.data(), 1, text.size(), f);
      return result;
    };
  };
  // A writer that gives up, or throws, leaves the old file and no other.
  EXPECT_FALSE(write_file_atomically(file, writes("partial", false)));
  EXPECT_FALSE(write_file_atomically(file, [](std::FILE* f) -> bool {
    std::fputs("partial", f);
    throw std::runtime_error("stop");
  }));
  EXPECT_EQ(read_file(file), "old");
  // One that finishes replaces it; more than a stdio buffer is written whole.
  const std::string big(300000, 'x');
  ASSERT_TRUE(write_file_atomically(file, writes(big, true)));
  EXPECT_EQ(read_file(file), big);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1u);
}

TEST(CacheFile, ALinkIsNotFollowedAndAnUnwritableFolderIsNoError) {
  test::TempDir dir;
  dir.write("target", "secret");
  ASSERT_EQ(::symlink((dir.path() + "/target").c_str(), (dir.path() + "/link").c_str()), 0);
  EXPECT_FALSE(read_file(fs::path(dir.path()) / "link"));
  // A folder in the way is a file: nothing is written, false is returned.
  dir.write("blocked", "");
  EXPECT_FALSE(write_file_atomically(fs::path(dir.path()) / "blocked" / "entry", "x"));
}

TEST(CacheFile, JsonValuesAreRememberedOnlyWhenTheyReadBackEqual) {
  test::TempDir dir;
  const fs::path root = dir.path();
  const nlohmann::json value = {{"errors", {"a", "b"}},
                                {"n", 3},
                                {"x", 0.1},
                                {"u", "\u00e9"},
                                {"big", std::numeric_limits<std::uint64_t>::max()},
                                {"neg", std::numeric_limits<std::int64_t>::min()},
                                {"tiny", 5e-324},
                                {"nested", {{"q", "\"\\\n"}, {"e", nlohmann::json::array()}}}};
  EXPECT_FALSE(load_json(root, "k", "one"));
  store_json(root, "k", "one", value);
  EXPECT_EQ(load_json(root, "k", "one"), value);
  // A string that is not UTF-8 cannot be written as JSON: not remembered.
  store_json(root, "k", "two", nlohmann::json{{"errors", {std::string("\xff")}}});
  EXPECT_FALSE(load_json(root, "k", "two"));
  EXPECT_FALSE(fs::exists(root / "k" / "two.json"));
  // Nor is a member name that is not UTF-8, nor a number that is not finite
  // (each written as something else), however deep.
  store_json(root, "k", "name", nlohmann::json{{"ok", {{std::string("\xc3"), 1}}}});
  EXPECT_FALSE(fs::exists(root / "k" / "name.json"));
  store_json(root, "k", "nan", nlohmann::json{{"a", {1, {std::nan("")}}}});
  EXPECT_FALSE(fs::exists(root / "k" / "nan.json"));
  store_json(root, "k", "inf", nlohmann::json::array({std::numeric_limits<double>::infinity()}));
  EXPECT_FALSE(fs::exists(root / "k" / "inf.json"));
  // A damaged entry is a miss; an empty folder name disables.
  ASSERT_TRUE(write_file_atomically(root / "k" / "three.json", "{\"errors\": ["));
  EXPECT_FALSE(load_json(root, "k", "three"));
  store_json({}, "k", "four", value);
  EXPECT_FALSE(load_json({}, "k", "four"));
}

}  // namespace
}  // namespace relctl::cache
