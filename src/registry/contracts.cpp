#include "relctl/registry/contracts.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "relctl/load/errors.hpp"
#include "relctl/load/json_document.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/util/text.hpp"

namespace relctl::registry {

namespace {

constexpr std::array<std::string_view, 8> kRequiredSections{
    "## Contract Metadata",      "## Purpose",          "## Canonical Files",
    "## Shared Boundaries",      "## Extension Points", "## Forbidden Paths",
    "## Completion Obligations", "## Current State"};
constexpr std::array<std::string_view, 3> kReferenceSections{
    "## Canonical Files", "## Shared Boundaries", "## Extension Points"};
constexpr std::array<std::string_view, 12> kPathSuffixes{
    ".go", ".json", ".md", ".mod", ".mjs", ".py", ".sh", ".sum", ".ts", ".tsx", ".yaml", ".yml"};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// "N. rest" with N a number without leading zero; returns rest.
std::optional<std::string_view> numbered_item(std::string_view stripped, bool any_number) {
  std::size_t i = 0;
  while (i < stripped.size() && stripped[i] >= '0' && stripped[i] <= '9') ++i;
  if (i == 0 || stripped[0] == '0') return std::nullopt;
  if (!any_number && i > 2) return std::nullopt;
  if (stripped.substr(i, 2) != ". ") return std::nullopt;
  return stripped.substr(i + 2);
}

bool looks_like_repo_path(std::string_view token) {
  const std::string t = text::strip(token);
  if (t.find('/') != std::string::npos) return true;
  return std::any_of(kPathSuffixes.begin(), kPathSuffixes.end(),
                     [&](std::string_view s) { return ends_with(t, s); });
}

// re.findall(r"`([^`]+)`", item)
std::vector<std::string_view> backtick_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = s.find('`');
  while (i != std::string_view::npos) {
    const std::size_t j = s.find('`', i + 1);
    if (j == std::string_view::npos) break;
    if (j == i + 1) {  // "``": the second backtick may open a token
      i = j;
      continue;
    }
    out.push_back(s.substr(i + 1, j - i - 1));
    i = s.find('`', j + 1);
  }
  return out;
}

std::optional<std::string> metadata_subsystem_id(const std::vector<std::string_view>& body) {
  std::vector<std::string_view> meaningful;
  for (auto l : body) {
    if (!text::is_blank(l)) meaningful.push_back(l);
  }
  if (meaningful.size() < 3) return std::nullopt;
  if (text::strip(meaningful.front()) != "```json") return std::nullopt;
  if (text::strip(meaningful.back()) != "```") return std::nullopt;
  std::string block;
  for (std::size_t i = 1; i + 1 < meaningful.size(); ++i) {
    if (i > 1) block += '\n';
    block.append(meaningful[i]);
  }
  block = text::strip(block);
  if (block.empty()) return std::nullopt;
  try {
    const auto doc = JsonDocument::parse(block, "contract metadata");
    const JsonNode& root = doc.root();
    if (!root.is_object()) return std::nullopt;
    auto it = root.find("subsystem_id");
    if (it == nullptr) return std::nullopt;
    std::string id = it->is_string() ? it->get<std::string>() : it->dump();
    id = text::strip(id);
    if (id.empty()) return std::nullopt;
    return id;
  } catch (const LoadError&) {
    return std::nullopt;
  }
}

// Length of the line break that starts at b[i]: \n \v \f \r \r\n \x1c-\x1e,
// U+0085 (C2 85), U+2028/U+2029 (E2 80 A8/A9); 0 when none does.
std::size_t break_at(const unsigned char* b, std::size_t i, std::size_t n) {
  switch (b[i]) {
    case '\n':
    case '\v':
    case '\f':
    case 0x1c:
    case 0x1d:
    case 0x1e:
      return 1;
    case '\r':
      return (i + 1 < n && b[i + 1] == '\n') ? 2 : 1;
    case 0xc2:
      return (i + 1 < n && b[i + 1] == 0x85) ? 2 : 0;
    case 0xe2:
      return (i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xa8 || b[i + 2] == 0xa9)) ? 3 : 0;
    default:
      return 0;
  }
}

// Set bits of a word. (__builtin_popcountll is a library call on the
// x86-64 baseline, which has no POPCNT instruction.)
std::size_t bit_count(std::uint64_t v) {
  v -= (v >> 1) & 0x5555555555555555ULL;
  v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
  v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<std::size_t>((v * 0x0101010101010101ULL) >> 56);
}

}  // namespace

std::span<const std::string_view> reference_sections() { return kReferenceSections; }

