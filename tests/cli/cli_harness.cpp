#include "cli_harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace relctl::test {

namespace fs = std::filesystem;

RunResult run_relctl(const std::vector<std::string>& args, const RunOptions& opts) {
  int out_pipe[2];
  int err_pipe[2];
  int in_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0 || pipe(in_pipe) != 0) {
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    posix_spawn_file_actions_addclose(&fa, fd);
  }
  if (!opts.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, opts.cwd.c_str());

  std::vector<std::string> argv_s = opts.wrapper;
  argv_s.push_back(RELCTL_BINARY);
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  // A minimal, predictable environment: tests never see the developer's
  // RELCTL_* or GIT_* settings unless they ask for them, and the schema
  // verdict cache is off unless a test turns it on.
  std::map<std::string, std::string> env_map{{"PATH", "/usr/local/bin:/usr/bin:/bin"},
                                             {"LANG", "C.UTF-8"},
                                             {"HOME", "/tmp"},
                                             {"RELCTL_NO_CACHE", "1"}};
  for (const char* keep : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
    if (const char* v = std::getenv(keep)) env_map[keep] = v;
  }
  for (const auto& [k, v] : opts.env) env_map[k] = v;
  std::vector<std::string> env_s;
  for (const auto& [k, v] : env_map) env_s.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = 0;
  const int rc =
      opts.wrapper.empty()
          ? posix_spawn(&pid, argv_s[0].c_str(), &fa, nullptr, argv.data(), envp.data())
          : posix_spawnp(&pid, argv_s[0].c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) throw std::runtime_error("posix_spawn failed");

  // Feed stdin and drain both outputs without deadlocking.
  RunResult r;
  std::size_t in_off = 0;
  if (opts.stdin_data.empty()) {
    close(in_pipe[1]);
    in_pipe[1] = -1;
  } else {
    fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
  }
  bool out_open = true;
  bool err_open = true;
  std::array<char, 65536> buf{};
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(opts.timeout_ms);
  while (out_open || err_open) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (in_pipe[1] >= 0) fds.push_back({in_pipe[1], POLLOUT, 0});
    int wait_ms = -1;
    if (opts.timeout_ms > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) {
        kill(pid, SIGKILL);
        r.timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(left);
    }
    if (poll(fds.data(), fds.size(), wait_ms) < 0) break;
    for (const auto& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == in_pipe[1]) {
        const ssize_t n =
            write(in_pipe[1], opts.stdin_data.data() + in_off, opts.stdin_data.size() - in_off);
        if (n > 0) in_off += static_cast<std::size_t>(n);
        if (n < 0 || in_off >= opts.stdin_data.size()) {
          close(in_pipe[1]);
          in_pipe[1] = -1;
        }
        continue;
      }
      const ssize_t n = read(p.fd, buf.data(), buf.size());
      std::string& dst = (p.fd == out_pipe[0]) ? r.out : r.err;
      if (n > 0) {
        dst.append(buf.data(), static_cast<std::size_t>(n));
      } else {
        (p.fd == out_pipe[0] ? out_open : err_open) = false;
      }
    }
  }
  if (in_pipe[1] >= 0) close(in_pipe[1]);
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.signaled = true;
    r.exit_code = 128 + WTERMSIG(status);
  }
  return r;
}

}  // namespace relctl::test
