#include "relctl/report/python_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string_view>
#include <vector>

namespace relctl::report {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Bytes a string cannot be copied with: control characters, the quote, the
// backslash, DEL and every byte of a non-ASCII character.
constexpr auto kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[static_cast<std::size_t>(c)] = c < 0x20 || c >= 0x7F || c == '"' || c == '\\';
  }
  return t;
}();

void append_unit(std::string& out, unsigned unit) {
  out += "\\u";
  out += kHex[(unit >> 12) & 0xF];
  out += kHex[(unit >> 8) & 0xF];
  out += kHex[(unit >> 4) & 0xF];
  out += kHex[unit & 0xF];
}

// One code point (or lone surrogate) as Python's ensure_ascii writes it.
void append_code_point(std::string& out, unsigned cp) {
  switch (cp) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    default:
      break;
  }
  if (cp >= 0x20 && cp < 0x7F) {
    out += static_cast<char>(cp);
  } else if (cp > 0xFFFF) {
    const unsigned v = cp - 0x10000;
    append_unit(out, 0xD800 + (v >> 10));
    append_unit(out, 0xDC00 + (v & 0x3FF));
  } else {
    append_unit(out, cp);
  }
}

// Decodes one code point of valid UTF-8 at s[i]; advances i.
unsigned decode_utf8(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  unsigned cp = len == 1 ? 0xFFFD : c & (len == 2 ? 0x1Fu : len == 3 ? 0x0Fu : 0x07u);
  for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  }
  i += len;
  return cp;
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    // Copy the run of plain ASCII in one go.
    std::size_t j = i;
    while (j < s.size() && !kNeedsEscape[static_cast<unsigned char>(s[j])]) ++j;
    out.append(s.data() + i, j - i);
    i = j;
    if (i < s.size()) append_code_point(out, decode_utf8(s, i));
  }
  out += '"';
}

unsigned hex4(std::string_view s, std::size_t at) {
  unsigned v = 0;
  for (std::size_t k = 0; k < 4 && at + k < s.size(); ++k) {
    const char c = s[at + k];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<unsigned>(c - 'A' + 10);
    }
  }
  return v;
}

// Re-encodes a string literal of the source text (from its opening quote),
// keeping lone surrogate escapes as Python does. Python joins a valid
// surrogate pair into one character, whose ensure_ascii form is that same
// pair again, so every \u escape comes out as the code unit it names (only
// ASCII ones turn back into characters or short escapes).
void append_source_string(std::string& out, std::string_view text, std::size_t open) {
  out += '"';
  std::size_t i = open + 1;
  while (i < text.size() && text[i] != '"') {
    if (text[i] != '\\') {
      append_code_point(out, decode_utf8(text, i));
      continue;
    }
    if (i + 1 >= text.size()) break;
    const char e = text[i + 1];
    i += 2;
    switch (e) {
      case 'b':
        out += "\\b";
        break;
      case 'f':
        out += "\\f";
        break;
      case 'n':
        out += "\\n";
        break;
      case 'r':
        out += "\\r";
        break;
      case 't':
        out += "\\t";
        break;
      case 'u': {
        const unsigned unit = hex4(text, i);
        i += 4;
        if (unit < 0x80) {
          append_code_point(out, unit);
        } else {
          append_unit(out, unit);
        }
        break;
      }
      default:  // \" \\ \/
        append_code_point(out, static_cast<unsigned char>(e));
        break;
    }
  }
  out += '"';
}

const char* const kReplacementChar = "\xEF\xBF\xBD";

