// The schema verdict cache's key and markers.
#include "relctl/schema/verdict_cache.hpp"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace relctl::schema {
namespace {

TEST(VerdictCache, KeyIsStableAndSeparatesSchemaFromInstance) {
  const auto k = VerdictCache::key("{\"type\":\"object\"}", "{}");
  EXPECT_EQ(k.size(), 32u);
  EXPECT_EQ(k.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(k, VerdictCache::key("{\"type\":\"object\"}", "{}"));
  EXPECT_NE(k, VerdictCache::key("{\"type\":\"object\"}", "{ }"));
  EXPECT_NE(k, VerdictCache::key("{\"type\":\"array\"}", "{}"));
  // The boundary between the two texts is part of the key.
  EXPECT_NE(VerdictCache::key("ab", "c"), VerdictCache::key("a", "bc"));
}

TEST(VerdictCache, RemembersOnlyWhatItWasTold) {
  test::TempDir dir;
  const VerdictCache cache(std::filesystem::path(dir.path()) / "cache");
  const nlohmann::json findings = nlohmann::json::parse(
      R"([{"line": 3, "col": 5, "path": "lanes[0]", "keyword": "type", "message": "m"}])");
  EXPECT_FALSE(cache.lookup("s", "i"));
  cache.store("s", "i", findings);
  ASSERT_TRUE(cache.lookup("s", "i"));
  EXPECT_EQ(*cache.lookup("s", "i"), findings);
  EXPECT_FALSE(cache.lookup("s", "j"));
  cache.store("s", "clean", nlohmann::json::array());
  ASSERT_TRUE(cache.lookup("s", "clean"));
  EXPECT_TRUE(cache.lookup("s", "clean")->empty());
}

TEST(VerdictCache, AMalformedEntryIsAMiss) {
  test::TempDir dir;
  const VerdictCache cache(std::filesystem::path(dir.path()) / "cache");
  cache.store("s", "i", nlohmann::json::array());
  const auto entry = cache.entry("s", "i");
  for (const char* bad : {"[", "{}", "[{\"line\": -1}]",
                          "[{\"line\": 1, \"col\": 1, \"path\": 2, "
                          "\"keyword\": \"k\", \"message\": \"m\"}]"}) {
    std::filesystem::remove(entry);
    dir.write(std::filesystem::relative(entry, dir.path()).string(), bad);
    EXPECT_FALSE(cache.lookup("s", "i")) << bad;
  }
}

TEST(VerdictCache, DisabledCacheNeverHits) {
  const VerdictCache off;
  EXPECT_FALSE(off.enabled());
  off.store("s", "i", nlohmann::json::array());
  EXPECT_FALSE(off.lookup("s", "i"));
}

TEST(VerdictCache, EnvironmentChoosesTheFolder) {
  ::setenv("RELCTL_NO_CACHE", "1", 1);
  EXPECT_FALSE(VerdictCache::from_environment().enabled());
  ::setenv("RELCTL_NO_CACHE", "0", 1);
  ::setenv("RELCTL_CACHE_DIR", "/x/relctl-cache", 1);
  EXPECT_EQ(VerdictCache::from_environment().dir(), "/x/relctl-cache");
  ::unsetenv("RELCTL_CACHE_DIR");
  ::setenv("XDG_CACHE_HOME", "/x/xdg", 1);
  EXPECT_EQ(VerdictCache::from_environment().dir(), "/x/xdg/relctl");
  ::unsetenv("XDG_CACHE_HOME");
  ::unsetenv("RELCTL_NO_CACHE");
}

}  // namespace
}  // namespace relctl::schema
