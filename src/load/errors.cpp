#include "relctl/load/errors.hpp"

#include <fmt/format.h>

namespace relctl {

std::string SourcePos::str() const { return fmt::format("{}:{}", line, col); }

std::string format_location(const std::string& file, SourcePos pos,
                            const std::optional<JsonPath>& path) {
  // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, wrongly) about
  // `":" + string` here.
  std::string out = file;
  if (pos.known()) {
    out += ':';
    out += pos.str();
  }
  if (path) {
    out += ": ";
    out += path->str();
  }
  return out;
}

LoadError::LoadError(std::string file, std::string message, SourcePos pos,
                     std::optional<JsonPath> path)
    : std::runtime_error(format_location(file, pos, path) + ": " + message),
      file_(std::move(file)),
      message_(std::move(message)),
      pos_(pos),
      path_(std::move(path)) {}

}  // namespace relctl
