#include "relctl/report/json_writer.hpp"

#include <array>
#include <charconv>

namespace relctl::report {
namespace {

// Bytes a string cannot be copied with as they are: control characters, the
// quote, the backslash, DEL and anything outside ASCII (escaped as \uXXXX).
constexpr auto kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[static_cast<std::size_t>(c)] = c < 0x20 || c >= 0x7F || c == '"' || c == '\\';
  }
  return t;
}();

void append_string(std::string& out, const std::string& s) {
  for (const char c : s) {
    if (kNeedsEscape[static_cast<unsigned char>(c)]) {
      out += nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
      return;
    }
  }
  out += '"';
  out += s;
  out += '"';
}

template <class Int>
void append_int(std::string& out, Int v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void newline(std::string& out, int indent, int level) {
  out += '\n';
  out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(level), ' ');
}

void write(std::string& out, const nlohmann::json& v, int indent, int level) {
  using T = nlohmann::json::value_t;
  switch (v.type()) {
    case T::object: {
      if (v.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ',';
        first = false;
        if (indent >= 0) newline(out, indent, level + 1);
        append_string(out, it.key());
        out += indent >= 0 ? ": " : ":";
        write(out, it.value(), indent, level + 1);
      }
      if (indent >= 0) newline(out, indent, level);
      out += '}';
      return;
    }
    case T::array: {
      if (v.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& e : v) {
        if (!first) out += ',';
        first = false;
        if (indent >= 0) newline(out, indent, level + 1);
        write(out, e, indent, level + 1);
      }
      if (indent >= 0) newline(out, indent, level);
      out += ']';
      return;
    }
    case T::string:
      append_string(out, v.get_ref<const std::string&>());
      return;
    case T::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case T::number_integer:
      append_int(out, v.get<std::int64_t>());
      return;
    case T::number_unsigned:
      append_int(out, v.get<std::uint64_t>());
      return;
    case T::number_float:
    case T::binary:
    case T::discarded:
      out += v.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
      return;
    case T::null:
      out += "null";
      return;
  }
}

}  // namespace

void append_json(std::string& out, const nlohmann::json& value, int indent) {
  write(out, value, indent, 0);
}

std::string to_json_text(const nlohmann::json& value, int indent) {
  std::string out;
  out.reserve(4096);
  append_json(out, value, indent);
  return out;
}

}  // namespace relctl::report
