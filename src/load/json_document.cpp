#include "relctl/load/json_document.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "relctl/load/errors.hpp"
#include "relctl/util/utf8.hpp"

namespace relctl {
namespace {

// Bytes that end a run of ordinary characters inside a string: the closing
// quote, a backslash, and control characters (which must be escaped).
constexpr auto kStops = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}();

// Recursive-descent parser over a validated UTF-8 buffer. It builds the
// ordered_json value and, beside it, a tree of byte offsets.
class Parser {
 public:
  using PosEntry = JsonDocument::PosEntry;

  Parser(const std::string& text, const std::string& file, std::vector<std::uint32_t>& line_starts,
         std::vector<PosEntry>& entries, std::vector<std::uint32_t>& kids)
      : s_(text), file_(file), line_starts_(line_starts), entries_(entries), kids_(kids) {}

  void parse(Json& out) {
    skip_ws();
    if (i_ == s_.size()) fail("expected a JSON value, found the end of the file");
    value(out, 0);
    skip_ws();
    if (i_ != s_.size()) fail("expected the end of the file after the top-level value");
  }

 private:
  [[noreturn]] void fail(const std::string& msg) const { fail_at(i_, msg); }
  [[noreturn]] void fail_at(std::size_t off, const std::string& msg) const {
    std::vector<std::uint32_t> marks;
    throw LoadError(file_, msg, offset_to_pos(s_, line_starts_, marks, off));
  }

 public:
  // `starts` (where each line starts) and `marks` (code points before each
  // 4 KiB boundary) are built on first use and kept by the caller: with
  // them a position costs O(log lines + 4 KiB), also on a one-line file of
  // megabytes (a minified status.json), where counting from the line's
  // start made placing many findings quadratic.
  static SourcePos offset_to_pos(const std::string& s, std::vector<std::uint32_t>& starts,
                                 std::vector<std::uint32_t>& marks, std::size_t off) {
    if (starts.empty()) {
      starts.push_back(0);
      if (s.find('\r') == std::string::npos) {
        for (auto k = s.find('\n'); k != std::string::npos; k = s.find('\n', k + 1)) {
          starts.push_back(static_cast<std::uint32_t>(k + 1));
        }
      } else {
        for (std::size_t k = 0; k < s.size(); ++k) {
          // Python reads text with universal newlines: \n, \r\n and \r all end a line.
          if (s[k] == '\n') {
            starts.push_back(static_cast<std::uint32_t>(k + 1));
          } else if (s[k] == '\r') {
            if (k + 1 < s.size() && s[k + 1] == '\n') ++k;
            starts.push_back(static_cast<std::uint32_t>(k + 1));
          }
        }
      }
    }
    off = std::min(off, s.size());
    auto it = std::upper_bound(starts.begin(), starts.end(), static_cast<std::uint32_t>(off));
    const std::size_t line = static_cast<std::size_t>(it - starts.begin());
    const std::size_t begin = starts[line - 1];
    // Code points in [from, to): every byte that is not a UTF-8 continuation byte.
    auto count = [&s](std::size_t from, std::size_t to) {
      std::uint32_t n = 0;
      for (std::size_t k = from; k < to; ++k) {
        if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) ++n;
      }
      return n;
    };
    constexpr std::size_t kStep = 4096;
    if (off - begin <= kStep)
      return SourcePos{static_cast<std::uint32_t>(line), 1 + count(begin, off)};
    if (marks.empty()) {
      marks.reserve(s.size() / kStep + 1);
      marks.push_back(0);
      std::uint32_t n = 0;
      for (std::size_t b = 0; b + kStep <= s.size(); b += kStep) {
        n += count(b, b + kStep);
        marks.push_back(n);
      }
    }
    // Code points before x.
    auto before = [&](std::size_t x) { return marks[x / kStep] + count(x / kStep * kStep, x); };
    return SourcePos{static_cast<std::uint32_t>(line), 1 + before(off) - before(begin)};
  }

