#pragma once
// Runs the real relctl binary as a child process and captures its output.
#include <map>
#include <string>
#include <vector>

namespace relctl::test {

struct RunResult {
  int exit_code = -1;  // 128+N when killed by signal N
  bool signaled = false;
  std::string out;
  std::string err;
};

struct RunOptions {
  std::string cwd;                           // empty: inherit
  std::map<std::string, std::string> env;    // added to a minimal environment
  std::string stdin_data;
};

RunResult run_relctl(const std::vector<std::string>& args, const RunOptions& opts = {});

// A fresh temporary directory, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }
  void write(const std::string& rel, const std::string& content) const;
  [[nodiscard]] std::string read(const std::string& rel) const;

 private:
  std::string path_;
};

// Copies the bundled example control plane (examples/<name>) into a temp dir.
void copy_tree(const std::string& from, const std::string& to);

}  // namespace relctl::test
