#include "relctl/util/cache_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <system_error>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace relctl::cache {

namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? v : nullptr;
}

}  // namespace

std::filesystem::path default_dir() {
  if (const char* off = env("RELCTL_NO_CACHE"); off != nullptr && std::string_view(off) != "0") {
    return {};
  }
  if (const char* dir = env("RELCTL_CACHE_DIR")) return dir;
  if (const char* xdg = env("XDG_CACHE_HOME")) return std::filesystem::path(xdg) / "relctl";
  if (const char* home = env("HOME")) return std::filesystem::path(home) / ".cache" / "relctl";
  return {};
}

std::string key(std::initializer_list<std::string_view> parts) {
  XXH3_state_t st;
  XXH3_128bits_reset(&st);
  for (const auto s : parts) {
    const std::uint64_t n = s.size();
    XXH3_128bits_update(&st, &n, sizeof n);
    XXH3_128bits_update(&st, s.data(), s.size());
  }
  const XXH128_hash_t h = XXH3_128bits_digest(&st);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[static_cast<std::size_t>(15 - i)] = kHex[(h.high64 >> (4 * i)) & 0xF];
    out[static_cast<std::size_t>(31 - i)] = kHex[(h.low64 >> (4 * i)) & 0xF];
  }
  return out;
}

std::optional<std::string> read_file(const std::filesystem::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  std::string out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    out.reserve(static_cast<std::size_t>(st.st_size));
  }
  char buf[16384];
  ssize_t n = 0;
  for (;;) {
    n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (n != 0) return std::nullopt;
  return out;
}

bool write_file_atomically(const std::filesystem::path& p, std::string_view content) {
  std::error_code ec;
  std::filesystem::create_directories(p.parent_path(), ec);
  if (ec) return false;
  std::string tmp = p.string() + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return false;
  bool ok = true;
  std::size_t done = 0;
  while (ok && done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    if (n > 0) done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) ok = false;
  if (!ok || ::rename(tmp.c_str(), p.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace relctl::cache
