// load/confine: paths from the control files stay inside their repository.
#include "relctl/load/confine.hpp"

#include <sys/stat.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace relctl::confine {
namespace {

namespace fs = std::filesystem;
using Kind = BeneathProbe::Kind;

TEST(Confine, LexicalProblems) {
  EXPECT_EQ(lexical_problem("/etc/passwd"), "is absolute");
  for (const char* p : {"..", "../x", "a/..", "a/../b", "a/b/.."}) {
    EXPECT_EQ(lexical_problem(p), "has a '..' segment") << p;
  }
  for (const char* p : {"", ".", "a", "a/b", "./a", "a//b", "a/", "..a", "a..", "a/.../b"}) {
    EXPECT_FALSE(lexical_problem(p)) << p;
  }
}

TEST(Confine, PlainNames) {
  for (const char* n : {"harbor", "harbor-pro", ".hidden", "a.b"}) EXPECT_TRUE(is_plain_name(n));
  for (const char* n : {"", ".", "..", "a/b", "/etc", "../x"}) EXPECT_FALSE(is_plain_name(n)) << n;
  EXPECT_FALSE(is_plain_name(std::string_view("a\0b", 3)));
}

TEST(Confine, Within) {
  EXPECT_TRUE(within("/r", "/r"));
  EXPECT_TRUE(within("/r/a", "/r"));
  EXPECT_FALSE(within("/rx", "/r"));
  EXPECT_FALSE(within("/", "/r"));
  EXPECT_TRUE(within("/anything", "/"));
}

class ProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::path(dir.path()) / "repo";
    dir.write("repo/docs/a.md", "a");
    dir.write("repo/src/main.go", "package main");
    dir.write("secret/key.txt", "s");
  }
  Kind kind(const std::string& rel) const { return probe.kind(root.string(), rel); }
  test::TempDir dir;
  fs::path root;
  BeneathProbe probe;
};

TEST_F(ProbeTest, FilesAndFoldersInside) {
  EXPECT_EQ(kind("docs/a.md"), Kind::kFile);
  EXPECT_EQ(kind("docs"), Kind::kDirectory);
  EXPECT_EQ(kind("."), Kind::kDirectory);
  EXPECT_EQ(kind("./docs//a.md"), Kind::kFile);  // as pathlib joins it
  EXPECT_EQ(kind("docs/"), Kind::kDirectory);
  EXPECT_EQ(kind("docs/b.md"), Kind::kMissing);
  EXPECT_EQ(kind("docs/a.md/x"), Kind::kMissing);  // a file on the way
}

TEST_F(ProbeTest, PathsThatLeaveAreNotFollowed) {
  EXPECT_EQ(kind("../secret/key.txt"), Kind::kOutside);
  EXPECT_EQ(kind("docs/../../secret/key.txt"), Kind::kOutside);
  EXPECT_EQ(kind(".."), Kind::kOutside);
  EXPECT_EQ(kind((fs::path(dir.path()) / "secret/key.txt").string()), Kind::kOutside);
}

TEST_F(ProbeTest, SymlinksAreFollowedOnlyInside) {
  fs::create_directory_symlink(fs::path(dir.path()) / "secret", root / "out");
  fs::create_symlink("../../secret/key.txt", root / "docs/key");
  fs::create_directory_symlink("../src", root / "docs/src");
  fs::create_symlink("nowhere", root / "docs/dangling");
  fs::create_symlink("/", root / "slash");
  EXPECT_EQ(kind("out"), Kind::kOutside);
  EXPECT_EQ(kind("out/key.txt"), Kind::kOutside);
  EXPECT_EQ(kind("docs/key"), Kind::kOutside);
  EXPECT_EQ(kind("slash/etc"), Kind::kOutside);
  EXPECT_EQ(kind("docs/src/main.go"), Kind::kFile);
  EXPECT_EQ(kind("docs/src"), Kind::kDirectory);
  EXPECT_EQ(kind("docs/dangling"), Kind::kMissing);
  // A link inside that points at a link out is caught where it leads.
  fs::create_symlink("../out/key.txt", root / "docs/chain");
  EXPECT_EQ(kind("docs/chain"), Kind::kOutside);
}

TEST_F(ProbeTest, RootReachedThroughASymlink) {
  const fs::path alias = fs::path(dir.path()) / "alias";
  fs::create_directory_symlink(root, alias);
  EXPECT_EQ(probe.kind(alias.string(), "docs/a.md"), Kind::kFile);
  EXPECT_EQ(probe.kind(alias.string(), "../secret/key.txt"), Kind::kOutside);
}

TEST_F(ProbeTest, OtherKinds) {
  ASSERT_EQ(::mkfifo((root / "docs/fifo").c_str(), 0644), 0);
  EXPECT_EQ(kind("docs/fifo"), Kind::kOther);
}

}  // namespace
}  // namespace relctl::confine
