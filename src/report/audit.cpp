#include "relctl/report/audit.hpp"

#include <algorithm>
#include <optional>
#include <variant>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "relctl/derive/audit_report.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/report/audit_cache.hpp"
#include "relctl/report/json_writer.hpp"
#include "relctl/rules/audit.hpp"
#include "relctl/schema/schema.hpp"
#include "relctl/util/cache_file.hpp"
#include "relctl/util/keep.hpp"

namespace relctl::report {
namespace {

nlohmann::json diagnostics_json(const rules::Diagnostics& diags, const JsonDocument& doc) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : diags.all()) {
    const SourcePos pos = doc.locate(d.path);
    out.push_back({{"rule", d.rule},
                   {"severity", d.severity == rules::Severity::kError ? "error" : "warning"},
                   {"file", d.file},
                   {"line", pos.line},
                   {"col", pos.col},
                   {"path", d.path.str()},
                   {"location", d.location},
                   {"message", d.message}});
  }
  return out;
}

}  // namespace

nlohmann::json schema_findings(ControlFiles& files, const schema::VerdictCache& verdicts) {
  nlohmann::json out = nlohmann::json::array();
  struct Pair {
    const std::string& file;
    const std::string& (ControlFiles::*text)();
    const JsonDocument& (ControlFiles::*instance)();
    const JsonDocument& (ControlFiles::*schema)();
  };
  const auto& profile = files.control_plane().active_profile();
  const std::string cp_file = model::control_plane_constants::kPath;
  const Pair pairs[] = {{cp_file, &ControlFiles::control_plane_text,
                         &ControlFiles::control_plane_doc, &ControlFiles::control_plane_schema_doc},
                        {profile.status, &ControlFiles::status_text, &ControlFiles::status_doc,
                         &ControlFiles::status_schema_doc},
                        {profile.registry, &ControlFiles::registry_text,
                         &ControlFiles::registry_doc, &ControlFiles::registry_schema_doc}};
  for (const auto& p : pairs) {
    // The text is enough to look the verdict up: a document the audit has
    // released is parsed again only when the cache does not know the pair.
    const std::string& text = (files.*p.text)();
    // A missing or unusable schema is one finding; a control file that does
    // not parse is bad input (LoadError), as everywhere else.
    auto unavailable = [&](const LoadError& e) {
      out.push_back({{"file", e.file()},
                     {"line", e.pos().line},
                     {"col", e.pos().col},
                     {"path", e.path() ? e.path()->str() : std::string("$")},
                     {"keyword", "schema-unavailable"},
                     {"message", fmt::format("{} cannot be checked: {}", p.file, e.message())}});
    };
    const JsonDocument* schema_doc = nullptr;
    try {
      schema_doc = &(files.*p.schema)();
    } catch (const LoadError& e) {
      unavailable(e);
      continue;
    }
    std::optional<nlohmann::json> found = verdicts.lookup(schema_doc->text(), text);
    if (!found) {
      // Parsing may take over the text `text` refers to; use instance.text().
      const JsonDocument& instance = (files.*p.instance)();
      try {
        const auto compiled = schema::Schema::compile(*schema_doc);
        found = nlohmann::json::array();
        for (auto& v : compiled.validate(instance.root())) {
          const SourcePos pos = instance.locate(v.instance_path);
          found->push_back({{"line", pos.line},
                            {"col", pos.col},
                            {"path", v.instance_path.str()},
                            {"keyword", std::move(v.keyword)},
                            {"message", std::move(v.message)}});
        }
      } catch (const LoadError& e) {
        unavailable(e);
        continue;
      }
      verdicts.store(schema_doc->text(), instance.text(), *found);
    }
    for (auto& f : *found) {
      out.push_back({{"file", p.file},
                     {"line", std::move(f["line"])},
                     {"col", std::move(f["col"])},
                     {"path", std::move(f["path"])},
                     {"keyword", std::move(f["keyword"])},
                     {"message", std::move(f["message"])}});
    }
  }
  return out;
}

