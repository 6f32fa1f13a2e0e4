// Concurrent `relctl claim --write`: many writers released at the same
// moment must all land (the lock serialises the read-modify-write), and
// writers killed at random moments must never leave a broken status.json or
// lose a claim whose writer reported success. Not timed: the rounds only
// check the outcome.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "claim_fixture.hpp"
#include "cli_harness.hpp"

namespace relctl::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Child processes that wait at a barrier (a pipe nobody writes to) and run
// relctl once it opens (the write end is closed: every read() returns at
// once), so they all start at the same moment.
class Starters {
 public:
  Starters() {
    if (::pipe(gate_) != 0) throw std::runtime_error("pipe failed");
    env_ = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/tmp", "RELCTL_NO_CACHE=1"};
  }
  ~Starters() {
    open_gate();
    if (gate_[0] >= 0) ::close(gate_[0]);
  }
  Starters(const Starters&) = delete;
  Starters& operator=(const Starters&) = delete;

  pid_t add(const std::vector<std::string>& args) {
    // Everything the child needs is built before fork(): after it, only
    // async-signal-safe calls until exec.
    std::vector<std::string> argv_s{RELCTL_BINARY};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env_) envp.push_back(e.data());
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(gate_[1]);
      char c = 0;
      while (::read(gate_[0], &c, 1) < 0) {
      }
      const int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    if (pid < 0) throw std::runtime_error("fork failed");
    return pid;
  }

  void open_gate() {
    if (gate_[1] >= 0) {
      ::close(gate_[1]);
      gate_[1] = -1;
    }
  }

 private:
  int gate_[2] = {-1, -1};
  std::vector<std::string> env_;
};

struct Outcome {
  bool exited = false;  // false: killed by a signal
  int code = -1;
};

Outcome reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  Outcome o;
  o.exited = WIFEXITED(status);
  o.code = o.exited ? WEXITSTATUS(status) : -WTERMSIG(status);
  return o;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string at_hours(int hours) {
  // 2026-11-22T00:00:00Z + hours
  const int day = 22 + hours / 24;
  return fmt::format("2026-11-{:02}T{:02}:00:00Z", day, hours % 24);
}

class ClaimStress : public ::testing::Test {
 protected:
  void SetUp() override { claim_fixture(20).write(dir); }
  [[nodiscard]] std::string status_path() const { return dir.path() + "/" + kStatusPath; }
  [[nodiscard]] std::vector<std::string> claim_args(int lane, const std::string& agent,
                                                    const std::string& now) const {
    return {"--root",
            dir.path(),
            "--now",
            now,
            "claim",
            "--kind",
            "lane",
            "--id",
            fmt::format("L{}", lane),
            "--agent-id",
            agent,
            "--summary",
            "stress " + agent,
            "--write",
            "--lock-timeout",
            "30"};
  }
  // (agent_id, claimed_at) of every claim in status.json; fails the test
  // when the file does not parse.
  [[nodiscard]] std::set<std::pair<std::string, std::string>> stored_claims() const {
    const std::string text = slurp(status_path());
    std::set<std::pair<std::string, std::string>> out;
    json j;
    try {
      j = json::parse(text);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "status.json does not parse: " << e.what() << "\n" << text.substr(0, 200);
      return out;
    }
    for (const auto& c : j["work_claims"]) {
      out.emplace(c["agent_id"].get<std::string>(), c["claimed_at"].get<std::string>());
    }
    return out;
  }
  TempDir dir;
};

TEST_F(ClaimStress, SixteenSimultaneousWritersAllLand) {
  constexpr int kWriters = 16;
  constexpr int kRounds = 5;
  // A reader beside the writers: every read must see a whole document.
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    while (!stop) {
      const std::string text = slurp(status_path());
      if (!json::accept(text)) ++torn;
      ++reads;
    }
  });
  for (int round = 0; round < kRounds; ++round) {
    // Each round three hours on: the previous round's two-hour leases have
    // expired, so every writer claims afresh.
    const std::string now = at_hours(1 + 3 * round);
    Starters starters;
    std::vector<pid_t> pids;
    for (int i = 0; i < kWriters; ++i) {
      pids.push_back(starters.add(claim_args(i + 1, fmt::format("agent-{}", i), now)));
    }
    starters.open_gate();
    for (const pid_t pid : pids) {
      const Outcome o = reap(pid);
      EXPECT_TRUE(o.exited && o.code == 0) << "round " << round << ": exit " << o.code;
    }
    const auto claims = stored_claims();
    int present = 0;
    for (int i = 0; i < kWriters; ++i) {
      present += static_cast<int>(claims.count({fmt::format("agent-{}", i), now}));
    }
    EXPECT_EQ(present, kWriters) << "round " << round;
    EXPECT_EQ(claims.size(), static_cast<std::size_t>(kWriters)) << "round " << round;
  }
  stop = true;
  reader.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(torn.load(), 0) << "a reader saw a partial status.json";
}

TEST_F(ClaimStress, KilledWritersNeverBreakTheFileOrLoseReportedClaims) {
  constexpr int kWriters = 8;
  constexpr int kIterations = 25;
  const unsigned seed = 20261122;
  std::mt19937 rng(seed);
  int killed_total = 0;
  int succeeded_total = 0;
  for (int iter = 0; iter < kIterations; ++iter) {
    const std::string now = at_hours(1 + 3 * iter);
    Starters starters;
    std::vector<pid_t> pids;
    for (int i = 0; i < kWriters; ++i) {
      pids.push_back(starters.add(claim_args(i + 1, fmt::format("k{}", i), now)));
    }
    starters.open_gate();
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 20000));
    for (const pid_t pid : pids) {
      if (rng() % 2 == 0) ::kill(pid, SIGKILL);
    }
    std::vector<std::string> succeeded;
    for (int i = 0; i < kWriters; ++i) {
      const Outcome o = reap(pids[static_cast<std::size_t>(i)]);
      if (o.exited) {
        EXPECT_EQ(o.code, 0) << "iteration " << iter << " writer " << i;
        if (o.code == 0) succeeded.push_back(fmt::format("k{}", i));
      } else {
        ++killed_total;
      }
    }
    succeeded_total += static_cast<int>(succeeded.size());
    const auto claims = stored_claims();  // must parse, whatever was killed when
    for (const auto& agent : succeeded) {
      EXPECT_TRUE(claims.count({agent, now}))
          << "iteration " << iter << " (seed " << seed << "): " << agent
          << " reported success but its claim is missing";
    }
  }
  EXPECT_GT(killed_total, 0);
  EXPECT_GT(succeeded_total, 0);
  // One more write clears the temporary files killed writers left behind.
  Starters last;
  const pid_t pid = last.add(claim_args(20, "closer", at_hours(1 + 3 * kIterations)));
  last.open_gate();
  EXPECT_EQ(reap(pid).code, 0);
  for (const auto& e : fs::directory_iterator(fs::path(status_path()).parent_path())) {
    EXPECT_EQ(e.path().filename().string().find(".relctl-"), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace relctl::test