 private:
  void skip_ws() {
    const std::size_t n = s_.size();
    while (i_ < n) {
      const char c = s_[i_];
      if (c > ' ') return;  // most calls: no white space at all
      if (c == ' ') {
        ++i_;
      } else if (c == '\n' || c == '\r' || c == '\t') {
        ++i_;
#ifdef __SSE2__
        // The indentation after a line break, sixteen spaces per step.
        const __m128i space = _mm_set1_epi8(' ');
        while (i_ + 16 <= n) {
          const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s_.data() + i_));
          const unsigned mask =
              static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, space))) ^ 0xFFFFU;
          if (mask != 0) {
            i_ += static_cast<std::size_t>(__builtin_ctz(mask));
            break;
          }
          i_ += 16;
        }
#endif
      } else {
        return;
      }
    }
  }

  bool consume_literal(std::string_view lit) {
    if (s_.compare(i_, lit.size(), lit) == 0) {
      i_ += lit.size();
      return true;
    }
    return false;
  }

  void value(Json& out, std::size_t depth) {
    const auto me = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(PosEntry{static_cast<std::uint32_t>(i_), 0, 0});
    const char c = s_[i_];
    switch (c) {
      case '{':
        object(out, me, depth + 1);
        return;
      case '[':
        array(out, me, depth + 1);
        return;
      case '"': {
        out = Json::string_t();
        string(out.get_ref<Json::string_t&>());
        return;
      }
      case 't':
        if (consume_literal("true")) {
          out = true;
          return;
        }
        break;
      case 'f':
        if (consume_literal("false")) {
          out = false;
          return;
        }
        break;
      case 'n':
        if (consume_literal("null")) {
          out = nullptr;
          return;
        }
        break;
      case 'N':
        // Python's json module accepts these non-standard literals, so the
        // reference does; we read them too and let the rules judge them.
        if (consume_literal("NaN")) {
          out = std::numeric_limits<double>::quiet_NaN();
          return;
        }
        break;
      case 'I':
        if (consume_literal("Infinity")) {
          out = std::numeric_limits<double>::infinity();
          return;
        }
        break;
      case '-':
        if (consume_literal("-Infinity")) {
          out = -std::numeric_limits<double>::infinity();
          return;
        }
        number(out);
        return;
      default:
        if (c >= '0' && c <= '9') {
          number(out);
          return;
        }
        break;
    }
    fail(
        fmt::format("expected a JSON value (object, array, string, number, true, false or "
                    "null), found {}",
                    describe_here()));
  }

  std::string describe_here() const {
    if (i_ >= s_.size()) return "the end of the file";
    const unsigned char c = static_cast<unsigned char>(s_[i_]);
    if (c < 0x20 || c == 0x7f) return fmt::format("control character U+{:04X}", c);
    const std::size_t len = utf8::sequence_length(c);
    return fmt::format("'{}'", s_.substr(i_, len));
  }

  void check_depth(std::size_t depth) {
    if (depth > JsonDocument::kMaxDepth) {
      fail(fmt::format("nesting deeper than {} levels is not accepted", JsonDocument::kMaxDepth));
    }
  }

  // Members are collected on a scratch stack shared by all nesting levels and
  // moved into the object once it is complete, so the object's storage is
  // allocated once at its final size (ordered_map's keys are const: growing
  // it member by member copies every key at each reallocation).
  void object(Json& out, std::uint32_t me, std::size_t depth) {
    check_depth(depth);
    ++i_;  // '{'
    out = Json::object();
    const std::size_t mbase = members_.size();
    const std::size_t cbase = children_.size();
    // Large objects get an index so duplicate-key handling stays linear.
    std::unordered_map<std::string, std::size_t> index;
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return;
    }
    for (;;) {
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != '"') {
        fail(fmt::format("expected a member name in double quotes, found {}", describe_here()));
      }
      std::string key;
      string(key);
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != ':') {
        fail(fmt::format("expected ':' after member name, found {}", describe_here()));
      }
      ++i_;
      skip_ws();
      if (i_ >= s_.size()) fail("expected a value after ':', found the end of the file");
      Json member;
      const auto child = static_cast<std::uint32_t>(entries_.size());
      value(member, depth);
      // Duplicate key: the last value wins, at the first key's position (Python's dict).
      const std::size_t count = members_.size() - mbase;
      std::size_t slot = count;
      if (count < 16) {
        for (std::size_t k = 0; k < count; ++k) {
          if (members_[mbase + k].first == key) {
            slot = k;
            break;
          }
        }
      } else {
        if (index.empty()) {
          for (std::size_t k = 0; k < count; ++k) index.emplace(members_[mbase + k].first, k);
        }
        if (auto f = index.find(key); f != index.end()) slot = f->second;
      }
      if (slot == count) {
        if (!index.empty()) index.emplace(key, slot);
        members_.emplace_back(std::move(key), std::move(member));
        children_.push_back(child);
      } else {
        members_[mbase + slot].second = std::move(member);
        children_[cbase + slot] = child;
      }
      skip_ws();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        break;
      }
      fail(fmt::format("expected ',' or '}}' after an object member, found {}", describe_here()));
    }
    auto& obj = out.get_ref<Json::object_t&>();
    obj.reserve(members_.size() - mbase);
    for (std::size_t k = mbase; k < members_.size(); ++k) {
      obj.emplace_back(std::move(members_[k].first), std::move(members_[k].second));
    }
    members_.resize(mbase);
    close_children(me, cbase);
  }

  void array(Json& out, std::uint32_t me, std::size_t depth) {
    check_depth(depth);
    ++i_;  // '['
    out = Json::array();
    auto& arr = out.get_ref<Json::array_t&>();
    const std::size_t cbase = children_.size();
    skip_ws();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return;
    }
    for (;;) {
      skip_ws();
      if (i_ >= s_.size()) fail("expected an array element, found the end of the file");
      children_.push_back(static_cast<std::uint32_t>(entries_.size()));
      arr.emplace_back();
      value(arr.back(), depth);
      skip_ws();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        break;
      }
      fail(fmt::format("expected ',' or ']' after an array element, found {}", describe_here()));
    }
    close_children(me, cbase);
  }

  // Moves the container's children from the scratch stack to kids_.
  void close_children(std::uint32_t me, std::size_t cbase) {
    entries_[me].kids_begin = static_cast<std::uint32_t>(kids_.size());
    entries_[me].kids_count = static_cast<std::uint32_t>(children_.size() - cbase);
    kids_.insert(kids_.end(), children_.begin() + static_cast<std::ptrdiff_t>(cbase),
                 children_.end());
    children_.resize(cbase);
  }

  unsigned hex4(std::size_t at) const {
    if (at + 4 > s_.size()) fail_at(at, "expected four hex digits after \\u");
    unsigned v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = s_[at + k];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<unsigned>(c - 'A' + 10);
      } else {
        fail_at(at, "expected four hex digits after \\u");
      }
    }
    return v;
  }

  // The end of the run of ordinary bytes starting at `from`.
  [[nodiscard]] std::size_t plain_run_end(std::size_t from) const {
    std::size_t k = from;
#ifdef __SSE2__
    // Sixteen bytes per step: a quote, a backslash or a byte <= 0x1F stops.
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i control_max = _mm_set1_epi8(0x1F);
    while (k + 16 <= s_.size()) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s_.data() + k));
      const __m128i stop =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                       _mm_cmpeq_epi8(_mm_max_epu8(x, control_max), control_max));
      const int mask = _mm_movemask_epi8(stop);
      if (mask != 0)
        return k + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
      k += 16;
    }