namespace {

// What one run of the rules left: the report, and the time as the rules
// saw it (the span their answers about it hold for).
struct Computed {
  nlohmann::json report;
  rules::Now now;
};

Computed compute_audit(ControlFiles& files, TimePoint now, const AuditOptions& opts,
                       const rules::FileProbe& probe) {
  const auto& cp = files.control_plane();
  const auto& status = files.status();
  const auto enums = rules::extract_schema_enums(files.status_schema_doc());
  const auto registry = rules::build_registry_maps(files.registry());
  const std::string version = files.version();
  const rules::AuditContext ctx{cp, enums, registry, probe, now, version};
  // Schema findings before the rules. On a cache miss the validator reads
  // each document's parsed nodes in place; until session 9 it built an
  // nlohmann tree of each file, and this order had that tree gone before
  // the rules' records and the report existed (docs/performance.md).
  nlohmann::json schema_violations =
      opts.validate_schemas ? schema_findings(files, opts.verdicts) : nlohmann::json::array();
  rules::AuditState state = rules::run_rules(status, ctx);
  // Past the rules nothing reads the models, and once the findings have
  // their positions nothing reads the parsed documents either; past the
  // report nothing reads the records. Each is dropped before the next large
  // thing is built, which reuses its memory (docs/performance.md).
  nlohmann::json diagnostics = diagnostics_json(state.diags, files.status_doc());
  if (opts.release_documents) {
    files.release_documents();
  } else {
    files.release_models();
  }
  nlohmann::json report = derive::build_audit_report(state, ctx);
  {
    const rules::AuditState records = std::move(state);  // freed here
  }
  report["schema_violations"] = std::move(schema_violations);
  report["diagnostics"] = std::move(diagnostics);
  if (opts.strict) {
    for (const auto& v : report["schema_violations"]) {
      report["errors"].push_back(fmt::format(
          "{} {} ({}:{}:{})", v["path"].get<std::string>(), v["message"].get<std::string>(),
          v["file"].get<std::string>(), v["line"].get<unsigned>(), v["col"].get<unsigned>()));
    }
  }
  return {std::move(report), ctx.now};
}

// What status_report() gives back of the parsed documents and models.
void release_for_report(ControlFiles& files, const StatusReportOptions& opts) {
  files.release_status_document();
  if (!opts.keep_registry) files.release_registry_document();
}

Computed compute_status_report(ControlFiles& files, TimePoint now, const StatusReportOptions& opts,
                               const rules::FileProbe& probe) {
  const auto& cp = files.control_plane();
  const auto& status = files.status();
  const auto enums = rules::extract_schema_enums(files.status_schema_doc());
  const auto registry = rules::build_registry_maps(files.registry());
  const rules::AuditContext ctx{cp, enums, registry, probe, now, opts.version};
  rules::AuditState state = rules::run_rules(status, ctx);
  // As in compute_audit: the report reads neither the models nor the
  // documents, and takes their memory.
  release_for_report(files, opts);
  nlohmann::json report = derive::build_audit_report(state, ctx);
  discard(std::move(state));
  return {std::move(report), ctx.now};
}

using TextOf = const std::string& (ControlFiles::*)();

// The result cache for one form of the audit: `form` names it and its
// options, `texts` are the files it reads. Disabled when `dir` is empty or
// a text cannot be read (the audit then reports that itself).
AuditResultCache result_cache(const std::filesystem::path& dir, ControlFiles& files,
                              const std::string& form, std::initializer_list<TextOf> texts) {
  if (dir.empty()) return {};
  try {
    const std::string slot =
        cache::key({"relctl-audit-result-1", cache::build_id(), RELCTL_VERSION, form,
                    files.repo().root().string(), files.staged() ? "index" : "work tree"});
    cache::KeyBuilder inputs;
    inputs.add(slot);
    for (const TextOf text : texts) inputs.add((files.*text)());
    return AuditResultCache(dir, slot, inputs.hex());
  } catch (const LoadError&) {
    return {};
  }
}

// A remembered report read back (nullopt if its text does not parse, which
// only a damaged entry with an intact hash could cause).
std::optional<nlohmann::json> parsed(std::string text) {
  try {
    auto doc = JsonDocument::parse(std::move(text), "remembered audit result");
    nlohmann::json out = doc.root().to_plain_json();
    discard(std::move(doc));
    return out;
  } catch (const LoadError&) {
    return std::nullopt;
  }
}

// The top-level members of a report as print_json writes it (indent 2):
// each starts a line with exactly two spaces and a quote, which nothing
// deeper does (nested lines have four spaces or more, and a JSON string
// holds no raw line break). nullopt when the text is not laid out so.
using Members = std::vector<std::pair<std::string_view, std::string_view>>;
std::optional<Members> top_level_members(std::string_view text) {
  if (text == "{}\n") return Members{};
  constexpr std::string_view kOpen = "{\n", kClose = "\n}\n", kStart = "\n  \"", kSep = "\": ";
  if (text.size() < kOpen.size() + kClose.size() || text.substr(0, kOpen.size()) != kOpen ||
      text.substr(text.size() - kClose.size()) != kClose) {
    return std::nullopt;
  }
  const std::string_view body = text.substr(1, text.size() - kClose.size() - 1);  // "\n  ..."
  Members out;
  std::size_t at = 0;
  while (at < body.size()) {
    if (body.substr(at, kStart.size()) != kStart) return std::nullopt;
    const std::size_t key_at = at + kStart.size();
    const std::size_t sep = body.find(kSep, key_at);
    if (sep == std::string_view::npos) return std::nullopt;
    const std::string_view key = body.substr(key_at, sep - key_at);
    // Plain keys only (the report's own names); anything else is read whole.
    if (key.find_first_of("\\\"") != std::string_view::npos) return std::nullopt;
    const std::size_t value_at = sep + kSep.size();
    std::size_t next = body.find(kStart, value_at);
    if (next == std::string_view::npos) next = body.size();
    std::size_t value_end = next;
    if (next != body.size()) {
      if (body[next - 1] != ',') return std::nullopt;
      --value_end;
    }
    out.emplace_back(key, body.substr(value_at, value_end - value_at));
    at = next;
  }
  return out;
}

// Only `members` of a remembered report (all when empty), read back.
std::optional<nlohmann::json> parsed_members(std::string text,
                                             const std::vector<std::string>& members) {
  if (members.empty()) return parsed(std::move(text));
  const auto all = top_level_members(text);
  if (!all) return parsed(std::move(text));
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : *all) {
    if (std::find(members.begin(), members.end(), key) == members.end()) continue;
    auto v = parsed(std::string(value));
    if (!v) return std::nullopt;
    out[std::string(key)] = std::move(*v);
  }
  return out;
}

