// git's index file format (Documentation/gitformat-index.txt in git):
//   header  "DIRC", version (2, 3 or 4), entry count      (32-bit big endian)
//   entries ctime, mtime, dev, ino, mode, uid, gid, size  (40 bytes)
//           object name (20 bytes for SHA-1), flags (16 bits: assume-valid,
//           extended, stage (2), name length (12)); version 3+: 16 more bits
//           of flags when `extended` is set; then the path:
//             v2/v3  NUL-terminated, the entry padded with NULs to 8 bytes
//             v4     a varint N (bytes to drop from the previous path) and
//                    the NUL-terminated rest, no padding
//   extensions  4-byte signature, 32-bit size, data; then the checksum.
#include "relctl/load/git_index.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>

namespace relctl {
namespace {

constexpr std::size_t kHeader = 12;
constexpr std::size_t kStatFields = 40;
constexpr std::size_t kSha1 = 20;
constexpr std::size_t kChecksum = 20;
constexpr std::uint32_t kModeTypeMask = 0170000;
constexpr std::uint32_t kModeDirectory = 0040000;  // a sparse-directory entry

std::uint32_t be32(std::string_view b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

std::uint16_t be16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(b[at]) << 8) |
                                    static_cast<unsigned char>(b[at + 1]));
}

// git's offset varint (varint.c): 7 bits per byte, high bit = more, and
// each continuation adds one before shifting.
std::optional<std::uint64_t> varint(std::string_view b, std::size_t& at) {
  if (at >= b.size()) return std::nullopt;
  auto c = static_cast<unsigned char>(b[at++]);
  std::uint64_t v = c & 127U;
  while ((c & 128U) != 0) {
    if (at >= b.size() || v > (UINT64_MAX >> 8)) return std::nullopt;
    c = static_cast<unsigned char>(b[at++]);
    v = ((v + 1) << 7) | (c & 127U);
  }
  return v;
}

}  // namespace

std::optional<std::vector<std::string>> parse_git_index(std::string_view b) {
  if (b.size() < kHeader + kChecksum || b.substr(0, 4) != "DIRC") return std::nullopt;
  const std::uint32_t version = be32(b, 4);
  if (version < 2 || version > 4) return std::nullopt;
  const std::uint32_t count = be32(b, 8);
  const std::size_t end = b.size() - kChecksum;
  // Each entry takes at least 62 bytes in v2/v3 and 43 in v4.
  if (count > end / (kStatFields + kSha1 + 3)) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(count);
  std::size_t at = kHeader;
  std::string previous;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t start = at;
    if (end - at < kStatFields + kSha1 + 2) return std::nullopt;
    const std::uint32_t mode = be32(b, at + 24);
    if ((mode & kModeTypeMask) == kModeDirectory) return std::nullopt;
    at += kStatFields + kSha1;
    const std::uint16_t flags = be16(b, at);
    at += 2;
    if ((flags & 0x4000U) != 0) {  // extended flags
      if (version < 3 || end - at < 2) return std::nullopt;
      at += 2;
    }
    if (version == 4) {
      const auto drop = varint(b, at);
      if (!drop || *drop > previous.size()) return std::nullopt;
      const std::size_t nul = b.find('\0', at);
      if (nul == std::string_view::npos || nul >= end) return std::nullopt;
      previous.resize(previous.size() - static_cast<std::size_t>(*drop));
      previous.append(b.substr(at, nul - at));
      at = nul + 1;
      out.push_back(previous);
    } else {
      const std::size_t nul = b.find('\0', at);
      if (nul == std::string_view::npos || nul >= end) return std::nullopt;
      out.emplace_back(b.substr(at, nul - at));
      // Padded with 1 to 8 NULs so that the entry's length is a multiple of 8.
      const std::size_t len = nul - start;
      at = start + ((len + 8) & ~static_cast<std::size_t>(7));
      if (at > end) return std::nullopt;
    }
  }
  // Extensions: a split index keeps its entries in another file, a sparse
  // index collapses folders; both are left to git.
  while (end - at >= 8) {
    const std::string_view sig = b.substr(at, 4);
    const std::uint32_t size = be32(b, at + 4);
    if (sig == "link" || sig == "sdir") return std::nullopt;
    if (size > end - at - 8) return std::nullopt;
    at += 8 + size;
  }
  if (at != end) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> read_git_index(const std::filesystem::path& index_file) {
  const int fd = ::open(index_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::string bytes;
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (ok) {
    bytes.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < bytes.size()) {
      const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    ok = got == bytes.size();
  }
  ::close(fd);
  if (!ok) return std::nullopt;
  return parse_git_index(bytes);
}

}  // namespace relctl
