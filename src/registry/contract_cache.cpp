#include "relctl/registry/contract_cache.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "relctl/util/cache_file.hpp"

namespace relctl::registry {
namespace {

// The entry format. The key also holds relctl's version and the program's
// build id (cache::build_id()): no parse written by another build is read.
constexpr std::string_view kFormat = "relctl-contracts-2";

std::chrono::nanoseconds since_epoch(const struct timespec& t) {
  return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
}

// The cache file: a magic line, then for each file its name, stat
// signature, subsystem id (a flag byte, then the id when there is one) and
// references (a count, then per reference the index of its heading among
// reference_sections(), its path, line and heading line). Strings are a
// 32-bit length and their bytes; numbers are 32-bit, little-endian as the
// machine writes them (a cache file is not shared between machines).
constexpr std::string_view kMagic = "relctl contracts cache 1\n";

using Writer = cache::ByteWriter;
using Reader = cache::ByteReader;

bool read_parsed(Reader& r, ParsedContract& p) {
  unsigned char has_id = 0;
  if (!r.byte(has_id) || has_id > 1) return false;
  if (has_id == 1) {
    std::string_view id;
    if (!r.str(id)) return false;
    p.subsystem_id = std::string(id);
  }
  std::uint32_t count = 0;
  if (!r.u32(count)) return false;
  const auto sections = reference_sections();
  p.references.reserve(std::min<std::uint32_t>(count, 1U << 16));
  for (std::uint32_t i = 0; i < count; ++i) {
    unsigned char h = 0;
    std::string_view path;
    std::uint32_t line = 0;
    std::uint32_t heading_line = 0;
    // Line numbers an int holds only: storable() refuses the others, so a
    // parse loaded here is always one that could have been remembered.
    constexpr std::uint32_t kMaxLine = std::numeric_limits<int>::max();
    if (!r.byte(h) || h >= sections.size() || !r.str(path) || !r.u32(line) ||
        !r.u32(heading_line) || line > kMaxLine || heading_line > kMaxLine) {
      return false;
    }
    p.references.push_back(ContractReference{sections[h], std::string(path), static_cast<int>(line),
                                             static_cast<int>(heading_line)});
  }
  return true;
}

// Whether every reference's heading is one the format can name.
bool storable(const ParsedContract& p) {
  const auto sections = reference_sections();
  return std::all_of(p.references.begin(), p.references.end(), [&](const ContractReference& r) {
    return std::find(sections.begin(), sections.end(), r.heading) != sections.end() &&
           r.line >= 0 && r.heading_line >= 0;
  });
}

}  // namespace

ContractCache::ContractCache(const std::filesystem::path& cache_dir, const std::string& folder,
                             const ContractParseOptions& opts,
                             std::chrono::system_clock::time_point now)
    : now_(now) {
  if (cache_dir.empty()) return;
  const std::string options =
      fmt::format("{}{}", opts.all_item_numbers ? 1 : 0, opts.heading_line_from_first ? 1 : 0);
  file_ = cache_dir / "contracts" /
          (cache::key({kFormat, RELCTL_VERSION, cache::build_id(), folder, options}) + ".bin");
}

std::string ContractCache::signature(const struct stat& st) {
  return fmt::format("{}:{}:{}:{}:{}.{:09}:{}.{:09}", st.st_dev, st.st_ino, st.st_mode, st.st_size,
                     st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

void ContractCache::load() {
  loaded_ = true;
  const auto text = cache::read_file(file_);
  if (!text) return;
  // All or nothing: a damaged file is a miss for every contract, and is
  // rewritten.
  std::map<std::string, Entry, std::less<>> entries;
  Reader r(*text);
  std::uint32_t count = 0;
  if (!r.raw(kMagic) || !r.u32(count)) return;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string_view name;
    std::string_view sig;
    Entry e;
    if (!r.str(name) || !r.str(sig) || !read_parsed(r, e.parsed)) return;
    e.signature = std::string(sig);
    entries.insert_or_assign(std::string(name), std::move(e));
  }
  if (!r.done()) return;
  entries_ = std::move(entries);
}

const ParsedContract* ContractCache::find(const std::string& name, const struct stat& st) {
  if (!enabled()) return nullptr;
  if (!loaded_) load();
  auto it = entries_.find(name);
  if (it == entries_.end() || !S_ISREG(st.st_mode) || it->second.signature != signature(st)) {
    ++misses_;
    return nullptr;
  }
  it->second.used = true;
  ++hits_;
  return &it->second.parsed;
}

void ContractCache::remember(const std::string& name, const struct stat& st,
                             const ParsedContract& parsed) {
  if (!enabled()) return;
  if (!loaded_) load();
  const auto limit = now_.time_since_epoch() - kRacyMargin;
  if (!S_ISREG(st.st_mode) || since_epoch(st.st_mtim) >= limit ||
      since_epoch(st.st_ctim) >= limit || !storable(parsed)) {
    // Not remembered; an older entry for the name is dropped by save().
    return;
  }
  entries_[name] = Entry{signature(st), parsed, true};
  dirty_ = true;
}

void ContractCache::save() {
  if (!enabled()) return;
  if (!loaded_) load();
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.used) {
      ++it;
    } else {
      it = entries_.erase(it);
      dirty_ = true;
    }
  }
  if (!dirty_) return;
  const auto sections = reference_sections();
  Writer w;
  w.raw(kMagic);
  w.u32(static_cast<std::uint32_t>(entries_.size()));
  for (const auto& [name, e] : entries_) {
    w.str(name);
    w.str(e.signature);
    w.byte(e.parsed.subsystem_id ? 1 : 0);
    if (e.parsed.subsystem_id) w.str(*e.parsed.subsystem_id);
    w.u32(static_cast<std::uint32_t>(e.parsed.references.size()));
    for (const auto& ref : e.parsed.references) {
      w.byte(static_cast<unsigned char>(std::find(sections.begin(), sections.end(), ref.heading) -
                                        sections.begin()));
      w.str(ref.path);
      w.u32(static_cast<std::uint32_t>(ref.line));
      w.u32(static_cast<std::uint32_t>(ref.heading_line));
    }
  }
  (void)cache::write_file_atomically(file_, w.text());
  dirty_ = false;
}

}  // namespace relctl::registry