nlohmann::json ContractReference::to_json() const {
  return {{"heading", heading}, {"path", path}, {"line", line}, {"heading_line", heading_line}};
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  out.reserve(text.size() / 40);
  std::size_t start = 0;
  std::size_t i = 0;
  const std::size_t n = text.size();
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  while (i < n) {
#ifdef __SSE2__
    // Sixteen bytes per step to the next byte that may start a line break.
    {
      const __m128i lf = _mm_set1_epi8('\n');
      const __m128i fs = _mm_set1_epi8('\x1c');
      const __m128i three = _mm_set1_epi8(3);
      const __m128i two = _mm_set1_epi8(2);
      const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xc2));
      const __m128i e2 = _mm_set1_epi8(static_cast<char>(0xe2));
      while (i + 16 <= n) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
        const __m128i a = _mm_sub_epi8(x, lf);  // \n \v \f \r: 0..3
        const __m128i f = _mm_sub_epi8(x, fs);  // \x1c-\x1e: 0..2
        const __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(a, three), a),
                                      _mm_cmpeq_epi8(_mm_min_epu8(f, two), f)),
                         _mm_or_si128(_mm_cmpeq_epi8(x, c2), _mm_cmpeq_epi8(x, e2)));
        const int mask = _mm_movemask_epi8(hit);
        if (mask != 0) {
          i += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
          break;
        }
        i += 16;
      }
      if (i >= n) break;
    }
#endif
    const std::size_t brk = break_at(b, i, n);
    if (brk == 0) {
      ++i;
      continue;
    }
    out.push_back(text.substr(start, i - start));
    i += brk;
    start = i;
  }
  if (start < n) out.push_back(text.substr(start));
  return out;
}

std::vector<std::pair<std::size_t, std::size_t>> hash_lines(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t line = 0;  // line breaks before i: the index of i's line
  if (n > 0 && b[0] == '#') out.push_back({0, 0});
  std::size_t i = 0;
  while (i < n) {
#ifdef __SSE2__
    // Sixteen bytes at a time, four at once, while no byte among them can
    // start a rarer break: the lines that start there are counted, and
    // looked at only when they start with '#'. A byte can start a rarer
    // break only if it is a control character other than \n and \t, or part
    // of a multi-byte UTF-8 character; as signed bytes, both are below ' '.
    if (i + 64 <= n) {
      const __m128i lf = _mm_set1_epi8('\n');
      const __m128i tab = _mm_set1_epi8('\t');
      const __m128i space = _mm_set1_epi8(' ');
      const __m128i hash = _mm_set1_epi8('#');
      __m128i x[4];
      __m128i rare = _mm_setzero_si128();
      std::uint64_t nl = 0;
      std::uint64_t sharp = 0;
      for (int k = 0; k < 4; ++k) {
        x[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i + 16 * k));
        const __m128i is_lf = _mm_cmpeq_epi8(x[k], lf);
        rare = _mm_or_si128(rare, _mm_andnot_si128(_mm_or_si128(is_lf, _mm_cmpeq_epi8(x[k], tab)),
                                                   _mm_cmplt_epi8(x[k], space)));
        nl |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(is_lf)))
              << (16 * k);
        sharp |= static_cast<std::uint64_t>(
                     static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x[k], hash))))
                 << (16 * k);
      }
      if (_mm_movemask_epi8(rare) == 0) {
        for (std::uint64_t hits = (nl << 1) & sharp; hits != 0; hits &= hits - 1) {
          const auto bit = static_cast<unsigned>(__builtin_ctzll(hits));
          out.push_back({i + bit, line + bit_count(nl & ((std::uint64_t{1} << bit) - 1))});
        }
        line += bit_count(nl);
        if ((nl >> 63) != 0 && i + 64 < n && b[i + 64] == '#') out.push_back({i + 64, line});
        i += 64;
        continue;
      }
    }
#endif
    // Byte by byte through 64 bytes with a rarer break, and the tail.
    for (const std::size_t stop = std::min(n, i + 64); i < stop;) {
      const std::size_t brk = break_at(b, i, n);
      if (brk == 0) {
        ++i;
        continue;
      }
      i += brk;
      ++line;
      if (i < n && b[i] == '#') out.push_back({i, line});
    }
  }
  return out;
}

