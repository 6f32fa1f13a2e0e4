// ECMA-262 patterns for JSON Schema, matched by NFA simulation: see regex.hpp.
#include "relctl/schema/regex.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace relctl::schema {
namespace {

using Range = Regex::Range;
using Inst = Regex::Inst;

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr char32_t kNone = 0xFFFFFFFF;  // "no character": before the start, after the end
constexpr std::size_t kMaxProgram = 20000;
constexpr int kMaxNesting = 100;
constexpr int kUnbounded = -1;

// ---------------------------------------------------------------------------
// UTF-8

// Decodes the code point at `i` and advances `i`. Anything that is not a
// well-formed sequence reads as U+FFFD and advances one byte.
char32_t decode(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > kMaxCodePoint || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

// ---------------------------------------------------------------------------
// Character sets

std::vector<Range> normalize(std::vector<Range> r) {
  std::sort(r.begin(), r.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  std::vector<Range> out;
  for (const auto& x : r) {
    if (!out.empty() && x.lo <= out.back().hi + 1) {
      out.back().hi = std::max(out.back().hi, x.hi);
    } else {
      out.push_back(x);
    }
  }
  return out;
}

std::vector<Range> complement(const std::vector<Range>& in) {
  const auto r = normalize(in);
  std::vector<Range> out;
  char32_t next = 0;
  for (const auto& x : r) {
    if (x.lo > next) out.push_back({next, x.lo - 1});
    next = x.hi + 1;
  }
  if (next <= kMaxCodePoint) out.push_back({next, kMaxCodePoint});
  return out;
}

std::vector<Range> digit_set() { return {{'0', '9'}}; }
std::vector<Range> word_set() { return {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}; }
// ECMA-262 WhiteSpace and LineTerminator.
std::vector<Range> space_set() {
  return {{0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
          {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
}
std::vector<Range> dot_set() { return complement({{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}}); }

bool is_word(char32_t c) {
  return c != kNone &&
         ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z'));
}

bool in_set(const std::vector<Range>& set, char32_t c) {
  auto it = std::upper_bound(set.begin(), set.end(), c,
                             [](char32_t v, const Range& r) { return v < r.lo; });
  if (it == set.begin()) return false;
  --it;
  return c <= it->hi;
}

// ---------------------------------------------------------------------------
// Parsing

struct Node {
  enum Kind { kEmpty, kSet, kBegin, kEnd, kWordB, kNotWordB, kCat, kAlt, kRepeat };
  explicit Node(Kind k = kEmpty) : kind(k) {}
  Kind kind;
  std::vector<Range> set;
  std::vector<Node> kids;
  int min = 0;
  int max = 0;  // kUnbounded for no limit
};

class Parser {
 public:
  explicit Parser(std::string_view pattern) {
    for (std::size_t i = 0; i < pattern.size();) p_.push_back(decode(pattern, i));
  }

  Node parse() {
    Node n = disjunction(0);
    if (i_ < p_.size()) fail("unmatched ')'");
    return n;
  }

 private:
  [[noreturn]] static void fail(const std::string& why) { throw RegexError(why); }
  [[noreturn]] static void unsupported(const std::string& what) {
    throw RegexError(what + " are not supported", true);
  }

  [[nodiscard]] bool at_end() const { return i_ >= p_.size(); }
  [[nodiscard]] char32_t peek(std::size_t ahead = 0) const {
    return i_ + ahead < p_.size() ? p_[i_ + ahead] : kNone;
  }

  Node disjunction(int depth) {
    if (depth > kMaxNesting) fail(fmt::format("groups nested deeper than {}", kMaxNesting));
    Node alt{Node::kAlt};
    alt.kids.push_back(alternative(depth));
    while (peek() == '|') {
      ++i_;
      alt.kids.push_back(alternative(depth));
    }
    if (alt.kids.size() == 1) return std::move(alt.kids.front());
    return alt;
  }

  Node alternative(int depth) {
    Node cat{Node::kCat};
    while (!at_end() && peek() != '|' && peek() != ')') cat.kids.push_back(term(depth));
    if (cat.kids.empty()) return Node{Node::kEmpty};
    if (cat.kids.size() == 1) return std::move(cat.kids.front());
    return cat;
  }

  static Node set_node(std::vector<Range> r) {
    Node n{Node::kSet};
    n.set = normalize(std::move(r));
    return n;
  }

  Node term(int depth) {
    const char32_t c = peek();
    Node atom;
    switch (c) {
      case '^':
        ++i_;
        return no_quantifier(Node{Node::kBegin});
      case '$':
        ++i_;
        return no_quantifier(Node{Node::kEnd});
      case '\\':
        if (peek(1) == 'b' || peek(1) == 'B') {
          const bool boundary = peek(1) == 'b';
          i_ += 2;
          return no_quantifier(Node{boundary ? Node::kWordB : Node::kNotWordB});
        }
        ++i_;
        atom = atom_escape();
        break;
      case '(':
        atom = group(depth);
        break;
      case '[':
        atom = char_class();
        break;
      case '.':
        ++i_;
        atom = set_node(dot_set());
        break;
      case '*':
      case '+':
      case '?':
        fail(fmt::format("nothing to repeat before '{}'", static_cast<char>(c)));
      case '{': {
        int lo = 0;
        int hi = 0;
        std::size_t save = i_;
        if (braces(lo, hi)) fail("nothing to repeat before '{'");
        i_ = save + 1;
        atom = set_node({{c, c}});
        break;
      }
      default:
        ++i_;
        atom = set_node({{c, c}});
        break;
    }
    return quantified(std::move(atom));
  }

  Node no_quantifier(Node n) {
    const char32_t c = peek();
    int lo = 0;
    int hi = 0;
    std::size_t save = i_;
    if (c == '*' || c == '+' || c == '?' || (c == '{' && braces(lo, hi))) {
      fail("an assertion (^, $, \\b, \\B) cannot be repeated");
    }
    i_ = save;
    return n;
  }

  // `{n}`, `{n,}` or `{n,m}` at i_; false (i_ unspecified) when it is not one.
  bool braces(int& lo, int& hi) {
    if (peek() != '{') return false;
    ++i_;
    auto number = [&](int& out) {
      if (peek() < '0' || peek() > '9') return false;
      long v = 0;
      while (peek() >= '0' && peek() <= '9') {
        v = std::min<long>(v * 10 + static_cast<long>(peek() - '0'), 1000000);
        ++i_;
      }
      out = static_cast<int>(v);
      return true;
    };
    if (!number(lo)) return false;
    hi = lo;
    if (peek() == ',') {
      ++i_;
      if (!number(hi)) hi = kUnbounded;
    }
    if (peek() != '}') return false;
    ++i_;
    return true;
  }

  Node quantified(Node atom) {
    int lo = 0;
    int hi = 0;
    const char32_t c = peek();
    if (c == '*') {
      ++i_;
      hi = kUnbounded;
    } else if (c == '+') {
      ++i_;
      lo = 1;
      hi = kUnbounded;
    } else if (c == '?') {
      ++i_;
      hi = 1;
    } else if (c == '{') {
      const std::size_t save = i_;
      if (!braces(lo, hi)) {
        i_ = save;  // a literal '{' follows (Annex B)
        return atom;
      }
      if (hi != kUnbounded && hi < lo) fail("numbers out of order in {} quantifier");
    } else {
      return atom;
    }
    if (peek() == '?') ++i_;  // lazy: same answer to "does it match"
    Node r{Node::kRepeat};
    r.min = lo;
    r.max = hi;
    r.kids.push_back(std::move(atom));
    return r;
  }

  Node group(int depth) {
    ++i_;  // '('
    if (peek() == '?') {
      const char32_t k = peek(1);
      if (k == ':') {
        i_ += 2;
      } else if (k == '=' || k == '!') {
        unsupported("lookahead assertions ((?=...), (?!...))");
      } else if (k == '<' && (peek(2) == '=' || peek(2) == '!')) {
        unsupported("lookbehind assertions ((?<=...), (?<!...))");
      } else if (k == '<') {
        i_ += 2;
        bool named = false;
        while (!at_end() && peek() != '>') {
          const char32_t n = peek();
          if (!(is_word(n) || n == '$' || n > 0x7F)) fail("invalid group name");
          named = true;
          ++i_;
        }
        if (at_end() || !named) fail("invalid group name");
        ++i_;  // '>'
      } else {
        fail("invalid group: '(?' must be followed by ':', '=', '!' or '<'");
      }
    }
    Node inner = disjunction(depth + 1);
    if (peek() != ')') fail("missing ')'");
    ++i_;
    return inner;
  }

  static int hex_value(char32_t c) {
    if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
    return -1;
  }

  // `n` hex digits at i_, or -1 (i_ unchanged).
  long hex_digits(int n) {
    long v = 0;
    for (int k = 0; k < n; ++k) {
      const int h = hex_value(peek(static_cast<std::size_t>(k)));
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    i_ += static_cast<std::size_t>(n);
    return v;
  }

  // After "\u": a code point (surrogate pairs joined; \u{...} accepted).
  char32_t unicode_escape() {
    if (peek() == '{') {
      ++i_;
      long v = 0;
      int digits = 0;
      while (hex_value(peek()) >= 0) {
        v = std::min<long>(v * 16 + hex_value(peek()), 0x110000);
        ++i_;
        ++digits;
      }
      if (digits == 0 || peek() != '}' || v > static_cast<long>(kMaxCodePoint)) {
        fail("invalid \\u{...} escape");
      }
      ++i_;
      return static_cast<char32_t>(v);
    }
    const long hi = hex_digits(4);
    if (hi < 0) fail("invalid \\u escape: expected four hex digits");
    if (hi >= 0xD800 && hi <= 0xDBFF && peek() == '\\' && peek(1) == 'u') {
      const std::size_t save = i_;
      i_ += 2;
      const long lo = hex_digits(4);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        return static_cast<char32_t>(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
      }
      i_ = save;
    }
    return static_cast<char32_t>(hi);
  }

  // An escape after '\', as a set of code points. `in_class`: inside [...],
  // where \b is a backspace.
  std::vector<Range> escape(bool in_class, bool& is_class_escape) {
    is_class_escape = false;
    if (at_end()) fail("the pattern ends with a lone '\\'");
    const char32_t c = p_[i_++];
    auto one = [](char32_t v) { return std::vector<Range>{{v, v}}; };
    switch (c) {
      case 'd':
        is_class_escape = true;
        return digit_set();
      case 'D':
        is_class_escape = true;
        return complement(digit_set());
      case 'w':
        is_class_escape = true;
        return word_set();
      case 'W':
        is_class_escape = true;
        return complement(word_set());
      case 's':
        is_class_escape = true;
        return space_set();
      case 'S':
        is_class_escape = true;
        return complement(space_set());
      case 't':
        return one('\t');
      case 'n':
        return one('\n');
      case 'v':
        return one('\v');
      case 'f':
        return one('\f');
      case 'r':
        return one('\r');
      case 'b':
        if (in_class) return one('\b');
        break;
      case '0':
        if (peek() >= '0' && peek() <= '9') unsupported("octal escapes");
        return one(0);
      case 'c': {
        const char32_t l = peek();
        if ((l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z')) {
          ++i_;
          return one(l % 32);
        }
        fail("invalid \\c escape: expected a letter");
      }
      case 'x': {
        const long v = hex_digits(2);
        if (v < 0) fail("invalid \\x escape: expected two hex digits");
        return one(static_cast<char32_t>(v));
      }
      case 'u':
        return one(unicode_escape());
      case 'p':
      case 'P':
        unsupported("Unicode property escapes (\\p{...}, \\P{...})");
      case 'k':
        unsupported("named backreferences (\\k<...>)");
      default:
        break;
    }
    if (c >= '1' && c <= '9') unsupported("backreferences (\\1 ...)");
    if (c < 0x80 && (is_word(c))) {
      fail(fmt::format("unknown escape '\\{}'", static_cast<char>(c)));
    }
    return one(c);  // identity escape: \. \* \/ \- ...
  }

  Node atom_escape() {
    bool cls = false;
    return set_node(escape(false, cls));
  }

  Node char_class() {
    ++i_;  // '['
    bool negated = false;
    if (peek() == '^') {
      negated = true;
      ++i_;
    }
    std::vector<Range> ranges;
    // One class atom: a single code point (single=true, value in `cp`) or a
    // class escape such as \d (single=false, its ranges appended).
    auto class_atom = [&](char32_t& cp, std::vector<Range>& set) {
      if (at_end()) fail("missing ']'");
      const char32_t c = p_[i_];
      if (c == '\\') {
        ++i_;
        bool cls = false;
        set = escape(true, cls);
        if (cls) return false;
        cp = set.front().lo;
        return true;
      }
      ++i_;
      cp = c;
      return true;
    };
    while (true) {
      if (at_end()) fail("missing ']'");
      if (peek() == ']') {
        ++i_;
        break;
      }
      char32_t lo = 0;
      std::vector<Range> lo_set;
      const bool lo_single = class_atom(lo, lo_set);
      if (peek() == '-' && peek(1) != ']' && peek(1) != kNone) {
        ++i_;  // '-'
        char32_t hi = 0;
        std::vector<Range> hi_set;
        const bool hi_single = class_atom(hi, hi_set);
        if (lo_single && hi_single) {
          if (hi < lo) fail("range out of order in character class");
          ranges.push_back({lo, hi});
        } else {
          // A class escape at either end: the '-' is literal (Annex B).
          if (lo_single) ranges.push_back({lo, lo});
          ranges.insert(ranges.end(), lo_set.begin(), lo_set.end());
          ranges.push_back({'-', '-'});
          if (hi_single) ranges.push_back({hi, hi});
          ranges.insert(ranges.end(), hi_set.begin(), hi_set.end());
        }
        continue;
      }
      if (lo_single) {
        ranges.push_back({lo, lo});
      } else {
        ranges.insert(ranges.end(), lo_set.begin(), lo_set.end());
      }
    }
    return set_node(negated ? complement(ranges) : ranges);
  }

  std::vector<char32_t> p_;
  std::size_t i_ = 0;
};

// ---------------------------------------------------------------------------
// Compilation

class Compiler {
 public:
  Compiler(std::vector<Inst>& prog, std::vector<std::vector<Range>>& sets)
      : prog_(prog), sets_(sets) {}

  void emit(const Node& n) {
    if (prog_.size() > kMaxProgram) {
      throw RegexError("counted repetitions ({n,m}) that expand this far are not supported", true);
    }
    switch (n.kind) {
      case Node::kEmpty:
        return;
      case Node::kSet:
        sets_.push_back(n.set);
        add(Inst::kSet, static_cast<std::uint32_t>(sets_.size() - 1));
        return;
      case Node::kBegin:
        add(Inst::kBegin);
        return;
      case Node::kEnd:
        add(Inst::kEnd);
        return;
      case Node::kWordB:
        add(Inst::kWordB);
        return;
      case Node::kNotWordB:
        add(Inst::kNotWordB);
        return;
      case Node::kCat:
        for (const auto& k : n.kids) emit(k);
        return;
      case Node::kAlt: {
        std::vector<std::size_t> exits;
        for (std::size_t k = 0; k < n.kids.size(); ++k) {
          if (k + 1 < n.kids.size()) {
            const std::size_t split = add(Inst::kSplit);
            prog_[split].x = here();
            emit(n.kids[k]);
            exits.push_back(add(Inst::kJmp));
            prog_[split].y = here();
          } else {
            emit(n.kids[k]);
          }
        }
        for (auto e : exits) prog_[e].x = here();
        return;
      }
      case Node::kRepeat: {
        const Node& body = n.kids.front();
        for (int k = 0; k < n.min; ++k) emit(body);
        if (n.max == kUnbounded) {
          const std::size_t split = add(Inst::kSplit);
          prog_[split].x = here();
          emit(body);
          const std::size_t back = add(Inst::kJmp);
          prog_[back].x = static_cast<std::uint32_t>(split);
          prog_[split].y = here();
        } else {
          std::vector<std::size_t> skips;
          for (int k = n.min; k < n.max; ++k) {
            const std::size_t split = add(Inst::kSplit);
            prog_[split].x = here();
            skips.push_back(split);
            emit(body);
          }
          for (auto s : skips) prog_[s].y = here();
        }
        return;
      }
    }
  }

  std::size_t add(Inst::Op op, std::uint32_t x = 0) {
    prog_.push_back(Inst{op, x, 0});
    return prog_.size() - 1;
  }
  [[nodiscard]] std::uint32_t here() const { return static_cast<std::uint32_t>(prog_.size()); }

 private:
  std::vector<Inst>& prog_;
  std::vector<std::vector<Range>>& sets_;
};

// A set of program counters with O(1) insert, test and clear.
class PcSet {
 public:
  explicit PcSet(std::size_t n) : sparse_(n), dense_(n) {}
  bool contains(std::uint32_t pc) const {
    const std::uint32_t k = sparse_[pc];
    return k < size_ && dense_[k] == pc;
  }
  void insert(std::uint32_t pc) {
    sparse_[pc] = static_cast<std::uint32_t>(size_);
    dense_[size_++] = pc;
  }
  void clear() { size_ = 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::uint32_t at(std::size_t k) const { return dense_[k]; }

 private:
  std::vector<std::uint32_t> sparse_;
  std::vector<std::uint32_t> dense_;
  std::size_t size_ = 0;
};

}  // namespace

Regex Regex::compile(std::string_view pattern) {
  Regex re;
  re.pattern_ = std::string(pattern);
  const Node root = Parser(pattern).parse();
  Compiler c(re.prog_, re.sets_);
  c.emit(root);
  c.add(Inst::kMatch);
  if (re.prog_.size() > kMaxProgram) {
    throw RegexError("counted repetitions ({n,m}) that expand this far are not supported", true);
  }
  return re;
}

bool Regex::search(std::string_view text) const {
  const std::size_t n = prog_.size();
  PcSet cur(n);
  PcSet next(n);
  std::vector<std::uint32_t> stack;
  stack.reserve(n);

  // Follows the non-consuming instructions from `pc` at a position between
  // `before` and `after`; true when the match instruction is reached.
  auto add = [&](PcSet& set, std::uint32_t start, char32_t before, char32_t after) {
    stack.push_back(start);
    bool matched = false;
    while (!stack.empty()) {
      const std::uint32_t pc = stack.back();
      stack.pop_back();
      if (set.contains(pc)) continue;
      set.insert(pc);
      const Inst& in = prog_[pc];
      switch (in.op) {
        case Inst::kSet:
          break;
        case Inst::kSplit:
          stack.push_back(in.y);
          stack.push_back(in.x);
          break;
        case Inst::kJmp:
          stack.push_back(in.x);
          break;
        case Inst::kBegin:
          if (before == kNone) stack.push_back(pc + 1);
          break;
        case Inst::kEnd:
          if (after == kNone) stack.push_back(pc + 1);
          break;
        case Inst::kWordB:
          if (is_word(before) != is_word(after)) stack.push_back(pc + 1);
          break;
        case Inst::kNotWordB:
          if (is_word(before) == is_word(after)) stack.push_back(pc + 1);
          break;
        case Inst::kMatch:
          matched = true;
          break;
      }
    }
    return matched;
  };

  std::size_t pos = 0;
  char32_t before = kNone;
  char32_t c = kNone;
  if (pos < text.size()) c = decode(text, pos);
  while (true) {
    // A new attempt starts at every position (the search is not anchored).
    if (add(cur, 0, before, c)) return true;
    if (c == kNone) return false;
    char32_t after = kNone;
    if (pos < text.size()) after = decode(text, pos);
    next.clear();
    for (std::size_t k = 0; k < cur.size(); ++k) {
      const Inst& in = prog_[cur.at(k)];
      if (in.op == Inst::kSet && in_set(sets_[in.x], c)) {
        if (add(next, cur.at(k) + 1, c, after)) return true;
      }
    }
    std::swap(cur, next);
    before = c;
    c = after;
  }
}

}  // namespace relctl::schema