// The computed report with only `members` (all when empty).
nlohmann::json only(nlohmann::json report, const std::vector<std::string>& members) {
  if (members.empty() || !report.is_object()) return report;
  nlohmann::json out = nlohmann::json::object();
  for (const auto& m : members) {
    if (auto it = report.find(m); it != report.end()) out[m] = std::move(*it);
  }
  discard(std::move(report));
  return out;
}

std::uint32_t error_count(const nlohmann::json& report) {
  const auto it = report.find("errors");
  return it != report.end() && it->is_array() ? static_cast<std::uint32_t>(it->size()) : 0;
}

// Runs `compute(probe)` through `cache`: a remembered result when there is
// one, else the computed report, remembered; then its text, written for
// the cache, is also left in `*text` when the caller wants it.
template <class Compute>
std::variant<AuditResult, nlohmann::json> remembered(const AuditResultCache& cache,
                                                     const ControlFiles& files, TimePoint now,
                                                     Compute&& compute,
                                                     std::string* text = nullptr) {
  const rules::DiskProbe disk(files.repo());
  if (auto hit = cache.find(now, disk)) {
    spdlog::debug("audit result cache: remembered result used ({} answers from disk agree)",
                  hit->questions.size());
    return std::move(*hit);
  }
  if (!cache.enabled()) return compute(disk).report;
  // The disk probe remembers what it was asked while checking the entry:
  // the run sees the same answers.
  const RecordingProbe probe(disk);
  Computed c = compute(probe);
  std::string written = to_json_text(c.report, 2) + "\n";
  cache.store(c.now, probe, error_count(c.report), written);
  if (text != nullptr) *text = std::move(written);
  return std::move(c.report);
}

