#include "relctl/report/json_writer.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

// Whether some byte of `s` needs an escape. Report strings are mostly long
// ASCII paths and sentences: sixteen bytes are tested per step.
bool needs_escape(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
#ifdef __SSE2__
  // As signed bytes, 0x20..0x7E are exactly those > 0x1F and < 0x7F.
  const __m128i low = _mm_set1_epi8(0x1F);
  const __m128i del = _mm_set1_epi8(0x7F);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= n; i += 16) {
    __m128i x;
    std::memcpy(&x, s.data() + i, sizeof x);
    const __m128i plain = _mm_and_si128(_mm_cmpgt_epi8(x, low), _mm_cmplt_epi8(x, del));
    const __m128i special = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash));
    if (_mm_movemask_epi8(_mm_andnot_si128(special, plain)) != 0xFFFF) return true;
  }
#endif
  for (; i < n; ++i) {
    if (kNeedsEscape[static_cast<unsigned char>(s[i])]) return true;
  }
  return false;
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

// Text is handed to `stream` (when there is one) in pieces of about this
// size, between the elements of an object or array: a report is never held
// whole as text (31 MB at x100 scale, on top of the report itself). The
// buffer stays below 1 MB, the size from which relctl's allocator hands
// blocks to malloc and its 4 KB pages (src/cli/heap.cpp): a 1 MB buffer
// cost the audit 75 page faults, about 0.8 ms (docs/performance.md).
constexpr std::size_t kPiece = std::size_t{1} << 19;

void hand_over(std::string& out, std::FILE* stream) {
  if (stream != nullptr && out.size() >= kPiece) {
    std::fwrite(out.data(), 1, out.size(), stream);
    out.clear();
  }
}

void write(std::string& out, const nlohmann::json& v, int indent, int level, std::FILE* stream) {
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
        append_json_string(out, it.key());
        out += indent >= 0 ? ": " : ":";
        write(out, it.value(), indent, level + 1, stream);
        hand_over(out, stream);
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
        write(out, e, indent, level + 1, stream);
        hand_over(out, stream);
      }
      if (indent >= 0) newline(out, indent, level);
      out += ']';
      return;
    }
    case T::string:
      append_json_string(out, v.get_ref<const std::string&>());
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

void append_json_string(std::string& out, std::string_view s) {
  if (needs_escape(s)) {
    out += nlohmann::json(std::string(s))
               .dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  out.append(s);
  out += '"';
}

void append_json(std::string& out, const nlohmann::json& value, int indent) {
  write(out, value, indent, 0, nullptr);
}

void write_json_nested(std::FILE* stream, const nlohmann::json& value, int indent, int level) {
  std::string out;
  out.reserve(kPiece + 4096);
  write(out, value, indent, level, stream);
  std::fwrite(out.data(), 1, out.size(), stream);
}

void write_json(std::FILE* stream, const nlohmann::json& value, int indent) {
  write_json_nested(stream, value, indent, 0);
  std::fputc('\n', stream);
}

void write_indented(std::FILE* stream, std::string_view text, std::size_t spaces) {
  std::string out;
  out.reserve(kPiece + 4096);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) {
      out.append(text.substr(at));
      break;
    }
    out.append(text.substr(at, nl + 1 - at)).append(spaces, ' ');
    at = nl + 1;
    hand_over(out, stream);
  }
  std::fwrite(out.data(), 1, out.size(), stream);
}

std::string to_json_text(const nlohmann::json& value, int indent) {
  std::string out;
  out.reserve(4096);
  append_json(out, value, indent);
  return out;
}

}  // namespace relctl::report