#endif
    while (k < s_.size() && !kStops[static_cast<unsigned char>(s_[k])]) ++k;
    return k;
  }

  void string(std::string& out) {
    const std::size_t start = i_;
    ++i_;  // opening quote
    for (;;) {
      // Copy the run of ordinary bytes in one go.
      const std::size_t run = plain_run_end(i_);
      out.append(s_, i_, run - i_);
      i_ = run;
      if (i_ >= s_.size()) fail_at(start, "unterminated string: the closing '\"' is missing");
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return;
      }
      if (c < 0x20) {
        fail(fmt::format("control character U+{:04X} must be escaped inside a string", c));
      }
      // Backslash escape.
      if (i_ + 1 >= s_.size()) fail_at(start, "unterminated string: the closing '\"' is missing");
      const char e = s_[i_ + 1];
      i_ += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned cp = hex4(i_);
          i_ += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF && i_ + 6 <= s_.size() && s_[i_] == '\\' &&
              s_[i_ + 1] == 'u') {
            const unsigned lo = hex4(i_ + 2);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              i_ += 6;
            }
          }
          // A lone surrogate cannot be stored as UTF-8; it becomes U+FFFD
          // (docs/json-dialect.md).
          if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
          utf8::append(out, cp);
          break;
        }
        default:
          i_ -= 2;
          fail(fmt::format("invalid escape sequence '\\{}' in a string",
                           describe_char(static_cast<unsigned char>(e))));
      }
    }
  }

  static std::string describe_char(unsigned char c) {
    if (c < 0x20 || c >= 0x7f) return fmt::format("\\x{:02x}", c);
    return std::string(1, static_cast<char>(c));
  }

  void number(Json& out) {
    const std::size_t start = i_;
    if (s_[i_] == '-') ++i_;
    if (i_ >= s_.size() || s_[i_] < '0' || s_[i_] > '9') {
      fail("expected a digit in a number");
    }
    if (s_[i_] == '0') {
      ++i_;
    } else {
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    }
    bool is_float = false;
    if (i_ < s_.size() && s_[i_] == '.') {
      if (i_ + 1 >= s_.size() || s_[i_ + 1] < '0' || s_[i_ + 1] > '9') {
        // Python stops the number before the '.', then fails on the '.'.
        ++i_;
        fail("expected a digit after the decimal point");
      }
      is_float = true;
      ++i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      std::size_t k = i_ + 1;
      if (k < s_.size() && (s_[k] == '+' || s_[k] == '-')) ++k;
      if (k < s_.size() && s_[k] >= '0' && s_[k] <= '9') {
        is_float = true;
        i_ = k;
        while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      }
    }
    const char* first = s_.data() + start;
    const char* last = s_.data() + i_;
    if (!is_float) {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(first, last, v);
      if (ec == std::errc() && p == last) {
        out = v;
        return;
      }
      std::uint64_t u = 0;
      auto [p2, ec2] = std::from_chars(first, last, u);
      if (ec2 == std::errc() && p2 == last) {
        out = u;
        return;
      }
      // Beyond 64 bits: kept as the nearest double (docs/json-dialect.md).
    }
    double d = 0;
    auto [p, ec] = std::from_chars(first, last, d);
    if (ec == std::errc::result_out_of_range) {
      // Python turns an overflowing literal into +/-inf and an underflow into 0.
      d = (*first == '-') ? -std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::infinity();
      // from_chars reports underflow as out of range too: tell them apart by the exponent sign.
      const std::string_view lit(first, static_cast<std::size_t>(last - first));
      const auto e = lit.find_first_of("eE");
      if (e != std::string_view::npos && e + 1 < lit.size() && lit[e + 1] == '-') {
        d = (*first == '-') ? -0.0 : 0.0;
      }
    } else if (ec != std::errc() || p != last) {
      fail_at(start, "malformed number");
    }
    out = d;
  }

  const std::string& s_;
  const std::string& file_;
  std::vector<std::uint32_t>& line_starts_;
  std::vector<PosEntry>& entries_;
  std::vector<std::uint32_t>& kids_;
  std::vector<std::pair<std::string, Json>> members_;  // open objects' members
  std::vector<std::uint32_t> children_;                // open containers' children
  std::size_t i_ = 0;
};

}  // namespace

