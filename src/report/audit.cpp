#include "relctl/report/audit.hpp"

#include <optional>

#include <fmt/format.h>

#include "relctl/derive/audit_report.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/rules/audit.hpp"
#include "relctl/schema/schema.hpp"

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

nlohmann::json run_audit(ControlFiles& files, TimePoint now, const AuditOptions& opts) {
  const auto& cp = files.control_plane();
  const auto& status = files.status();
  const auto enums = rules::extract_schema_enums(files.status_schema_doc());
  const auto registry = rules::build_registry_maps(files.registry());
  const std::string version = files.version();
  const rules::DiskProbe probe;
  const rules::AuditContext ctx{cp, enums, registry, files.repo(), probe, now, version};
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
  return report;
}

}  // namespace relctl::report
