// relctl validate: check control files against JSON Schemas (draft 2020-12).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/schema/schema.hpp"

namespace relctl::cli {
namespace {

struct Checked {
  const JsonDocument* instance;
  std::string schema_file;
  std::vector<schema::Violation> violations;
};

std::string read_cli_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw LoadError(path, "missing file (named on the command line)");
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw LoadError(path, "is a directory; expected a JSON file");
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) throw LoadError(path, "cannot be read");
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

nlohmann::json to_json(const std::vector<Checked>& results) {
  nlohmann::json files = nlohmann::json::array();
  std::size_t total = 0;
  for (const auto& r : results) {
    nlohmann::json vs = nlohmann::json::array();
    for (const auto& v : r.violations) {
      const SourcePos pos = r.instance->locate(v.instance_path);
      vs.push_back({{"path", v.instance_path.str()},
                    {"pointer", v.instance_path.pointer()},
                    {"line", pos.line},
                    {"col", pos.col},
                    {"keyword", v.keyword},
                    {"message", v.message}});
    }
    total += r.violations.size();
    files.push_back({{"file", r.instance->file()},
                     {"schema", r.schema_file},
                     {"valid", r.violations.empty()},
                     {"violations", std::move(vs)}});
  }
  return {{"files", std::move(files)}, {"violation_count", total}};
}

void print_pretty(const std::vector<Checked>& results, const Style& st) {
  std::size_t total = 0;
  for (const auto& r : results) {
    for (const auto& v : r.violations) {
      const SourcePos pos = r.instance->locate(v.instance_path);
      fmt::print("{}: {}: {} {}\n", st.bold(fmt::format("{}:{}", r.instance->file(), pos.str())),
                 v.instance_path.str(), v.message, st.dim("[" + v.keyword + "]"));
    }
    total += r.violations.size();
    fmt::print("{} {} against {}: {}\n", r.violations.empty() ? st.green("ok  ") : st.red("FAIL"),
               r.instance->file(), r.schema_file,
               r.violations.empty() ? std::string("valid")
                                    : fmt::format("{} violation(s)", r.violations.size()));
  }
  fmt::print("{} file(s) checked, {} violation(s)\n", results.size(), total);
}

}  // namespace

Runner add_validate(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "validate",
      "Check the control files against the JSON Schemas the control plane names, or any files "
      "against any schema.\n\nExamples:\n  relctl validate\n  relctl validate --schema "
      "docs/release-control/v6/status.schema.json status.json\n\nExit: 0 valid, 1 violations, 2 "
      "bad input (unreadable file, malformed JSON, unsupported schema keyword).");
  struct Opts {
    std::string schema;
    std::vector<std::string> files;
    bool pretty = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("--schema", opts->schema, "Schema file to check FILE... against");
  cmd->add_option("files", opts->files, "Files to check (with --schema)");
  cmd->add_flag("--pretty", opts->pretty, "Human-readable output");
  return [cmd, opts](Context& ctx) -> int {
    if (!*cmd) return -1;
    if (opts->schema.empty() != opts->files.empty()) {
      print_error(
          "validate: --schema and FILE... go together (or give neither to check the "
          "control files)");
      return kExitBadInput;
    }
    std::vector<std::unique_ptr<JsonDocument>> owned;
    std::vector<Checked> results;
    if (!opts->schema.empty()) {
      const auto schema_doc = JsonDocument::parse(read_cli_file(opts->schema), opts->schema);
      const auto compiled = schema::Schema::compile(schema_doc);
      for (const auto& f : opts->files) {
        owned.push_back(std::make_unique<JsonDocument>(JsonDocument::parse(read_cli_file(f), f)));
        results.push_back(
            {owned.back().get(), opts->schema, compiled.validate(owned.back()->root())});
      }
    } else {
      auto& files = ctx.files();
      struct Pair {
        const JsonDocument& (ControlFiles::*instance)();
        const JsonDocument& (ControlFiles::*schema)();
      };
      const Pair pairs[] = {
          {&ControlFiles::control_plane_doc, &ControlFiles::control_plane_schema_doc},
          {&ControlFiles::status_doc, &ControlFiles::status_schema_doc},
          {&ControlFiles::registry_doc, &ControlFiles::registry_schema_doc}};
      (void)files.control_plane();  // the paths below come from a valid control plane
      for (const auto& p : pairs) {
        const JsonDocument& instance = (files.*p.instance)();
        const JsonDocument& schema_doc = (files.*p.schema)();
        const auto compiled = schema::Schema::compile(schema_doc);
        results.push_back({&instance, schema_doc.file(), compiled.validate(instance.root())});
      }
    }
    if (opts->pretty) {
      print_pretty(results, Style{ctx.color()});
    } else {
      print_json(to_json(results));
    }
    for (const auto& r : results) {
      if (!r.violations.empty()) return kExitFindings;
    }
    return kExitOk;
  };
}

}  // namespace relctl::cli
