#include "relctl/schema/verdict_cache.hpp"

#include <cstdlib>
#include <string>

#include "relctl/util/cache_file.hpp"

namespace relctl::schema {
namespace {

// The entry format. The key also holds relctl's version and the program's
// build id (cache::build_id()), so a verdict written by any other build of
// relctl, older or newer, is never read.
constexpr std::string_view kFormat = "relctl-schema-verdict-2";

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

VerdictCache VerdictCache::from_environment() { return VerdictCache(cache::default_dir()); }

std::string VerdictCache::key(std::string_view schema_text, std::string_view instance_text) {
  return cache::key({kFormat, RELCTL_VERSION, cache::build_id(), schema_text, instance_text});
}

std::filesystem::path VerdictCache::entry(std::string_view schema_text,
                                          std::string_view instance_text) const {
  return dir_ / "schema-verdicts" / (key(schema_text, instance_text) + ".json");
}

std::optional<nlohmann::json> VerdictCache::lookup(std::string_view schema_text,
                                                   std::string_view instance_text) const {
  if (!enabled()) return std::nullopt;
  const auto text = cache::read_file(entry(schema_text, instance_text));
  if (!text) return std::nullopt;
  auto findings = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!well_formed(findings)) return std::nullopt;
  return findings;
}

void VerdictCache::store(std::string_view schema_text, std::string_view instance_text,
                         const nlohmann::json& findings) const {
  if (!enabled() || !well_formed(findings)) return;
  (void)cache::write_file_atomically(entry(schema_text, instance_text), findings.dump() + "\n");
}

}  // namespace relctl::schema
