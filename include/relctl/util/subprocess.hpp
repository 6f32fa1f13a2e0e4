#pragma once
#include <string>
#include <vector>

namespace relctl {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv[0] (looked up in PATH) in `cwd` with the current environment
// minus the variables in `unset_env`; captures stdout and stderr. Never
// throws for a failing child; exit_code 127 when it cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::vector<std::string>& unset_env = {});

}  // namespace relctl
