#pragma once
// The files of relctl's caches (docs/performance.md): names made from a
// hash of what an entry depends on, contents read whole and written
// atomically. A cache that cannot be read or written only costs speed.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace relctl::cache {

// Where relctl's caches live: $RELCTL_CACHE_DIR, else
// $XDG_CACHE_HOME/relctl, else $HOME/.cache/relctl; empty (no cache) when
// RELCTL_NO_CACHE is set to anything but "" or "0", or when none of the
// variables is set.
[[nodiscard]] std::filesystem::path default_dir();

// The GNU build id of the running program (hex), which changes with any
// change to its code: part of every cache key, so that no entry written by
// another build of relctl is ever read. "" when the program has none.
[[nodiscard]] const std::string& build_id();

// 32 hex digits of an XXH3-128 hash of the parts, each length-prefixed (so
// that ("ab", "c") and ("a", "bc") differ). Not a cryptographic hash.
[[nodiscard]] std::string key(std::initializer_list<std::string_view> parts);

// The same, part by part: KeyBuilder().add(a).add(b).hex() == key({a, b}).
class KeyBuilder {
 public:
  KeyBuilder();
  KeyBuilder& add(std::string_view part);
  // One part given in pieces: the same as add() of their concatenation.
  KeyBuilder& add_pieces(std::initializer_list<std::string_view> pieces);
  [[nodiscard]] std::string hex() const;

 private:
  alignas(64) unsigned char state_[576];  // an XXH3_state_t (static_assert in the .cpp)
};

// The whole file, or nullopt when it cannot be opened or read. Refuses to
// follow a symbolic link at the last component.
[[nodiscard]] std::optional<std::string> read_file(const std::filesystem::path& p);

// Writes `content` to `p` through a temporary file in the same folder,
// renamed into place (creating the folder first); readers see the old file
// or the new one, never a part. Best effort: false when it did not happen.
bool write_file_atomically(const std::filesystem::path& p, std::string_view content);
// The same for content given in pieces, written one after the other.
bool write_file_atomically(const std::filesystem::path& p,
                           std::span<const std::string_view> pieces);
// The same for content `write` puts on a stdio stream, so that it is never
// held whole; the file is kept only when `write` returns true (and does not
// throw) and every write succeeded.
bool write_file_atomically(const std::filesystem::path& p,
                           const std::function<bool(std::FILE*)>& write);

// A JSON value remembered in `dir`/`kind`/`key`.json: nullopt on a miss
// (also when `dir` is empty, or the entry does not parse).
[[nodiscard]] std::optional<nlohmann::json> load_json(const std::filesystem::path& dir,
                                                      std::string_view kind,
                                                      const std::string& key);
// Remembers `value` there, atomically and best effort, written a piece at a
// time; a value whose text would not read back equal (strings that are not
// UTF-8, numbers that are not finite) is not remembered.
void store_json(const std::filesystem::path& dir, std::string_view kind, const std::string& key,
                const nlohmann::json& value);

// A sealed entry: `magic` (a line naming the format and its version), the
// body, and the key (above) of the body. unseal() gives the body back only
// when the magic is there and the key matches: a truncated, damaged or
// foreign file reads as a miss.
[[nodiscard]] std::string seal(std::string_view magic, std::string_view body);
// Writes seal(magic, concatenation of `body`) to `p` atomically, without
// building the concatenation (an audit result at ×100 holds a 31 MB report).
bool write_sealed(const std::filesystem::path& p, std::string_view magic,
                  std::initializer_list<std::string_view> body);
[[nodiscard]] std::optional<std::string_view> unseal(std::string_view magic,
                                                     std::string_view bytes);

// The binary entries of the contracts and audit-result caches: strings are
// a 32-bit length and their bytes, numbers little-endian as the machine
// writes them (a cache file is not shared between machines).
class ByteWriter {
 public:
  void u32(std::uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void u64(std::uint64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void byte(unsigned char b) { out_.push_back(static_cast<char>(b)); }
  void raw(std::string_view s) { out_.append(s); }
  [[nodiscard]] const std::string& text() const { return out_; }

 private:
  std::string out_;
};

// Every read checks the bounds: a damaged file is refused, never overrun.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool u32(std::uint32_t& v) { return fixed(&v, sizeof v); }
  bool u64(std::uint64_t& v) { return fixed(&v, sizeof v); }
  bool str(std::string_view& s) {
    std::uint32_t n = 0;
    if (!u32(n) || in_.size() - at_ < n) return false;
    s = in_.substr(at_, n);
    at_ += n;
    return true;
  }
  bool byte(unsigned char& b) {
    if (at_ == in_.size()) return false;
    b = static_cast<unsigned char>(in_[at_++]);
    return true;
  }
  bool raw(std::string_view expected) {
    if (in_.substr(at_, expected.size()) != expected) return false;
    at_ += expected.size();
    return true;
  }
  [[nodiscard]] bool done() const { return at_ == in_.size(); }

 private:
  bool fixed(void* v, std::size_t n) {
    if (in_.size() - at_ < n) return false;
    std::memcpy(v, in_.data() + at_, n);
    at_ += n;
    return true;
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace relctl::cache