ParsedContract parse_contract(std::string_view text, const ContractParseOptions& opts) {
  ParsedContract out;
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  // Only lines that start with '#' can be headings or end a section; the
  // others are split only inside the sections that are read.
  const auto sharp = hash_lines(text);
  struct Heading {
    std::string_view line;
    std::size_t index;  // line index
    std::size_t body;   // offset of the next line
  };
  std::vector<Heading> headings;
  headings.reserve(sharp.size());
  for (const auto& [offset, index] : sharp) {
    std::size_t e = offset;
    std::size_t brk = 0;
    while (e < n && (brk = break_at(b, e, n)) == 0) ++e;
    headings.push_back({text.substr(offset, e - offset), index, e + brk});
  }
  // A section's lines: after its heading, up to the next line starting "## ".
  auto section = [&](std::size_t h) {
    std::size_t end = text.size();
    for (std::size_t k = h + 1; k < headings.size(); ++k) {
      if (starts_with(headings[k].line, "## ")) {
        end = sharp[k].first;
        break;
      }
    }
    const std::size_t begin = std::min(headings[h].body, end);
    return split_lines(text.substr(begin, end - begin));
  };
  // First and last occurrence of each required heading: the reference takes
  // a section's body from the first and its line number from the last.
  std::map<std::string_view, std::pair<std::size_t, std::size_t>> heading_at;
  for (std::size_t h = 0; h < headings.size(); ++h) {
    const auto l = headings[h].line;
    if (l.size() < 4 || l[1] != '#') continue;
    for (auto name : kRequiredSections) {
      if (l == name) {
        auto [it, fresh] = heading_at.try_emplace(name, h, h);
        if (!fresh) it->second.second = h;
      }
    }
  }
  if (auto m = heading_at.find("## Contract Metadata"); m != heading_at.end()) {
    out.subsystem_id = metadata_subsystem_id(section(m->second.first));
  }
  for (auto heading : kReferenceSections) {
    auto h = heading_at.find(heading);
    if (h == heading_at.end()) continue;
    const std::size_t last =
        headings[opts.heading_line_from_first ? h->second.first : h->second.second].index;
    const auto lines = section(h->second.first);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      // Only a line whose first non-space character is a digit can be an
      // item; skip the others without stripping them (Unicode spaces are
      // left to text::strip).
      std::string_view l = lines[k];
      std::size_t f = 0;
      while (f < l.size() && (l[f] == ' ' || l[f] == '\t')) ++f;
      if (f == l.size()) continue;
      if (static_cast<unsigned char>(l[f]) < 0x80 && (l[f] < '0' || l[f] > '9') &&
          !(l[f] >= '\t' && l[f] <= '\r') && !(l[f] >= '\x1c' && l[f] <= '\x1f')) {
        continue;
      }
      const std::string stripped = text::strip(l);
      if (stripped.empty()) continue;
      const auto item = numbered_item(stripped, opts.all_item_numbers);
      if (!item) continue;
      // Line numbers count from the last heading occurrence, as the reference does.
      const int line = static_cast<int>(last + 1 + k + 1);
      for (auto token : backtick_tokens(*item)) {
        if (!looks_like_repo_path(token)) continue;
        out.references.push_back(
            ContractReference{heading, std::string(token), line, static_cast<int>(last + 1)});
      }
    }
  }
  return out;
}

ContractIndex::ContractIndex(const std::vector<std::pair<std::string, std::string>>& files,
                             const ContractParseOptions& opts)
    : opts_(opts) {
  for (const auto& [rel, content] : files) add(rel, content);
  finish();
}

void ContractIndex::add(const std::string& rel, std::string_view text) {
  add_parsed(rel, parse_contract(text, opts_));
}

void ContractIndex::add_parsed(const std::string& rel, ParsedContract parsed) {
  if (!parsed.subsystem_id) return;
  ContractEntry e{*parsed.subsystem_id, rel, std::move(parsed.references)};
  if (auto it = by_id_.find(e.subsystem_id); it != by_id_.end()) {
    entries_[it->second] = std::move(e);  // a later file wins, in the first one's place
  } else {
    by_id_.emplace(e.subsystem_id, entries_.size());
    entries_.push_back(std::move(e));
  }
}

void ContractIndex::finish() {
  std::vector<std::pair<std::string, std::size_t>> keys;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    keys.emplace_back(rules::casefold(entries_[i].subsystem_id), i);
  }
  std::stable_sort(keys.begin(), keys.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<ContractEntry> sorted;
  sorted.reserve(entries_.size());
  for (const auto& k : keys) sorted.push_back(std::move(entries_[k.second]));
  entries_ = std::move(sorted);
  by_id_.clear();
  for (std::uint32_t g = 0; g < entries_.size(); ++g) {
    const auto& refs = entries_[g].references;
    for (std::uint32_t r = 0; r < refs.size(); ++r) {
      if (ends_with(refs[r].path, "/")) {
        refs_.add_plain_prefix(refs[r].path, g, r);
      } else {
        refs_.add_file(refs[r].path, g, r);
      }
    }
  }
  refs_.finish();
}

std::vector<ContractIndex::Match> ContractIndex::referencing(std::string_view path) const {
  auto hits = refs_.hits(path);
  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    return a.group != b.group ? a.group < b.group : a.ordinal < b.ordinal;
  });
  std::vector<Match> out;
  for (const auto& h : hits) {
    if (out.empty() || out.back().contract != &entries_[h.group]) {
      out.push_back(Match{&entries_[h.group], {}});
    }
    out.back().references.push_back(&entries_[h.group].references[h.ordinal]);
  }
  return out;
}

}  // namespace relctl::registry
