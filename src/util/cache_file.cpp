#include "relctl/util/cache_file.hpp"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "relctl/load/errors.hpp"
#include "relctl/load/json_document.hpp"
#include "relctl/report/json_writer.hpp"
#include "relctl/util/utf8.hpp"

namespace relctl::cache {

namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? v : nullptr;
}

// The build id note (NT_GNU_BUILD_ID, owner "GNU") among the PT_NOTE
// segments of the first object dl_iterate_phdr reports: the program itself.
int find_build_id(struct dl_phdr_info* info, std::size_t /*size*/, void* data) {
  auto* out = static_cast<std::string*>(data);
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const auto* p = reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
    const unsigned char* end = p + ph.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) n{};
      std::memcpy(&n, p, sizeof n);
      const unsigned char* name = p + sizeof n;
      const unsigned char* desc = name + ((n.n_namesz + 3U) & ~3U);
      const unsigned char* next = desc + ((n.n_descsz + 3U) & ~3U);
      if (next > end) break;
      if (n.n_type == NT_GNU_BUILD_ID && n.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        static constexpr char kHex[] = "0123456789abcdef";
        for (ElfW(Word) k = 0; k < n.n_descsz; ++k) {
          out->push_back(kHex[desc[k] >> 4]);
          out->push_back(kHex[desc[k] & 0xF]);
        }
        return 1;
      }
      p = next;
    }
  }
  return 1;  // only the program itself
}

}  // namespace

const std::string& build_id() {
  static const std::string id = [] {
    std::string out;
    dl_iterate_phdr(find_build_id, &out);
    return out;
  }();
  return id;
}

std::filesystem::path default_dir() {
  if (const char* off = env("RELCTL_NO_CACHE"); off != nullptr && std::string_view(off) != "0") {
    return {};
  }
  if (const char* dir = env("RELCTL_CACHE_DIR")) return dir;
  if (const char* xdg = env("XDG_CACHE_HOME")) return std::filesystem::path(xdg) / "relctl";
  if (const char* home = env("HOME")) return std::filesystem::path(home) / ".cache" / "relctl";
  return {};
}

static_assert(sizeof(XXH3_state_t) <= 576 && alignof(XXH3_state_t) <= 64);

KeyBuilder::KeyBuilder() { XXH3_128bits_reset(reinterpret_cast<XXH3_state_t*>(state_)); }

KeyBuilder& KeyBuilder::add(std::string_view part) {
  auto* st = reinterpret_cast<XXH3_state_t*>(state_);
  const std::uint64_t n = part.size();
  XXH3_128bits_update(st, &n, sizeof n);
  XXH3_128bits_update(st, part.data(), part.size());
  return *this;
}

KeyBuilder& KeyBuilder::add_pieces(std::initializer_list<std::string_view> pieces) {
  auto* st = reinterpret_cast<XXH3_state_t*>(state_);
  std::uint64_t n = 0;
  for (const auto piece : pieces) n += piece.size();
  XXH3_128bits_update(st, &n, sizeof n);
  for (const auto piece : pieces) XXH3_128bits_update(st, piece.data(), piece.size());
  return *this;
}

std::string KeyBuilder::hex() const {
  const XXH128_hash_t h = XXH3_128bits_digest(reinterpret_cast<const XXH3_state_t*>(state_));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[static_cast<std::size_t>(15 - i)] = kHex[(h.high64 >> (4 * i)) & 0xF];
    out[static_cast<std::size_t>(31 - i)] = kHex[(h.low64 >> (4 * i)) & 0xF];
  }
  return out;
}

std::string key(std::initializer_list<std::string_view> parts) {
  KeyBuilder b;
  for (const auto p : parts) b.add(p);
  return b.hex();
}

std::string seal(std::string_view magic, std::string_view body) {
  std::string out;
  out.reserve(magic.size() + body.size() + 32);
  out.append(magic).append(body).append(key({body}));
  return out;
}

