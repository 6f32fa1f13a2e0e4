#include "relctl/util/text.hpp"

namespace relctl::text {
namespace {

// Decodes one code point of valid UTF-8 at s[i]; advances i.
char32_t decode(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int len = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : 2;
  char32_t cp = c & ((len == 2) ? 0x1F : (len == 3) ? 0x0F : 0x07);
  for (int k = 1; k < len && i + static_cast<std::size_t>(k) < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

}  // namespace

bool is_unicode_space(char32_t cp) {
  switch (cp) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x1C:
    case 0x1D:
    case 0x1E:
    case 0x1F:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool is_blank(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (!is_unicode_space(decode(s, i))) return false;
  }
  return true;
}

bool has_whitespace(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_unicode_space(decode(s, i))) return true;
  }
  return false;
}

std::string strip(std::string_view s) {
  // Only the whitespace at both ends is decoded, not the whole text.
  std::size_t first = 0;
  while (first < s.size()) {
    std::size_t next = first;
    if (!is_unicode_space(decode(s, next))) break;
    first = next;
  }
  std::size_t last = s.size();
  while (last > first) {
    std::size_t k = last - 1;
    while (k > first && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    std::size_t probe = k;
    if (!is_unicode_space(decode(s, probe))) break;
    last = k;
  }
  return std::string(s.substr(first, last - first));
}

std::string join_path(std::string_view root, std::string_view rel) {
  std::string out;
  out.reserve(root.size() + 1 + rel.size());
  out.append(root);
  if (!root.empty() && root.back() != '/') out += '/';
  out.append(rel);
  return out;
}

}  // namespace relctl::text
