#include "relctl/schema/verdict_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <system_error>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace relctl::schema {
namespace {

// Bump when the validator's verdict for the same texts may change (a fixed
// keyword, a new check, a reworded message), so that no stale verdict
// survives an upgrade.
constexpr std::string_view kFormat = "relctl-schema-verdict-2";

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? v : nullptr;
}

void update_with_length(XXH3_state_t* st, std::string_view s) {
  const std::uint64_t n = s.size();
  XXH3_128bits_update(st, &n, sizeof n);
  XXH3_128bits_update(st, s.data(), s.size());
}

bool read_all(const std::filesystem::path& p, std::string& out) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  char buf[16384];
  ssize_t n = 0;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return n == 0;
}

bool write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool well_formed(const nlohmann::json& findings) {
  if (!findings.is_array()) return false;
  for (const auto& f : findings) {
    if (!f.is_object() || f.size() != 5) return false;
    for (const char* k : {"line", "col"}) {
      if (!f.contains(k) || !f[k].is_number_unsigned()) return false;
    }
    for (const char* k : {"path", "keyword", "message"}) {
      if (!f.contains(k) || !f[k].is_string()) return false;
    }
  }
  return true;
}

}  // namespace

VerdictCache VerdictCache::from_environment() {
  if (const char* off = env("RELCTL_NO_CACHE"); off != nullptr && std::string_view(off) != "0") {
    return {};
  }
  if (const char* dir = env("RELCTL_CACHE_DIR")) return VerdictCache(dir);
  if (const char* xdg = env("XDG_CACHE_HOME")) {
    return VerdictCache(std::filesystem::path(xdg) / "relctl");
  }
  if (const char* home = env("HOME")) {
    return VerdictCache(std::filesystem::path(home) / ".cache" / "relctl");
  }
  return {};
}

std::string VerdictCache::key(std::string_view schema_text, std::string_view instance_text) {
  XXH3_state_t st;
  XXH3_128bits_reset(&st);
  update_with_length(&st, kFormat);
  update_with_length(&st, RELCTL_VERSION);
  update_with_length(&st, schema_text);
  update_with_length(&st, instance_text);
  const XXH128_hash_t h = XXH3_128bits_digest(&st);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[static_cast<std::size_t>(15 - i)] = kHex[(h.high64 >> (4 * i)) & 0xF];
    out[static_cast<std::size_t>(31 - i)] = kHex[(h.low64 >> (4 * i)) & 0xF];
  }
  return out;
}

std::filesystem::path VerdictCache::entry(std::string_view schema_text,
                                          std::string_view instance_text) const {
  return dir_ / "schema-verdicts" / (key(schema_text, instance_text) + ".json");
}

std::optional<nlohmann::json> VerdictCache::lookup(std::string_view schema_text,
                                                   std::string_view instance_text) const {
  if (!enabled()) return std::nullopt;
  std::string text;
  if (!read_all(entry(schema_text, instance_text), text)) return std::nullopt;
  auto findings = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!well_formed(findings)) return std::nullopt;
  return findings;
}

void VerdictCache::store(std::string_view schema_text, std::string_view instance_text,
                         const nlohmann::json& findings) const {
  if (!enabled() || !well_formed(findings)) return;
  const auto target = entry(schema_text, instance_text);
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) return;
  std::string tmp = target.string() + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return;
  const bool ok = write_all(fd, findings.dump() + "\n");
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), target.c_str()) != 0) ::unlink(tmp.c_str());
}

}  // namespace relctl::schema
