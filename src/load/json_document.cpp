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

}  // namespace

// Recursive-descent parser over a validated UTF-8 buffer. It appends one
// node per value to the document's node array (in the order it meets them,
// so a node's index is its entry) and, per container, its children to a
// scratch stack until the container closes; finish() then turns indices
// into pointers.
class JsonTapeBuilder {
 public:
  using Data = JsonDocument::Data;
  using value_t = JsonNode::value_t;

  explicit JsonTapeBuilder(Data& d) : d_(d), s_(d.text), file_(d.file) {}

  void parse() {
    skip_ws();
    if (i_ == s_.size()) fail("expected a JSON value, found the end of the file");
    value(0);
    skip_ws();
    if (i_ != s_.size()) fail("expected the end of the file after the top-level value");
    finish();
  }

 private:
  [[noreturn]] void fail(const std::string& msg) const { fail_at(i_, msg); }
  [[noreturn]] void fail_at(std::size_t off, const std::string& msg) const {
    std::vector<std::uint32_t> marks;
    throw LoadError(file_, msg, offset_to_pos(s_, d_.line_starts, marks, off));
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

  JsonNode& node(std::uint32_t k) { return d_.nodes[k]; }

  void value(std::size_t depth) {
    const auto me = static_cast<std::uint32_t>(d_.nodes.size());
    d_.nodes.emplace_back();
    d_.offsets.push_back(static_cast<std::uint32_t>(i_));
    const char c = s_[i_];
    switch (c) {
      case '{':
        object(me, depth + 1);
        return;
      case '[':
        array(me, depth + 1);
        return;
      case '"': {
        const std::string_view v = string();
        node(me).type_ = value_t::string;
        node(me).n_ = static_cast<std::uint32_t>(v.size());
        node(me).u_.str = v.data();
        return;
      }
      case 't':
        if (consume_literal("true")) {
          node(me).type_ = value_t::boolean;
          node(me).u_.b = true;
          return;
        }
        break;
      case 'f':
        if (consume_literal("false")) {
          node(me).type_ = value_t::boolean;
          node(me).u_.b = false;
          return;
        }
        break;
      case 'n':
        if (consume_literal("null")) return;  // a node is null until set
        break;
      case 'N':
        // Python's json module accepts these non-standard literals, so the
        // reference does; we read them too and let the rules judge them.
        if (consume_literal("NaN")) {
          set_double(me, std::numeric_limits<double>::quiet_NaN());
          return;
        }
        break;
      case 'I':
        if (consume_literal("Infinity")) {
          set_double(me, std::numeric_limits<double>::infinity());
          return;
        }
        break;
      case '-':
        if (consume_literal("-Infinity")) {
          set_double(me, -std::numeric_limits<double>::infinity());
          return;
        }
        number(me);
        return;
      default:
        if (c >= '0' && c <= '9') {
          number(me);
          return;
        }
        break;
    }
    fail(
        fmt::format("expected a JSON value (object, array, string, number, true, false or "
                    "null), found {}",
                    describe_here()));
  }

  void set_double(std::uint32_t me, double d) {
    node(me).type_ = value_t::number_float;
    node(me).u_.d = d;
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

  // Children are collected on a scratch stack shared by all nesting levels
  // and moved to the document's child table when the container closes, so
  // each container's children sit together.
  void object(std::uint32_t me, std::size_t depth) {
    check_depth(depth);
    ++i_;  // '{'
    const std::size_t base = open_.size();
    // Large objects get an index so duplicate-key handling stays linear.
    std::unordered_map<std::string_view, std::size_t> index;
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      close(me, value_t::object, base);
      return;
    }
    for (;;) {
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != '"') {
        fail(fmt::format("expected a member name in double quotes, found {}", describe_here()));
      }
      const std::string_view key = string();
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != ':') {
        fail(fmt::format("expected ':' after member name, found {}", describe_here()));
      }
      ++i_;
      skip_ws();
      if (i_ >= s_.size()) fail("expected a value after ':', found the end of the file");
      const auto child = static_cast<std::uint32_t>(d_.nodes.size());
      value(depth);
      // Duplicate key: the last value wins, at the first key's position (Python's dict).
      const std::size_t count = open_.size() - base;
      std::size_t slot = count;
      if (count < 16) {
        for (std::size_t k = 0; k < count; ++k) {
          if (open_[base + k].key == key) {
            slot = k;
            break;
          }
        }
      } else {
        if (index.empty()) {
          for (std::size_t k = 0; k < count; ++k) index.emplace(open_[base + k].key, k);
        }
        if (auto f = index.find(key); f != index.end()) slot = f->second;
      }
      if (slot == count) {
        if (!index.empty()) index.emplace(key, slot);
        open_.push_back(Open{key, child});
      } else {
        open_[base + slot].value = child;
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
    close(me, value_t::object, base);
  }

  void array(std::uint32_t me, std::size_t depth) {
    check_depth(depth);
    ++i_;  // '['
    const std::size_t base = open_.size();
    skip_ws();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      close(me, value_t::array, base);
      return;
    }
    for (;;) {
      skip_ws();
      if (i_ >= s_.size()) fail("expected an array element, found the end of the file");
      open_.push_back(Open{{}, static_cast<std::uint32_t>(d_.nodes.size())});
      value(depth);
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
    close(me, value_t::array, base);
  }

  // Moves the container's children from the scratch stack to the document's
  // child table (values as entries until finish()).
  void close(std::uint32_t me, value_t type, std::size_t base) {
    JsonNode& n = node(me);
    n.type_ = type;
    n.n_ = static_cast<std::uint32_t>(open_.size() - base);
    n.u_.index = d_.kids.size();
    for (std::size_t k = base; k < open_.size(); ++k) {
      d_.kids.push_back(JsonMember{open_[k].key, nullptr});
      kid_entries_.push_back(open_[k].value);
    }
    open_.resize(base);
  }

  // Indices become pointers, now that the arrays have stopped growing.
  void finish() {
    JsonNode* nodes = d_.nodes.data();
    for (std::size_t k = 0; k < d_.kids.size(); ++k) d_.kids[k].value = nodes + kid_entries_[k];
    for (JsonNode& n : d_.nodes) {
      if (n.is_structured()) n.u_.kids = d_.kids.data() + n.u_.index;
    }
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

  // A string's text: a view into the file's text when it has no escape
  // (nearly always), else into the document's store of decoded strings.
  std::string_view string() {
    const std::size_t start = i_;
    ++i_;  // opening quote
    const std::size_t run = plain_run_end(i_);
    if (run < s_.size() && s_[run] == '"') {
      i_ = run + 1;
      return std::string_view(s_).substr(start + 1, run - start - 1);
    }
    std::string& out = d_.decoded.emplace_back();
    for (;;) {
      // Copy the run of ordinary bytes in one go.
      const std::size_t end = plain_run_end(i_);
      out.append(s_, i_, end - i_);
      i_ = end;
      if (i_ >= s_.size()) fail_at(start, "unterminated string: the closing '\"' is missing");
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return out;
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

  void number(std::uint32_t me) {
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
        node(me).type_ = value_t::number_integer;
        node(me).u_.i = v;
        return;
      }
      std::uint64_t u = 0;
      auto [p2, ec2] = std::from_chars(first, last, u);
      if (ec2 == std::errc() && p2 == last) {
        node(me).type_ = value_t::number_unsigned;
        node(me).u_.u = u;
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
    set_double(me, d);
  }

  struct Open {
    std::string_view key;  // empty for array elements
    std::uint32_t value;   // entry
  };

  Data& d_;
  const std::string& s_;
  const std::string& file_;
  std::vector<Open> open_;                  // open containers' children
  std::vector<std::uint32_t> kid_entries_;  // entry of each child in d_.kids
  std::size_t i_ = 0;
};

JsonDocument::JsonDocument(JsonDocument&&) noexcept = default;
JsonDocument& JsonDocument::operator=(JsonDocument&&) noexcept = default;
JsonDocument::~JsonDocument() = default;

JsonDocument JsonDocument::parse(std::string text, std::string file) {
  JsonDocument doc;
  Data& d = *doc.d_;
  d.file = std::move(file);
  d.text = std::move(text);
  const std::string& s = d.text;
  if (s.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw LoadError(d.file, "file is larger than 4 GiB");
  }
  if (s.empty()) throw LoadError(d.file, "file is empty; expected a JSON value");
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF &&
      static_cast<unsigned char>(s[1]) == 0xBB && static_cast<unsigned char>(s[2]) == 0xBF) {
    throw LoadError(d.file,
                    "file starts with a UTF-8 byte order mark; save it as UTF-8 without a BOM",
                    SourcePos{1, 1});
  }
  if (auto bad = utf8::first_invalid(s)) {
    throw LoadError(d.file,
                    fmt::format("invalid UTF-8: byte 0x{:02x} at offset {} is not part of a valid "
                                "UTF-8 sequence",
                                static_cast<unsigned char>(s[*bad]), *bad),
                    JsonTapeBuilder::offset_to_pos(s, d.line_starts, d.cp_marks, *bad));
  }
  // Real control files hold one value per 40 to 60 bytes; a guess, not a
  // limit (denser text grows the arrays). Reserving for many more values
  // cost memory at every size: the heap backs what follows in huge pages.
  const std::size_t guess = s.size() / 32 + 16;
  d.nodes.reserve(guess);
  d.offsets.reserve(guess);
  d.kids.reserve(guess);
  JsonTapeBuilder(d).parse();
  return doc;
}

JsonDocument JsonDocument::from_json(const Json& value, std::string file) {
  JsonDocument doc;
  Data& d = *doc.d_;
  d.file = std::move(file);
  // Counted first: children point into `nodes` and `kids`, which therefore
  // never move once reserved. Breadth first, without recursion.
  std::size_t count = 0;
  for (std::vector<const Json*> todo{&value}; !todo.empty();) {
    const Json* j = todo.back();
    todo.pop_back();
    ++count;
    if (j->is_structured()) {
      for (const auto& c : *j) todo.push_back(&c);
    }
  }
  d.nodes.reserve(count);
  d.kids.reserve(count);
  d.offsets.assign(count, 0);
  auto add = [&d](const Json& j) -> JsonNode& {
    JsonNode& n = d.nodes.emplace_back();
    switch (j.type()) {
      case Json::value_t::boolean:
        n.type_ = Json::value_t::boolean;
        n.u_.b = j.get<bool>();
        break;
      case Json::value_t::number_integer:
        n.type_ = Json::value_t::number_integer;
        n.u_.i = j.get<std::int64_t>();
        break;
      case Json::value_t::number_unsigned:
        n.type_ = Json::value_t::number_unsigned;
        n.u_.u = j.get<std::uint64_t>();
        break;
      case Json::value_t::number_float:
        n.type_ = Json::value_t::number_float;
        n.u_.d = j.get<double>();
        break;
      case Json::value_t::string: {
        const std::string& s = d.decoded.emplace_back(j.get_ref<const std::string&>());
        n = JsonNode::string_view_of(s);
        break;
      }
      case Json::value_t::array:
      case Json::value_t::object:
        n.type_ = j.type();
        break;
      default:  // null, and what JSON text cannot hold (binary, discarded)
        break;
    }
    return n;
  };
  std::vector<std::pair<const Json*, JsonNode*>> queue{{&value, &add(value)}};
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const auto [j, node] = queue[q];
    if (!j->is_structured()) continue;
    const std::size_t first = d.kids.size();
    for (auto it = j->begin(); it != j->end(); ++it) {
      std::string_view key;
      if (j->is_object()) key = d.decoded.emplace_back(it.key());
      JsonNode& child = add(it.value());
      d.kids.push_back({key, &child});
      queue.emplace_back(&it.value(), &child);
    }
    node->n_ = static_cast<std::uint32_t>(d.kids.size() - first);
    node->u_.kids = d.kids.data() + first;
  }
  return doc;
}

const Json& JsonDocument::json() const {
  if (!d_->json) d_->json = root().to_json();
  return *d_->json;
}

Json& JsonDocument::mutable_json() {
  if (!d_->json) d_->json = root().to_json();
  return *d_->json;
}

SourcePos JsonDocument::pos_of_offset(std::size_t offset) const {
  return JsonTapeBuilder::offset_to_pos(d_->text, d_->line_starts, d_->cp_marks, offset);
}

std::optional<std::uint32_t> JsonDocument::child_entry(std::uint32_t e, std::size_t k) const {
  const JsonNode& n = d_->nodes[e];
  if (k >= n.size()) return std::nullopt;
  return entry_of(*n.members()[k].value);
}

namespace {

// The child of `n` that the path segment names, or nullptr.
const JsonNode* step(const JsonNode& n, const JsonPath::Segment& seg) {
  if (const auto* k = std::get_if<std::string>(&seg)) return n.find(*k);
  const std::size_t i = std::get<std::size_t>(seg);
  if (!n.is_array() || i >= n.size()) return nullptr;
  return &n[i];
}

}  // namespace

std::optional<std::uint32_t> JsonDocument::entry_of(const JsonPath& path) const {
  const JsonNode* n = &root();
  for (const auto& seg : path.segments()) {
    n = step(*n, seg);
    if (n == nullptr) return std::nullopt;
  }
  return entry_of(*n);
}

SourcePos JsonDocument::locate(const JsonPath& path) const {
  const JsonNode* n = &root();
  for (const auto& seg : path.segments()) {
    const JsonNode* next = step(*n, seg);
    if (next == nullptr) break;
    n = next;
  }
  return pos_of_offset(offset_of(*n));
}

// JsonNode

const char* JsonNode::type_name() const {
  switch (type_) {
    case value_t::null:
      return "null";
    case value_t::boolean:
      return "boolean";
    case value_t::string:
      return "string";
    case value_t::array:
      return "array";
    case value_t::object:
      return "object";
    case value_t::number_integer:
    case value_t::number_unsigned:
    case value_t::number_float:
      return "number";
    default:
      return "null";
  }
}

double JsonNode::number() const {
  switch (type_) {
    case value_t::number_integer:
      return static_cast<double>(u_.i);
    case value_t::number_unsigned:
      return static_cast<double>(u_.u);
    case value_t::number_float:
      return u_.d;
    default:
      return 0;
  }
}

const JsonNode& JsonNode::empty_object() {
  static const JsonNode empty = [] {
    JsonNode n;
    n.type_ = value_t::object;
    n.u_.kids = nullptr;
    return n;
  }();
  return empty;
}

JsonNode JsonNode::string_view_of(std::string_view s) {
  JsonNode n;
  n.type_ = value_t::string;
  n.n_ = static_cast<std::uint32_t>(std::min<std::size_t>(s.size(), UINT32_MAX));
  n.u_.str = s.data();
  return n;
}

const JsonNode* JsonNode::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const JsonMember& m : members()) {
    if (m.key == key) return m.value;
  }
  return nullptr;
}

