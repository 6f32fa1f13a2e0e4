// Fuzz target 3: every audit over a mutated control plane, in process.
//
// At start-up examples/harbor is copied to a temporary git repository. Each
// input's first byte picks the file it replaces (status.json, registry.json,
// control_plane.json or the status schema); the rest is that file's new
// content. Then the engine calls of the CLI run over the tree, as one
// process would: the status audit with schema validation (relctl audit),
// the control-plane and registry audits, the ownership lookup (relctl
// owners), preflight and entrypoint, and the report is rendered. Each
// either answers or is refused with a LoadError (exit 2 in the CLI);
// any other exception or a sanitizer report is a finding. The status audit
// is also run twice through the result cache (report/audit_cache.hpp): the
// stored and the remembered answer must equal the computed one.
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "fuzz_support.hpp"
#include "relctl/agent/entrypoint.hpp"
#include "relctl/agent/preflight.hpp"
#include "relctl/load/control_files.hpp"
#include "relctl/report/audit.hpp"
#include "relctl/report/json_writer.hpp"
#include "relctl/report/registry.hpp"

namespace {

using namespace relctl;
namespace fs = std::filesystem;

struct Slot {
  const char* rel;
  std::string original;
};

std::array<Slot, 4> g_slots{{{"docs/release-control/h2/status.json", {}},
                             {"docs/release-control/h2/subsystems/registry.json", {}},
                             {"docs/release-control/control_plane.json", {}},
                             {"docs/release-control/h2/status.schema.json", {}}}};
fs::path g_root;
std::optional<std::size_t> g_dirty;  // the slot the last input replaced

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

void spill(const fs::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << bytes;
}

void cleanup() {
  std::error_code ec;
  if (!g_root.empty()) fs::remove_all(g_root.parent_path(), ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/relctl-fuzz-audit-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) fuzz::finding("cannot create a temporary directory");
  // <tmp>/ws/harbor: the workspace folder holds the checkout, as in real use.
  g_root = fs::path(tmpl) / "harbor";
  fs::copy(fuzz::harbor_dir(), g_root, fs::copy_options::recursive);
  std::atexit(cleanup);
  const std::string git = "cd '" + g_root.string() +
                          "' && git init -q -b main . && git add -A && git -c user.name=fuzz "
                          "-c user.email=fuzz@relctl.invalid commit -qm seed";
  if (std::system(git.c_str()) != 0) fuzz::finding("cannot make the git repository", git);
  for (auto& s : g_slots) s.original = slurp(g_root / s.rel);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if (g_dirty) spill(g_root / g_slots[*g_dirty].rel, g_slots[*g_dirty].original);
  const std::size_t which = data[0] % g_slots.size();
  spill(g_root / g_slots[which].rel, fuzz::as_text(data + 1, size - 1));
  g_dirty = which;

  const auto now = *parse_rfc3339("2026-11-20T12:00:00Z");
  {
    // relctl audit (the schema layer included), then the report rendered.
    // Like the command, it drops the parsed documents once the findings
    // have positions...
    ControlFiles files(Repo(g_root), false);
    std::optional<std::string> computed;
    fuzz::refuses_cleanly("audit", [&] {
      report::AuditOptions opts;
      opts.release_documents = true;
      const auto report = report::run_audit(files, now, opts);
      computed = report::to_json_text(report, 2) + "\n";
    });
    // The result cache: the first run remembers, the second answers from
    // the entry; both must be what was computed without it.
    if (computed) {
      for (int run = 0; run < 2; ++run) {
        ControlFiles again(Repo(g_root), false);
        report::AuditOptions opts;
        opts.results = g_root.parent_path() / "results";
        if (report::run_audit_text(again, now, opts).text != *computed) {
          fuzz::finding(run == 0 ? "a remembered audit (stored) differs from the computed one"
                                 : "a remembered audit (read back) differs from the computed one");
        }
      }
    }
    // ...so audit control-plane and audit registry, which reuse what is
    // loaded, parse them again from the kept texts.
    fuzz::refuses_cleanly("audit control-plane", [&] {
      (void)report::to_json_text(report::run_control_plane_audit(files, now), 2);
    });
    fuzz::refuses_cleanly("audit registry", [&] {
      (void)report::to_json_text(report::run_registry_audit(files), 2);
    });
  }
  {
    ControlFiles files(Repo(g_root), false);
    fuzz::refuses_cleanly("owners", [&] {
      const std::vector<std::string> paths{"internal/restore/restore.go",
                                           "internal/keys/rotation_test.go",
                                           "docs/release-control/h2/subsystems/scheduler.md",
                                           "repos/harbor/web/console/src/main.ts", "no/such/file"};
      (void)report::to_json_text(report::run_owners(files, now, paths, false), 2);
      (void)report::to_json_text(report::run_owners(files, now, paths, true, {true}), 2);
    });
  }
  {
    ControlFiles files(Repo(g_root), false);
    fuzz::refuses_cleanly("preflight", [&] {
      agent::PreflightInput in;
      in.control_plane = &files.control_plane();
      in.status = &files.status_doc();
      in.branch = files.repo().current_branch().value_or("");
      in.require_active_claim = true;
      in.now = now;
      (void)agent::preflight_json(agent::run_preflight(in));
    });
    fuzz::refuses_cleanly("entrypoint",
                          [&] { (void)agent::entrypoint_json(files.control_plane()); });
  }
  return 0;
}
