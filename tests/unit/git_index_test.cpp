// The index reader against git itself: for every index layout git writes
// (versions 2, 3 and 4, extended flags, unmerged stages, intent-to-add,
// non-ASCII names), Repo::tracked_files lists exactly what `git ls-files -z`
// prints; layouts left to git (split index) still give git's answer; damaged
// bytes give nullopt, never a crash.
#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "relctl/load/git_index.hpp"
#include "relctl/load/repo.hpp"
#include "temp_dir.hpp"

namespace relctl {
namespace {

std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::vector<std::string> git_ls_files(const std::string& dir, const std::string& under = {}) {
  const std::string out = dir + "/../ls-files.out";
  const std::string cmd = "cd '" + dir + "' && git ls-files -z" +
                          (under.empty() ? "" : " -- '" + under + "'") + " > '" + out + "'";
  EXPECT_EQ(test::shell(cmd), 0);
  const std::string s = slurp(out);
  std::vector<std::string> v;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto j = s.find('\0', i);
    v.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return v;
}

std::optional<std::string> no_env(const char*) { return std::nullopt; }

class GitIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    root = dir.path() + "/repo";
    ASSERT_EQ(test::shell("mkdir -p '" + root + "'"), 0);
    ASSERT_EQ(sh("git init -q -b main . && git config user.email t@t && git config user.name t"),
              0);
    for (const char* f : {"b.txt", "a/z.go", "a/b/c.md", "a/b/d.md", "é/ü.txt", "a-b", "a.b/x",
                          "docs/sub/x.md", "docs/subsystems.md"}) {
      dir.write(std::string("repo/") + f, f);
    }
    ASSERT_EQ(sh("git add -A && git commit -qm one"), 0);
  }
  int sh(const std::string& cmd) const {
    return test::shell("cd '" + root + "' && (" + cmd + ") >/dev/null 2>&1");
  }
  void expect_same(const std::string& under = {}) const {
    const Repo repo(root, no_env);
    EXPECT_EQ(repo.tracked_files({}, under), git_ls_files(root, under)) << under;
  }
  [[nodiscard]] std::optional<std::vector<std::string>> native() const {
    return read_git_index(root + "/.git/index");
  }
  test::TempDir dir;
  std::string root;
};

TEST_F(GitIndex, Version2ListsWhatGitLists) {
  ASSERT_EQ(sh("git update-index --index-version 2"), 0);
  ASSERT_TRUE(native().has_value());
  EXPECT_EQ(*native(), git_ls_files(root));
  expect_same();
  expect_same("a/b");
  expect_same("docs/sub");
}

TEST_F(GitIndex, Version3WithExtendedFlags) {
  ASSERT_EQ(sh("git update-index --index-version 3 && git update-index --skip-worktree b.txt && "
               "echo new > n.txt && git add -N n.txt"),
            0);
  ASSERT_TRUE(native().has_value());
  EXPECT_EQ(*native(), git_ls_files(root));
  EXPECT_NE(std::find(native()->begin(), native()->end(), "n.txt"), native()->end());
}

TEST_F(GitIndex, Version4PrefixCompression) {
  ASSERT_EQ(sh("git update-index --index-version 4"), 0);
  ASSERT_TRUE(native().has_value());
  EXPECT_EQ(*native(), git_ls_files(root));
  expect_same("a");
}

TEST_F(GitIndex, UnmergedPathsOncePerStage) {
  ASSERT_EQ(sh("git checkout -q -b other && echo theirs > b.txt && git commit -qam theirs && "
               "git checkout -q main && echo ours > b.txt && git commit -qam ours && "
               "(git merge -q other || true)"),
            0);
  const auto got = native();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(std::count(got->begin(), got->end(), "b.txt"), 3);
  EXPECT_EQ(*got, git_ls_files(root));
}

TEST_F(GitIndex, SplitIndexIsLeftToGit) {
  ASSERT_EQ(sh("git update-index --split-index && echo x > new.txt && git add new.txt"), 0);
  EXPECT_FALSE(native().has_value());
  expect_same();
}

TEST_F(GitIndex, DamagedBytesNeverCrash) {
  ASSERT_EQ(sh("git update-index --index-version 4"), 0);
  const std::string good = slurp(root + "/.git/index");
  ASSERT_TRUE(parse_git_index(good).has_value());
  const auto full = *parse_git_index(good);
  for (std::size_t n = 0; n < good.size(); ++n) {
    // Without a checksum test, cutting off a whole extension can still read
    // as a valid index; it must then hold every entry, never a partial list.
    const auto r = parse_git_index(std::string_view(good).substr(0, n));
    if (r) {
      EXPECT_EQ(*r, full) << "truncated to " << n;
    }
  }
  std::string bad = good;
  for (std::size_t i = 12; i < bad.size(); i += 7) {
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    (void)parse_git_index(bad);  // any answer, but no crash or overrun
  }
  EXPECT_FALSE(parse_git_index("DIRC").has_value());
  EXPECT_FALSE(
      parse_git_index(std::string("DIRC\0\0\0\x09", 8) + std::string(40, '\0')).has_value());
}

TEST_F(GitIndex, NoIndexMeansNothingTracked) {
  const std::string fresh = dir.path() + "/fresh";
  ASSERT_EQ(test::shell("mkdir -p '" + fresh + "' && cd '" + fresh + "' && git init -q"), 0);
  const Repo repo(fresh, no_env);
  EXPECT_TRUE(repo.tracked_files().empty());
}

}  // namespace
}  // namespace relctl