Json JsonNode::to_json() const {
  switch (type_) {
    case value_t::null:
      return Json(nullptr);
    case value_t::boolean:
      return Json(u_.b);
    case value_t::string:
      return Json(std::string(str()));
    case value_t::number_integer:
      return Json(u_.i);
    case value_t::number_unsigned:
      return Json(u_.u);
    case value_t::number_float:
      return Json(u_.d);
    case value_t::array: {
      Json a = Json::array();
      auto& v = a.get_ref<Json::array_t&>();
      v.reserve(n_);
      for (const JsonNode& e : *this) v.push_back(e.to_json());
      return a;
    }
    case value_t::object: {
      Json o = Json::object();
      auto& v = o.get_ref<Json::object_t&>();
      v.reserve(n_);
      for (const JsonMember& m : members()) v.emplace_back(std::string(m.key), m.value->to_json());
      return o;
    }
    default:
      return Json(nullptr);
  }
}

nlohmann::json JsonNode::to_plain_json() const {
  switch (type_) {
    case value_t::boolean:
      return u_.b;
    case value_t::string:
      return std::string(str());
    case value_t::number_integer:
      return u_.i;
    case value_t::number_unsigned:
      return u_.u;
    case value_t::number_float:
      return u_.d;
    case value_t::array: {
      nlohmann::json a = nlohmann::json::array();
      auto& v = a.get_ref<nlohmann::json::array_t&>();
      v.reserve(n_);
      for (const JsonNode& e : *this) v.push_back(e.to_plain_json());
      return a;
    }
    case value_t::object: {
      nlohmann::json o = nlohmann::json::object();
      auto& m = o.get_ref<nlohmann::json::object_t&>();
      // Written sorted (relctl's writers sort), each key goes in at the end.
      for (const JsonMember& e : members()) {
        m.insert_or_assign(m.end(), std::string(e.key), e.value->to_plain_json());
      }
      return o;
    }
    default:
      return nullptr;
  }
}

}  // namespace relctl