std::optional<std::string_view> unseal(std::string_view magic, std::string_view bytes) {
  constexpr std::size_t kHash = 32;  // hex digits of key()
  if (bytes.size() < magic.size() + kHash || bytes.substr(0, magic.size()) != magic) {
    return std::nullopt;
  }
  const std::string_view body = bytes.substr(magic.size(), bytes.size() - magic.size() - kHash);
  if (key({body}) != bytes.substr(bytes.size() - kHash)) return std::nullopt;
  return body;
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

bool write_file_atomically(const std::filesystem::path& p,
                           const std::function<bool(std::FILE*)>& write) {
  std::error_code ec;
  std::filesystem::create_directories(p.parent_path(), ec);
  if (ec) return false;
  std::string tmp = p.string() + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return false;
  std::FILE* f = ::fdopen(fd, "w");
  if (f == nullptr) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return false;
  }
  bool ok = false;
  try {
    ok = write(f);
  } catch (...) {
    ok = false;
  }
  if (std::fflush(f) != 0 || std::ferror(f) != 0) ok = false;
  if (std::fclose(f) != 0) ok = false;
  if (!ok || ::rename(tmp.c_str(), p.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

bool write_file_atomically(const std::filesystem::path& p,
                           std::span<const std::string_view> pieces) {
  return write_file_atomically(p, [pieces](std::FILE* f) {
    for (const auto piece : pieces) {
      if (std::fwrite(piece.data(), 1, piece.size(), f) != piece.size()) return false;
    }
    return true;
  });
}

bool write_file_atomically(const std::filesystem::path& p, std::string_view content) {
  return write_file_atomically(p, std::span<const std::string_view>(&content, 1));
}

bool write_sealed(const std::filesystem::path& p, std::string_view magic,
                  std::initializer_list<std::string_view> body) {
  const std::string hash = KeyBuilder().add_pieces(body).hex();
  std::vector<std::string_view> all{magic};
  all.insert(all.end(), body.begin(), body.end());
  all.push_back(hash);
  return write_file_atomically(p, all);
}

namespace {
// A remembered value read back with relctl's parser and a direct tree
// (about half the time of nlohmann's parser, measured on a 300 KB report);
// nullopt when it does not parse.
std::optional<nlohmann::json> parse_remembered(std::string text) {
  try {
    return JsonDocument::parse(std::move(text), "cache entry").root().to_plain_json();
  } catch (const LoadError&) {
    return std::nullopt;
  }
}

// Whether `v` reads back equal from the text report::write_json makes of
// it: every string and member name is UTF-8 (the writer puts U+FFFD for
// other bytes) and every floating-point number is finite (the writer puts
// null for the others). Integers, finite numbers (written with the digits
// that read back the same double), booleans and null always do.
bool reads_back_equal(const nlohmann::json& v) {
  using T = nlohmann::json::value_t;
  switch (v.type()) {
    case T::string:
      return !utf8::first_invalid(v.get_ref<const std::string&>());
    case T::number_float:
      return std::isfinite(v.get<double>());
    case T::array:
      return std::all_of(v.begin(), v.end(), [](const auto& e) { return reads_back_equal(e); });
    case T::object:
      for (const auto& [key, value] : v.items()) {
        if (utf8::first_invalid(key) || !reads_back_equal(value)) return false;
      }
      return true;
    default:
      return true;
  }
}
}  // namespace

std::optional<nlohmann::json> load_json(const std::filesystem::path& dir, std::string_view kind,
                                        const std::string& key) {
  if (dir.empty()) return std::nullopt;
  const auto text = read_file(dir / kind / (key + ".json"));
  if (!text) return std::nullopt;
  return parse_remembered(std::move(*text));
}

void store_json(const std::filesystem::path& dir, std::string_view kind, const std::string& key,
                const nlohmann::json& value) {
  if (dir.empty() || !reads_back_equal(value)) return;
  // Written as it is rendered: at x100 scale the registry audit's result
  // is 24 MB of text, which is never held whole.
  (void)write_file_atomically(dir / kind / (key + ".json"), [&value](std::FILE* f) {
    report::write_json(f, value, -1);
    return true;
  });
}

}  // namespace relctl::cache
