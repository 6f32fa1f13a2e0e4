#pragma once
// Runs the real relctl binary as a child process and captures its output.
#include <map>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace relctl::test {

struct RunResult {
  int exit_code = -1;  // 128+N when killed by signal N
  bool signaled = false;
  bool timed_out = false;  // killed after RunOptions::timeout_ms
  std::string out;
  std::string err;
};

struct RunOptions {
  std::string cwd;                         // empty: inherit
  std::map<std::string, std::string> env;  // added to a minimal environment
  std::string stdin_data;
  // Killed (SIGKILL) when still running after this long; 0: no limit.
  int timeout_ms = 0;
  // Runs `wrapper... relctl args...` (e.g. setpriv to drop privileges).
  std::vector<std::string> wrapper;
};

RunResult run_relctl(const std::vector<std::string>& args, const RunOptions& opts = {});

}  // namespace relctl::test