JsonDocument::JsonDocument(JsonDocument&&) noexcept = default;
JsonDocument& JsonDocument::operator=(JsonDocument&&) noexcept = default;
JsonDocument::~JsonDocument() = default;

JsonDocument JsonDocument::parse(std::string text, std::string file) {
  JsonDocument doc;
  doc.file_ = std::move(file);
  doc.text_ = std::move(text);
  const std::string& s = doc.text_;
  if (s.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw LoadError(doc.file_, "file is larger than 4 GiB");
  }
  if (s.empty()) throw LoadError(doc.file_, "file is empty; expected a JSON value");
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF &&
      static_cast<unsigned char>(s[1]) == 0xBB && static_cast<unsigned char>(s[2]) == 0xBF) {
    throw LoadError(doc.file_,
                    "file starts with a UTF-8 byte order mark; save it as UTF-8 without a BOM",
                    SourcePos{1, 1});
  }
  if (auto bad = utf8::first_invalid(s)) {
    throw LoadError(doc.file_,
                    fmt::format("invalid UTF-8: byte 0x{:02x} at offset {} is not part of a valid "
                                "UTF-8 sequence",
                                static_cast<unsigned char>(s[*bad]), *bad),
                    Parser::offset_to_pos(s, doc.line_starts_, doc.cp_marks_, *bad));
  }
  // About one value per 12 bytes in real control files; a guess, not a limit.
  doc.entries_.reserve(s.size() / 12 + 16);
  doc.kids_.reserve(s.size() / 12 + 16);
  Parser p(s, doc.file_, doc.line_starts_, doc.entries_, doc.kids_);
  p.parse(doc.root_);
  return doc;
}

