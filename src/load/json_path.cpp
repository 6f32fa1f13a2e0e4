#include "relctl/load/json_path.hpp"

#include <string>

namespace relctl {
namespace {

bool is_identifier(const std::string& k) {
  if (k.empty()) return false;
  for (char c : k) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '$';
    if (!ok) return false;
  }
  return true;
}

void append_quoted(std::string& out, const std::string& k) {
  out += "[\"";
  for (char c : k) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += "\"]";
}

}  // namespace

bool JsonPath::starts_with(const JsonPath& prefix) const {
  if (prefix.segments_.size() > segments_.size()) return false;
  for (std::size_t i = 0; i < prefix.segments_.size(); ++i) {
    if (segments_[i] != prefix.segments_[i]) return false;
  }
  return true;
}

std::string JsonPath::str() const {
  if (segments_.empty()) return "$";
  std::string out;
  bool first = true;
  for (const auto& seg : segments_) {
    if (const auto* k = std::get_if<std::string>(&seg)) {
      if (is_identifier(*k)) {
        if (!first) out += '.';
        out += *k;
      } else {
        append_quoted(out, *k);
      }
    } else {
      out += '[';
      out += std::to_string(std::get<std::size_t>(seg));
      out += ']';
    }
    first = false;
  }
  return out;
}

std::string JsonPath::pointer() const {
  std::string out;
  for (const auto& seg : segments_) {
    out += '/';
    if (const auto* k = std::get_if<std::string>(&seg)) {
      for (char c : *k) {
        if (c == '~') {
          out += "~0";
        } else if (c == '/') {
          out += "~1";
        } else {
          out += c;
        }
      }
    } else {
      out += std::to_string(std::get<std::size_t>(seg));
    }
  }
  return out;
}

}  // namespace relctl