bool has_replacement_char(std::string_view s) {
  return s.find(kReplacementChar) != std::string_view::npos;
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The opening quote of the member name in front of the value at `value_at`
// (`"name" : value`), or npos when the text does not look like that.
std::size_t key_literal_before(std::string_view text, std::size_t value_at) {
  std::size_t k = value_at;
  while (k > 0 && is_ws(text[k - 1])) --k;
  if (k == 0 || text[k - 1] != ':') return std::string_view::npos;
  --k;
  while (k > 0 && is_ws(text[k - 1])) --k;
  if (k == 0 || text[k - 1] != '"') return std::string_view::npos;
  const std::size_t close = k - 1;
  // The opening quote is the first quote to the left that no odd run of
  // backslashes escapes (inside a string every quote is escaped).
  for (std::size_t q = close; q > 0; --q) {
    if (text[q - 1] != '"') continue;
    std::size_t backslashes = 0;
    while (q - 1 >= backslashes + 1 && text[q - 2 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return q - 1;
  }
  return std::string_view::npos;
}

// The literal of a number at `at`, when the source holds an integer there
// (no fraction, no exponent): Python keeps those exact at any size.
std::optional<std::string_view> integer_literal(std::string_view text, std::size_t at) {
  std::size_t k = at;
  if (k < text.size() && text[k] == '-') ++k;
  const std::size_t digits = k;
  while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
  if (k == digits) return std::nullopt;
  if (k < text.size() && (text[k] == '.' || text[k] == 'e' || text[k] == 'E')) return std::nullopt;
  return text.substr(at, k - at);
}

template <class Int>
void append_int(std::string& out, Int v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

class Writer {
 public:
  Writer(std::string& out, const PyJsonOptions& opt, const SourceMap* src)
      : out_(out), opt_(opt), src_(src) {}

  void write(const Json& v, int level, std::optional<std::uint32_t> entry) {
    if (src_ != nullptr) {
      if (auto a = src_->anchored(&v)) entry = *a;
      if (entry && !source_matches(v, *entry)) entry.reset();
    }
    using T = Json::value_t;
    switch (v.type()) {
      case T::object:
        write_object(v, level, entry);
        return;
      case T::array:
        write_array(v, level, entry);
        return;
      case T::string: {
        const auto& s = v.get_ref<const std::string&>();
        if (entry && has_replacement_char(s)) {
          append_source_string(out_, src_->doc().text(), src_->doc().offset(*entry));
        } else {
          append_string(out_, s);
        }
        return;
      }
      case T::boolean:
        out_ += v.get<bool>() ? "true" : "false";
        return;
      case T::null:
        out_ += "null";
        return;
      case T::number_integer:
        append_int(out_, v.get<std::int64_t>());
        return;
      case T::number_unsigned:
        append_int(out_, v.get<std::uint64_t>());
        return;
      case T::number_float: {
        if (entry) {
          const auto& text = src_->doc().text();
          if (auto lit = integer_literal(text, src_->doc().offset(*entry))) {
            // Only integers beyond 64 bits are stored as doubles.
            out_.append(lit->data(), lit->size());
            return;
          }
        }
        const double d = v.get<double>();
        if (std::isnan(d)) {
          out_ += "NaN";
        } else if (std::isinf(d)) {
          out_ += d < 0 ? "-Infinity" : "Infinity";
        } else {
          out_ += py_float_repr(d);
        }
        return;
      }
      case T::binary:
      case T::discarded:
        out_ += "null";
        return;
    }
  }

 private:
  // Does the source text at `entry` start a value of v's kind? (Guards
  // against a wrong anchor: then the source is simply not used.)
  [[nodiscard]] bool source_matches(const Json& v, std::uint32_t entry) const {
    const auto& doc = src_->doc();
    if (entry >= doc.entry_count()) return false;
    const std::size_t at = doc.offset(entry);
    if (at >= doc.text().size()) return false;
    const char c = doc.text()[at];
    switch (v.type()) {
      case Json::value_t::object:
        return c == '{';
      case Json::value_t::array:
        return c == '[';
      case Json::value_t::string:
        return c == '"';
      case Json::value_t::number_float:
      case Json::value_t::number_integer:
      case Json::value_t::number_unsigned:
        return c == '-' || (c >= '0' && c <= '9') || c == 'N' || c == 'I';
      default:
        return true;
    }
  }

  [[nodiscard]] std::optional<std::uint32_t> child(std::optional<std::uint32_t> entry,
                                                   std::size_t k) const {
    if (!entry) return std::nullopt;
    return src_->doc().child_entry(*entry, k);
  }

  void newline(int level) {
    if (opt_.indent < 0) return;
    out_ += '\n';
    out_.append(static_cast<std::size_t>(opt_.indent) * static_cast<std::size_t>(level), ' ');
  }

  void separator(bool first) {
    if (first) return;
    out_ += opt_.indent < 0 ? ", " : ",";
  }

  void write_key(const std::string& key, std::optional<std::uint32_t> value_entry) {
    if (value_entry && has_replacement_char(key)) {
      const auto& text = src_->doc().text();
      const std::size_t open = key_literal_before(text, src_->doc().offset(*value_entry));
      if (open != std::string_view::npos) {
        append_source_string(out_, text, open);
        return;
      }
    }
    append_string(out_, key);
  }

  void write_object(const Json& v, int level, std::optional<std::uint32_t> entry) {
    if (v.empty()) {
      out_ += "{}";
      return;
    }
    out_ += '{';
    struct Member {
      const std::string* key;
      const Json* value;
      std::size_t index;
    };
    std::vector<Member> members;
    members.reserve(v.size());
    std::size_t k = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++k) members.push_back({&it.key(), &*it, k});
    if (opt_.sort_keys) {
      std::sort(members.begin(), members.end(),
                [](const Member& a, const Member& b) { return *a.key < *b.key; });
    }
    bool first = true;
    for (const auto& m : members) {
      separator(first);
      first = false;
      newline(level + 1);
      const auto value_entry = child(entry, m.index);
      write_key(*m.key, value_entry);
      out_ += ": ";
      write(*m.value, level + 1, value_entry);
    }
    newline(level);
    out_ += '}';
  }

  void write_array(const Json& v, int level, std::optional<std::uint32_t> entry) {
    if (v.empty()) {
      out_ += "[]";
      return;
    }
    out_ += '[';
    std::size_t k = 0;
    for (const auto& e : v) {
      separator(k == 0);
      newline(level + 1);
      write(e, level + 1, child(entry, k));
      ++k;
    }
    newline(level);
    out_ += ']';
  }

  std::string& out_;
  const PyJsonOptions& opt_;
  const SourceMap* src_;
};

void append_repr_string(std::string& out, const std::string& s) {
  // Python picks single quotes unless the text holds one and no double quote.
  const bool dq = s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
  const char q = dq ? '"' : '\'';
  out += q;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == static_cast<unsigned char>(q)) {
      out += '\\';
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
  out += q;
}

void append_repr(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::string:
      append_repr_string(out, v.get_ref<const std::string&>());
      return;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v) {
        if (!first) out += ", ";
        first = false;
        append_repr(out, e);
      }
      out += ']';
      return;
    }
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ", ";
        first = false;
        append_repr_string(out, it.key());
        out += ": ";
        append_repr(out, *it);
      }
      out += '}';
      return;
    }
    default:
      out += py_str(v);
      return;
  }
}

}  // namespace