SourcePos JsonDocument::pos_of_offset(std::size_t offset) const {
  return Parser::offset_to_pos(text_, line_starts_, cp_marks_, offset);
}

std::optional<std::uint32_t> JsonDocument::entry_of(const JsonPath& path) const {
  if (entries_.empty()) return std::nullopt;
  const Json* node = &root_;
  std::uint32_t entry = 0;
  for (const auto& seg : path.segments()) {
    std::size_t slot = 0;
    if (const auto* k = std::get_if<std::string>(&seg)) {
      if (!node->is_object()) return std::nullopt;
      auto it = node->begin();
      for (; it != node->end() && it.key() != *k; ++it) ++slot;
      if (it == node->end()) return std::nullopt;
      node = &*it;
    } else {
      slot = std::get<std::size_t>(seg);
      if (!node->is_array() || slot >= node->size()) return std::nullopt;
      node = &(*node)[slot];
    }
    const PosEntry& pos = entries_[entry];
    if (slot >= pos.kids_count) return std::nullopt;
    entry = kids_[pos.kids_begin + slot];
  }
  return entry;
}

SourcePos JsonDocument::locate(const JsonPath& path) const {
  if (entries_.empty()) return SourcePos{1, 1};
  const Json* node = &root_;
  const PosEntry* pos = &entries_[0];
  for (const auto& seg : path.segments()) {
    std::size_t slot = 0;
    if (const auto* k = std::get_if<std::string>(&seg)) {
      if (!node->is_object()) break;
      bool found = false;
      for (auto it = node->begin(); it != node->end(); ++it, ++slot) {
        if (it.key() == *k) {
          found = true;
          node = &*it;
          break;
        }
      }
      if (!found) break;
    } else {
      slot = std::get<std::size_t>(seg);
      if (!node->is_array() || slot >= node->size()) break;
      node = &(*node)[slot];
    }
    if (slot >= pos->kids_count) break;
    pos = &entries_[kids_[pos->kids_begin + slot]];
  }
  return pos_of_offset(pos->offset);
}

}  // namespace relctl
