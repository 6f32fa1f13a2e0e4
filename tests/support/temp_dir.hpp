#pragma once
#include <string>

namespace relctl::test {

// A fresh temporary directory, removed (permissions restored first) when the
// object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }
  // Writes `content` to path()/rel, creating parent directories.
  void write(const std::string& rel, const std::string& content) const;
  [[nodiscard]] std::string read(const std::string& rel) const;

 private:
  std::string path_;
};

// Copies a directory tree (e.g. examples/harbor) to `to`.
void copy_tree(const std::string& from, const std::string& to);

// Runs a shell command line (for git set-up in tests); returns its exit status.
int shell(const std::string& command);

}  // namespace relctl::test
