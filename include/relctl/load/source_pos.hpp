#pragma once
#include <cstdint>
#include <string>

namespace relctl {

// 1-based line and column; the column counts Unicode code points, so it
// matches what an editor shows for a UTF-8 file.
struct SourcePos {
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  [[nodiscard]] bool known() const { return line != 0; }
  [[nodiscard]] std::string str() const;  // "12:5"
};

}  // namespace relctl
