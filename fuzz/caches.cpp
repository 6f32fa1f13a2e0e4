// Fuzz target: relctl's cache files as an attacker or a crash could leave
// them. The input is taken as a contracts cache file (registry::ContractCache),
// as a remembered JSON value (cache::load_json), as a remembered audit
// result (report/audit_cache.hpp) and as remembered facts of status.json
// (report/status_facts.hpp): whole, and as the body of an entry whose
// hash is made to match, so that the body's reader is reached. None may
// crash, hang or read out of bounds; a contracts cache file that loads must
// hold only what the parser can produce (headings among the three sections),
// and what any of them holds must survive being written back and read again
// unchanged.
#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "relctl/registry/contract_cache.hpp"
#include "relctl/report/audit_cache.hpp"
#include "relctl/report/status_facts.hpp"
#include "relctl/util/cache_file.hpp"

namespace {

namespace fs = std::filesystem;
using relctl::fuzz::finding;
using relctl::registry::ContractCache;
using relctl::registry::ParsedContract;

const fs::path& work_dir() {
  static const fs::path dir = [] {
    std::string t = (fs::temp_directory_path() / "relctl-fuzz-caches-XXXXXX").string();
    if (::mkdtemp(t.data()) == nullptr) finding("cannot make a temporary folder");
    return fs::path(t);
  }();
  return dir;
}

// The stat data the names are looked up with: a regular file, old enough.
struct stat old_file(std::uint64_t ino) {
  struct stat st {};
  st.st_mode = S_IFREG | 0644;
  st.st_ino = static_cast<ino_t>(ino);
  st.st_size = 100;
  st.st_mtim.tv_sec = 1000;
  st.st_ctim.tv_sec = 1000;
  return st;
}

void check(const ParsedContract& p) {
  const auto sections = relctl::registry::reference_sections();
  for (const auto& r : p.references) {
    bool known = false;
    for (const auto s : sections) known = known || (r.heading.data() == s.data());
    if (!known) finding("a loaded reference's heading is not one of the three sections");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto now = std::chrono::system_clock::now();
  const fs::path cache_dir = work_dir() / "cache";
  ContractCache cache(cache_dir, "/fuzz/contracts", {}, now);
  if (!relctl::cache::write_file_atomically(cache.file(), input)) finding("cannot write");

  // The names a seed would hold; any stat signature the input holds for
  // them is matched only if equal, so look each up by its own entry too.
  std::vector<std::pair<std::string, ParsedContract>> loaded;
  for (const char* name : {"a.md", "b.md", "web-console.md"}) {
    for (std::uint64_t ino : {1ULL, 2ULL}) {
      const struct stat st = old_file(ino);
      if (const auto* p = cache.find(name, st)) {
        check(*p);
        loaded.emplace_back(name, *p);
      }
    }
  }
  // What was loaded, written back and read again, is the same.
  if (!loaded.empty()) {
    for (const auto& [name, p] : loaded) cache.remember(name, old_file(1), p);
    cache.save();
    ContractCache again(cache_dir, "/fuzz/contracts", {}, now);
    for (const auto& [name, p] : loaded) {
      const auto* q = again.find(name, old_file(1));
      if (q == nullptr) finding("a remembered contract was not found again");
      if (q->subsystem_id != p.subsystem_id || q->references != p.references) {
        finding("a remembered contract came back changed");
      }
    }
  }

  relctl::cache::write_file_atomically(cache_dir / "k" / "v.json", input);
  (void)relctl::cache::load_json(cache_dir, "k", "v");

  using relctl::report::decode_audit_result;
  using relctl::report::encode_audit_result;
  const std::string as_body =
      "relctl audit result 1\n" + input + relctl::cache::key({std::string_view(input)});
  for (const std::string* bytes : {&input, &as_body}) {
    const auto r = decode_audit_result(*bytes);
    if (!r) continue;
    if (decode_audit_result(encode_audit_result(*r)) != r) {
      finding("a remembered audit result came back changed");
    }
  }

  // Status facts are looked up with the text key the seeds use ("k").
  using relctl::report::decode_status_facts;
  using relctl::report::encode_status_facts;
  const std::string as_facts =
      "relctl status facts 1\n" + input + relctl::cache::key({std::string_view(input)});
  for (const std::string* bytes : {&input, &as_facts}) {
    const auto f = decode_status_facts(*bytes, "k");
    if (!f) continue;
    if (decode_status_facts(encode_status_facts("k", *f), "k") != f) {
      finding("remembered facts of status.json came back changed");
    }
  }
  return 0;
}