// The report through `cache` as a tree holding only `members` (all when
// empty); a remembered text that does not read back is computed again.
template <class Compute>
nlohmann::json remembered_tree(const AuditResultCache& cache, const ControlFiles& files,
                               TimePoint now, Compute&& compute,
                               const std::vector<std::string>& members) {
  auto r = remembered(cache, files, now, compute);
  if (auto* hit = std::get_if<AuditResult>(&r)) {
    if (auto j = parsed_members(std::move(hit->text), members)) return std::move(*j);
    return only(compute(rules::DiskProbe(files.repo())).report, members);
  }
  return only(std::move(std::get<nlohmann::json>(r)), members);
}

std::string audit_form(ControlFiles& files, const AuditOptions& opts) {
  return fmt::format("audit strict={:d} schemas={:d} version={}", opts.strict,
                     opts.validate_schemas, files.version());
}

AuditResultCache audit_cache(ControlFiles& files, const AuditOptions& opts) {
  if (opts.results.empty()) return {};
  try {
    if (!opts.validate_schemas) {
      return result_cache(opts.results, files, audit_form(files, opts),
                          {&ControlFiles::control_plane_text, &ControlFiles::status_text,
                           &ControlFiles::status_schema_text, &ControlFiles::registry_text});
    }
    return result_cache(
        opts.results, files, audit_form(files, opts),
        {&ControlFiles::control_plane_text, &ControlFiles::control_plane_schema_text,
         &ControlFiles::status_text, &ControlFiles::status_schema_text,
         &ControlFiles::registry_text, &ControlFiles::registry_schema_text});
  } catch (const LoadError&) {
    return {};
  }
}

}  // namespace

nlohmann::json run_audit(ControlFiles& files, TimePoint now, const AuditOptions& opts) {
  const auto compute = [&](const rules::FileProbe& probe) {
    return compute_audit(files, now, opts, probe);
  };
  return remembered_tree(audit_cache(files, opts), files, now, compute, {});
}

AuditText run_audit_text(ControlFiles& files, TimePoint now, const AuditOptions& opts) {
  const auto compute = [&](const rules::FileProbe& probe) {
    return compute_audit(files, now, opts, probe);
  };
  std::string text;
  auto r = remembered(audit_cache(files, opts), files, now, compute, &text);
  if (auto* hit = std::get_if<AuditResult>(&r)) return {std::move(hit->text), hit->errors};
  auto& report = std::get<nlohmann::json>(r);
  if (text.empty()) text = to_json_text(report, 2) + "\n";  // the cache is off
  AuditText out{std::move(text), error_count(report)};
  discard(std::move(report));
  return out;
}

nlohmann::json report_members(const std::string& text, const std::vector<std::string>& members) {
  if (auto j = parsed_members(text, members)) return std::move(*j);
  // Parsed again to throw the parser's own error.
  return only(JsonDocument::parse(text, "audit report").root().to_plain_json(), members);
}

nlohmann::json status_report(ControlFiles& files, TimePoint now, const StatusReportOptions& opts) {
  const auto compute = [&](const rules::FileProbe& probe) {
    return compute_status_report(files, now, opts, probe);
  };
  const auto cache =
      result_cache(opts.results, files, "status version=" + opts.version,
                   {&ControlFiles::control_plane_text, &ControlFiles::status_text,
                    &ControlFiles::status_schema_text, &ControlFiles::registry_text});
  nlohmann::json report = remembered_tree(cache, files, now, compute, opts.members);
  // Also when the report was remembered and another reader parsed them.
  release_for_report(files, opts);
  return report;
}

}  // namespace relctl::report