std::string py_float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  // The shortest digits that read back to d (what Python's repr picks too),
  // in scientific form: "-d.ddde+XX".
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
  const std::size_t e = sci.find('e');
  std::string_view mant = sci.substr(0, e);
  int exp10 = 0;
  {
    std::string_view ex = sci.substr(e + 1);
    if (!ex.empty() && ex.front() == '+') ex.remove_prefix(1);
    std::from_chars(ex.data(), ex.data() + ex.size(), exp10);
  }
  std::string out;
  if (!mant.empty() && mant.front() == '-') {
    out += '-';
    mant.remove_prefix(1);
  }
  std::string digits;
  for (const char c : mant) {
    if (c != '.') digits += c;
  }
  // Python: exponent form when the decimal point would sit more than 16
  // places right of the first digit or 4 or more places left of it.
  const int decpt = exp10 + 1;
  if (decpt > 16 || decpt < -3) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out.append(digits, 1, std::string::npos);
    }
    out += 'e';
    out += exp10 < 0 ? '-' : '+';
    const int a = exp10 < 0 ? -exp10 : exp10;
    if (a < 10) out += '0';
    out += std::to_string(a);
  } else if (decpt <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-decpt), '0');
    out += digits;
  } else if (static_cast<std::size_t>(decpt) >= digits.size()) {
    out += digits;
    out.append(static_cast<std::size_t>(decpt) - digits.size(), '0');
    out += ".0";
  } else {
    out.append(digits, 0, static_cast<std::size_t>(decpt));
    out += '.';
    out.append(digits, static_cast<std::size_t>(decpt), std::string::npos);
  }
  return out;
}

std::string py_str(const Json& v) {
  switch (v.type()) {
    case Json::value_t::string:
      return v.get<std::string>();
    case Json::value_t::null:
    case Json::value_t::discarded:
      return "None";
    case Json::value_t::boolean:
      return v.get<bool>() ? "True" : "False";
    case Json::value_t::number_integer:
      return std::to_string(v.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return std::to_string(v.get<std::uint64_t>());
    case Json::value_t::number_float:
      return py_float_repr(v.get<double>());
    case Json::value_t::array:
    case Json::value_t::object:
    case Json::value_t::binary: {
      std::string out;
      append_repr(out, v);
      return out;
    }
  }
  return {};
}

void append_py_json(std::string& out, const Json& value, const PyJsonOptions& opt,
                    const SourceMap* source) {
  Writer w(out, opt, source);
  w.write(value, 0, source != nullptr ? std::optional<std::uint32_t>(0) : std::nullopt);
}

}  // namespace relctl::report
