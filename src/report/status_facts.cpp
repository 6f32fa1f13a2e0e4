#include "relctl/report/status_facts.hpp"

#include "relctl/util/cache_file.hpp"
#include "relctl/util/text.hpp"

namespace relctl::report {
namespace {

namespace fs = std::filesystem;

// The entry: this magic line, then (sealed, cache::seal) the key of the
// status.json text, a flag byte, the two ids (a flag byte and a string
// each), the active repositories and the lane ids (a count, then strings).
constexpr std::string_view kMagic = "relctl status facts 1\n";

std::optional<std::string> nonblank(const JsonNode& root, const char* section, const char* key) {
  const JsonNode* sec = root.find(section);
  if (sec == nullptr || !sec->is_object()) return std::nullopt;
  const JsonNode* v = sec->find(key);
  if (v == nullptr || !v->is_string() || text::is_blank(v->str())) return std::nullopt;
  return std::string(v->str());
}

void put_optional(cache::ByteWriter& w, const std::optional<std::string>& s) {
  w.byte(s ? 1 : 0);
  w.str(s ? *s : std::string_view());
}

bool get_optional(cache::ByteReader& r, std::optional<std::string>& s) {
  unsigned char has = 0;
  std::string_view v;
  if (!r.byte(has) || has > 1 || !r.str(v)) return false;
  if (has) s = std::string(v);
  return true;
}

// Nothing is reserved from the count: a count past the end fails on the
// first string that is not there.
template <class Add>
bool get_strings(cache::ByteReader& r, Add add) {
  std::uint32_t n = 0;
  if (!r.u32(n)) return false;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string_view s;
    if (!r.str(s)) return false;
    add(std::string(s));
  }
  return true;
}

}  // namespace

StatusFacts read_status_facts(const JsonNode& root) {
  StatusFacts f;
  f.root_is_object = root.is_object();
  if (!f.root_is_object) return f;
  f.control_plane_repo = nonblank(root, "scope", "control_plane_repo");
  f.local_repo = nonblank(root, "evidence_reference_policy", "local_repo");
  if (const JsonNode* sc = root.find("scope"); sc != nullptr && sc->is_object()) {
    if (const JsonNode* ar = sc->find("active_repos"); ar != nullptr && ar->is_array()) {
      for (const auto& r : *ar) {
        if (r.is_string() && !text::is_blank(r.str())) f.active_repos.emplace_back(r.str());
      }
    }
  }
  if (const JsonNode* lanes = root.find("lanes"); lanes != nullptr && lanes->is_array()) {
    for (const auto& l : *lanes) {
      if (!l.is_object()) continue;
      const JsonNode* id = l.find("id");
      if (id != nullptr && id->is_string()) f.lane_ids.emplace(id->str());
    }
  }
  return f;
}

std::string encode_status_facts(std::string_view text_key, const StatusFacts& f) {
  cache::ByteWriter w;
  w.str(text_key);
  w.byte(f.root_is_object ? 1 : 0);
  put_optional(w, f.control_plane_repo);
  put_optional(w, f.local_repo);
  w.u32(static_cast<std::uint32_t>(f.active_repos.size()));
  for (const auto& r : f.active_repos) w.str(r);
  w.u32(static_cast<std::uint32_t>(f.lane_ids.size()));
  for (const auto& id : f.lane_ids) w.str(id);
  return cache::seal(kMagic, w.text());
}

std::optional<StatusFacts> decode_status_facts(std::string_view bytes, std::string_view text_key) {
  const auto body = cache::unseal(kMagic, bytes);
  if (!body) return std::nullopt;
  cache::ByteReader r(*body);
  StatusFacts f;
  std::string_view key;
  unsigned char is_object = 0;
  if (!r.str(key) || key != text_key || !r.byte(is_object) || is_object > 1 ||
      !get_optional(r, f.control_plane_repo) || !get_optional(r, f.local_repo)) {
    return std::nullopt;
  }
  f.root_is_object = is_object == 1;
  if (!get_strings(r, [&f](std::string s) { f.active_repos.push_back(std::move(s)); }) ||
      !get_strings(r, [&f](std::string s) { f.lane_ids.insert(std::move(s)); }) || !r.done()) {
    return std::nullopt;
  }
  return f;
}

StatusFacts status_facts(ControlFiles& files, const fs::path& cache_dir) {
  if (cache_dir.empty()) return read_status_facts(files.status_doc().root());
  const std::string text_key =
      cache::key({"relctl-status-facts-1", RELCTL_VERSION, cache::build_id(), files.status_text()});
  const fs::path file =
      cache_dir / "status-facts" /
      cache::key({"relctl-status-facts-1", RELCTL_VERSION, cache::build_id(),
                  files.repo().root().string(), files.staged() ? "index" : "work tree"});
  if (const auto bytes = cache::read_file(file)) {
    if (auto f = decode_status_facts(*bytes, text_key)) return std::move(*f);
  }
  StatusFacts f = read_status_facts(files.status_doc().root());
  cache::write_file_atomically(file, encode_status_facts(text_key, f));
  return f;
}

std::string local_repo_id(ControlFiles& files, const StatusFacts& facts) {
  if (!facts.root_is_object) (void)files.status();  // refused as binding refuses it
  if (facts.control_plane_repo) return *facts.control_plane_repo;
  if (facts.local_repo) return *facts.local_repo;
  const auto shared = files.repo().shared_root();
  return (shared ? *shared : files.repo().root()).filename().string();
}

}  // namespace relctl::report
