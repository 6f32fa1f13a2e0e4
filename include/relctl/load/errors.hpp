#pragma once
// Errors raised while turning bytes on disk into a model. Every one names the
// file; when the problem has a place in the file, its JSON path and line:col.
#include <optional>
#include <stdexcept>
#include <string>

#include "relctl/load/json_path.hpp"
#include "relctl/load/source_pos.hpp"

namespace relctl {

class LoadError : public std::runtime_error {
 public:
  LoadError(std::string file, std::string message, SourcePos pos = {},
            std::optional<JsonPath> path = std::nullopt);

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::string& message() const { return message_; }
  [[nodiscard]] SourcePos pos() const { return pos_; }
  [[nodiscard]] const std::optional<JsonPath>& path() const { return path_; }

 private:
  std::string file_;
  std::string message_;
  SourcePos pos_;
  std::optional<JsonPath> path_;
};

// `file:line:col: path: message`, leaving out the parts that are unknown.
std::string format_location(const std::string& file, SourcePos pos,
                            const std::optional<JsonPath>& path);

}  // namespace relctl
