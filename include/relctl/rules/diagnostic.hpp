#pragma once
// A finding of a governance rule.
//
// `location` is the leading token of the message in the reference's report
// (`lanes[3].evidence[0]`, `status.json`, `lanes[L6]`, `coverage_gap`...):
// parity with the reference is judged on it. `path` is the real JSON path of
// the offending value, used to point at file:line:col. They usually agree;
// where the reference names an owner by id (`lanes[L6]`) they do not.
#include <string>
#include <vector>

#include "relctl/load/json_path.hpp"

namespace relctl::rules {

enum class Severity { kError, kWarning };

struct Diagnostic {
  std::string rule;  // stable id, e.g. "LANE-STATUS-ENUM" (docs/rules.md)
  Severity severity = Severity::kError;
  std::string file;      // repository-relative file the finding is about
  JsonPath path;         // where in that file
  std::string location;  // leading token of `text()`
  std::string message;   // our words, without the location

  [[nodiscard]] std::string text() const { return location + " " + message; }
};

class Diagnostics {
 public:
  explicit Diagnostics(std::string default_file = {}) : file_(std::move(default_file)) {}

  // An error at `path` whose message starts with `location`.
  void error(const char* rule, std::string location, JsonPath path, std::string message);
  // An error whose location token is the rendered path itself.
  void error_at(const char* rule, const JsonPath& path, std::string message);
  void warning(const char* rule, std::string location, JsonPath path, std::string message);

  [[nodiscard]] const std::vector<Diagnostic>& all() const { return items_; }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] std::size_t error_count() const;
  void set_file(std::string f) { file_ = std::move(f); }

 private:
  std::string file_;
  std::vector<Diagnostic> items_;
};

}  // namespace relctl::rules
