// relctl audit all: the status, control-plane and registry audits in one
// run with one exit code, for CI.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/findings.hpp"
#include "cli/output.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/report/audit.hpp"
#include "relctl/report/json_writer.hpp"
#include "relctl/report/registry.hpp"
#include "relctl/rules/control_plane_audit.hpp"

namespace relctl::cli {

using nlohmann::json;

namespace {
// What the control-plane audit, the summary (errors, warnings) and the
// --pretty listing (errors) read of the status report.
std::vector<std::string> status_members_read() {
  std::vector<std::string> m = rules::kControlPlaneAuditReportMembers;
  for (const char* k : {"errors", "warnings"}) {
    if (std::find(m.begin(), m.end(), k) == m.end()) m.emplace_back(k);
  }
  return m;
}
// Writes `out` as print_json would, a piece at a time, with the status
// audit's report pasted in from `status_text` (as print_json wrote it) when
// that is not empty: the status report is written from the text the audit
// made or remembered, never parsed whole, and the combined text is never
// held whole (at x100 scale the two reports are 55 MB of text).
void print_combined(const json& out, std::string_view status_text) {
  std::FILE* f = stdout;
  auto key = [f](int level, bool first, const std::string& k) {
    std::string head = first ? "\n" : ",\n";
    head.append(static_cast<std::size_t>(2 * (level + 1)), ' ');
    report::append_json_string(head, k);
    head += ": ";
    std::fwrite(head.data(), 1, head.size(), f);
  };
  std::fputc('{', f);
  bool first = true;
  for (auto it = out.begin(); it != out.end(); ++it, first = false) {
    key(0, first, it.key());
    if (it.key() != "reports" || !it->is_object() || it->empty()) {
      report::write_json_nested(f, *it, 2, 1);
      continue;
    }
    std::fputc('{', f);
    bool first_report = true;
    for (auto r = it->begin(); r != it->end(); ++r, first_report = false) {
      key(1, first_report, r.key());
      if (r.key() == "status" && !status_text.empty()) {
        status_text.remove_suffix(status_text.back() == '\n' ? 1 : 0);
        report::write_indented(f, status_text, 4);
      } else {
        report::write_json_nested(f, *r, 2, 2);
      }
    }
    std::fputs("\n  }", f);
  }
  std::fputs("\n}\n", f);
}
}  // namespace

Runner add_audit_all(CLI::App& audit) {
  auto* cmd = audit.add_subcommand(
      "all",
      "Run the status audit (relctl audit), the control-plane audit and the registry audit in "
      "one process and combine their verdicts, for CI. A bad input stops only the audit that "
      "needs it; the others still run.\n\nExamples:\n  relctl audit all --pretty\n  relctl "
      "--staged audit all\n\nExit: 2 when any audit could not run on its input, else 1 when any "
      "audit reports errors, else 0 (no --check needed).");
  struct Opts {
    bool pretty = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_flag("--pretty", opts->pretty, "Human-readable output");
  return [cmd, opts](Context& ctx) -> int {
    if (!*cmd) return -1;
    struct Part {
      const char* name;
      std::function<json()> run;
    };
    auto& files = ctx.files();
    const auto now = ctx.clock().now();
    // status.json's facts first, for the registry audit: on a miss they are
    // read from the status document the status audit then parses no second
    // time and releases (with registry.json's, which the registry audit
    // parses again only when its result is not remembered). A status.json
    // they cannot be read from is the status and registry audits' bad input.
    std::optional<report::StatusFacts> facts;
    try {
      facts = report::status_facts(files, ctx.cache_dir());
    } catch (const LoadError&) {
    }
    report::AuditOptions ao;
    ao.verdicts = ctx.verdict_cache();
    ao.results = ctx.cache_dir();
    ao.release_documents = true;
    json summary = json::array();
    json reports = json::object();
    // The control-plane audit's stale-target rule needs the status report:
    // it reads the status audit's (same files, same clock, no --strict),
    // where the loop below has put it.
    // The status audit's report as text (a remembered one is not parsed);
    // the parts the other audits and the summary read are read back from
    // it, and the JSON output pastes the text whole.
    std::optional<report::AuditText> status_text;
    const Part parts[] = {
        {"status",
         [&] {
           status_text = report::run_audit_text(files, now, ao);
           // Nothing after reads status.json once its facts are known.
           if (facts) files.forget_status();
           return report::report_members(status_text->text, status_members_read());
         }},
        {"control-plane",
         [&] {
           const auto it = reports.find("status");
           const json* status_report = it != reports.end() && it->is_object() ? &*it : nullptr;
           return report::run_control_plane_audit(files, now, {}, status_report);
         }},
        {"registry",
         [&] { return report::run_registry_audit(files, {}, ctx.cache_dir(), std::move(facts)); }},
    };
    bool bad_input = false;
    bool errors = false;
    for (const auto& p : parts) {
      json row{{"audit", p.name}};
      try {
        json r = p.run();
        row["errors"] = r["errors"].size();
        row["warnings"] = r["warnings"].size();
        row["input_error"] = nullptr;
        errors = errors || !r["errors"].empty();
        reports[p.name] = std::move(r);
      } catch (const LoadError& e) {
        bad_input = true;
        row["errors"] = nullptr;
        row["warnings"] = nullptr;
        row["input_error"] = e.what();
        reports[p.name] = nullptr;
      }
      summary.push_back(std::move(row));
    }
    const int code = bad_input ? kExitBadInput : errors ? kExitFindings : kExitOk;
    if (opts->pretty || cmd->get_parent()->count("--pretty") > 0) {
      const Style st{ctx.color()};
      std::string out = fmt::format("{}  {}\n", pad("AUDIT", 13), "RESULT");
      for (const auto& row : summary) {
        std::string result;
        if (!row["input_error"].is_null()) {
          result = st.red("bad input: " + row["input_error"].get<std::string>());
        } else {
          const auto e = row["errors"].get<std::size_t>();
          const auto w = row["warnings"].get<std::size_t>();
          result = e ? st.red(fmt::format("{} error(s)", e)) : st.green("ok");
          if (w) result += fmt::format(", {} warning(s)", w);
        }
        out += fmt::format("{}  {}\n", pad(row["audit"].get<std::string>(), 13), result);
      }
      for (const auto& row : summary) {
        const auto& r = reports[row["audit"].get<std::string>()];
        if (r.is_null() || r["errors"].empty()) continue;
        out += fmt::format("\n{} ({})\n", st.bold(row["audit"].get<std::string>() + " errors"),
                           r["errors"].size());
        for (const auto& e : r["errors"]) out += "  - " + e.get<std::string>() + "\n";
      }
      std::fwrite(out.data(), 1, out.size(), stdout);
    } else {
      json out = json::object();
      out["audits"] = std::move(summary);
      out["reports"] = std::move(reports);
      out["exit_code"] = code;
      const bool pasted = status_text && out["reports"]["status"].is_object();
      if (pasted) out["reports"]["status"] = nullptr;  // written from its text
      print_combined(out, pasted ? std::string_view(status_text->text) : std::string_view());
      keep(std::move(out));
    }
    return code;
  };
}

}  // namespace relctl::cli
