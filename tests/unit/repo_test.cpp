#include "relctl/load/repo.hpp"

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"
#include "temp_dir.hpp"

namespace relctl {
namespace {

namespace fs = std::filesystem;
using test::shell;
using test::TempDir;

// A fake environment for Repo: tests set variables here.
std::map<std::string, std::string>& fake_env() {
  static std::map<std::string, std::string> env;
  return env;
}
std::optional<std::string> lookup(const char* name) {
  auto it = fake_env().find(name);
  if (it == fake_env().end()) return std::nullopt;
  return it->second;
}

class RepoTest : public ::testing::Test {
 protected:
  void SetUp() override { fake_env().clear(); }
  void make_repo(const std::string& rel) const {
    tmp.write(rel + "/docs/release-control/control_plane.json", "{}");
  }
  TempDir tmp;
};

TEST_F(RepoTest, DiscoversByWalkingUp) {
  make_repo("ws/app");
  fs::create_directories(tmp.path() + "/ws/app/src/deep");
  const Repo r = Repo::discover(std::nullopt, tmp.path() + "/ws/app/src/deep", lookup);
  EXPECT_EQ(r.root(), fs::path(tmp.path() + "/ws/app"));
}

TEST_F(RepoTest, RootFlagBeatsEnvironment) {
  make_repo("a");
  make_repo("b");
  fake_env()["RELCTL_ROOT"] = tmp.path() + "/b";
  EXPECT_EQ(Repo::discover(std::nullopt, "/", lookup).root(), fs::path(tmp.path() + "/b"));
  EXPECT_EQ(Repo::discover(tmp.path() + "/a", "/", lookup).root(), fs::path(tmp.path() + "/a"));
  // A relative --root is taken from the working directory.
  EXPECT_EQ(Repo::discover(std::string("a"), tmp.path(), lookup).root(),
            fs::path(tmp.path() + "/a"));
}

TEST_F(RepoTest, MissingControlPlaneIsAClearError) {
  fs::create_directories(tmp.path() + "/empty");
  try {
    (void)Repo::discover(tmp.path() + "/empty", "/", lookup);
    FAIL();
  } catch (const LoadError& e) {
    EXPECT_NE(std::string(e.what()).find("control_plane.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("--root"), std::string::npos);
  }
  EXPECT_THROW((void)Repo::discover(std::nullopt, tmp.path() + "/empty", lookup), LoadError);
}

TEST_F(RepoTest, ReadNamesTheSettingForMissingFilesAndDirectories) {
  make_repo("app");
  const Repo r(tmp.path() + "/app", lookup);
  try {
    (void)r.read("docs/status.json", false, "profile p1.status");
    FAIL();
  } catch (const LoadError& e) {
    EXPECT_EQ(e.file(), "docs/status.json");
    EXPECT_NE(e.message().find("profile p1.status"), std::string::npos);
  }
  fs::create_directories(tmp.path() + "/app/docs/dir.json");
  try {
    (void)r.read("docs/dir.json", false, "profile p1.registry");
    FAIL();
  } catch (const LoadError& e) {
    EXPECT_NE(e.message().find("directory"), std::string::npos);
  }
}

TEST_F(RepoTest, StagedReadsComeFromTheIndex) {
  make_repo("app");
  const std::string app = tmp.path() + "/app";
  tmp.write("app/VERSION", "1.0.0\n");
  ASSERT_EQ(shell("cd '" + app + "' && git init -q && git add VERSION"), 0);
  tmp.write("app/VERSION", "2.0.0-dirty\n");  // work tree differs from the index
  const Repo r(app, lookup);
  EXPECT_EQ(r.read("VERSION", true, "x"), "1.0.0\n");
  EXPECT_EQ(r.read("VERSION", false, "x"), "2.0.0-dirty\n");
  // Not in the index: the work tree, as the reference does.
  EXPECT_EQ(r.read("docs/release-control/control_plane.json", true, "x"), "{}");
}

TEST_F(RepoTest, SiblingRootsAndOverrides) {
  make_repo("ws/app");
  const std::string app = tmp.path() + "/ws/app";
  ASSERT_EQ(shell("cd '" + app + "' && git init -q"), 0);
  const Repo r(app, lookup);
  EXPECT_EQ(r.workspace_root(), fs::path(tmp.path() + "/ws"));
  EXPECT_EQ(r.repo_root("app", "app"), fs::path(app));
  EXPECT_EQ(r.repo_root("app-pro", "app"), fs::path(tmp.path() + "/ws/app-pro"));
  fake_env()["PULSE_REPO_ROOT_APP_PRO"] = tmp.path() + "/elsewhere";
  EXPECT_EQ(r.repo_root("app-pro", "app"), fs::path(tmp.path() + "/elsewhere"));
  fake_env()["PULSE_REPO_ROOT_APP_PRO"] = "   ";  // blank: ignored
  EXPECT_EQ(r.repo_root("app-pro", "app"), fs::path(tmp.path() + "/ws/app-pro"));
  EXPECT_EQ(Repo::override_variable("pulse-5.1.x"), "PULSE_REPO_ROOT_PULSE_5.1.X");
}

TEST_F(RepoTest, LinkedWorktreeFindsSiblingsBesideThePrimaryCheckout) {
  make_repo("ws/app");
  const std::string app = tmp.path() + "/ws/app";
  ASSERT_EQ(shell("cd '" + app +
                  "' && git init -q -b main && git add -A && git -c user.name=t "
                  "-c user.email=t@t commit -qm init && git worktree add -q ../../trees/wt1 "
                  "2>/dev/null"),
            0);
  const Repo wt(tmp.path() + "/trees/wt1", lookup);
  EXPECT_EQ(wt.workspace_root(), fs::path(tmp.path() + "/ws"));
}

TEST_F(RepoTest, NoGitMeansNoWorkspace) {
  make_repo("plain");
  const Repo r(tmp.path() + "/plain", lookup);
  // tmp dirs are not inside a git work tree.
  EXPECT_FALSE(r.workspace_root());
  EXPECT_FALSE(r.repo_root("other", "plain"));
  EXPECT_EQ(r.repo_root("plain", "plain"), fs::path(tmp.path() + "/plain"));
}

}  // namespace
}  // namespace relctl
