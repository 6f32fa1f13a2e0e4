// In-process benchmarks of the audit stages on a real control plane.
// RELCTL_BENCH_ROOT names the repository root (bench/run.sh sets it to a
// materialized corpus snapshot); RELCTL_BENCH_NOW pins the clock.
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <benchmark/benchmark.h>

#include "relctl/derive/audit_report.hpp"
#include "relctl/load/control_files.hpp"
#include "relctl/registry/contract_cache.hpp"
#include "relctl/registry/contracts.hpp"
#include "relctl/report/audit.hpp"
#include "relctl/report/json_writer.hpp"
#include "relctl/report/registry.hpp"
#include "relctl/rules/audit.hpp"
#include "relctl/schema/schema.hpp"

namespace {

using namespace relctl;

const char* root() {
  const char* r = std::getenv("RELCTL_BENCH_ROOT");
  return r ? r : "examples/harbor";
}

TimePoint now() {
  const char* n = std::getenv("RELCTL_BENCH_NOW");
  return *parse_rfc3339(n ? n : "2026-08-22T14:52:27Z");
}

std::string status_text(ControlFiles& files) {
  return files.repo().read(files.control_plane().active_profile().status, false, "bench");
}

void BM_ParseStatus(benchmark::State& state) {
  ControlFiles files(Repo(root()), false);
  const std::string text = status_text(files);
  for (auto _ : state) {
    auto doc = JsonDocument::parse(text, "status.json");
    benchmark::DoNotOptimize(doc.root().size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseStatus)->Unit(benchmark::kMillisecond);

void BM_RulesAndDerive(benchmark::State& state) {
  ControlFiles files(Repo(root()), false);
  const auto& cp = files.control_plane();
  const auto& status = files.status();
  const auto enums = rules::extract_schema_enums(files.status_schema_doc());
  const auto registry = rules::build_registry_maps(files.registry());
  const rules::DiskProbe probe(files.repo());
  const rules::AuditContext ctx{cp, enums, registry, probe, now(), files.version()};
  for (auto _ : state) {
    const auto st = rules::run_rules(status, ctx);
    auto report = derive::build_audit_report(st, ctx);
    benchmark::DoNotOptimize(report.size());
  }
}
BENCHMARK(BM_RulesAndDerive)->Unit(benchmark::kMillisecond);

void BM_SchemaValidation(benchmark::State& state) {
  ControlFiles files(Repo(root()), false);
  (void)files.status();
  (void)files.registry();
  for (auto _ : state) {
    auto findings = report::schema_findings(files);
    benchmark::DoNotOptimize(findings.size());
  }
}
BENCHMARK(BM_SchemaValidation)->Unit(benchmark::kMillisecond);

void BM_RenderJson(benchmark::State& state) {
  ControlFiles files(Repo(root()), false);
  const auto report = report::run_audit(files, now());
  for (auto _ : state) {
    std::string out = report::to_json_text(report, 2);
    benchmark::DoNotOptimize(out.size());
  }
}
BENCHMARK(BM_RenderJson)->Unit(benchmark::kMillisecond);

void BM_WholeAudit(benchmark::State& state) {
  for (auto _ : state) {
    ControlFiles files(Repo(root()), false);
    auto report = report::run_audit(files, now());
    std::string out = report::to_json_text(report, 2);
    benchmark::DoNotOptimize(out.size());
  }
}
BENCHMARK(BM_WholeAudit)->Unit(benchmark::kMillisecond);

// The subsystem contracts of the active profile, read and parsed (what
// `owners` did on every run before the contracts cache), against the same
// parses taken from a warm contracts cache (src/registry/contract_cache.cpp).
struct ContractFile {
  std::string name;
  struct stat st;
};

std::vector<ContractFile> contract_files(ControlFiles& files, std::string& folder) {
  const auto& profile = files.control_plane().active_profile();
  folder = (files.repo().root() / profile.subsystems_dir).string();
  std::vector<ContractFile> out;
  for (const auto& e : std::filesystem::directory_iterator(folder)) {
    const std::string name = e.path().filename().string();
    if (name.size() < 3 || name.compare(name.size() - 3, 3, ".md") != 0) continue;
    if (profile.subsystems_dir + "/" + name == profile.subsystem_contract_template) continue;
    ContractFile f{name, {}};
    if (::lstat(e.path().c_str(), &f.st) == 0 && S_ISREG(f.st.st_mode)) out.push_back(f);
  }
  return out;
}

void BM_ContractsRead(benchmark::State& state) {
  ControlFiles files(Repo(root()), false);
  std::string folder;
  const auto list = contract_files(files, folder);
  for (auto _ : state) {
    Repo::ReadBuffer buffer;
    std::size_t refs = 0;
    for (const auto& f : list) {
      const std::string rel = files.control_plane().active_profile().subsystems_dir + "/" + f.name;
      refs +=
          registry::parse_contract(files.repo().read_into(rel, "bench", buffer)).references.size();
    }
    benchmark::DoNotOptimize(refs);
  }
}
BENCHMARK(BM_ContractsRead)->Unit(benchmark::kMillisecond);

void BM_ContractsFromCache(benchmark::State& state) {
  ControlFiles files(Repo(root()), false);
  std::string folder;
  const auto list = contract_files(files, folder);
  const auto dir = std::filesystem::temp_directory_path() / "relctl-bench-contracts";
  // "Now" an hour on: every file is old enough to be remembered.
  const auto later = std::chrono::system_clock::now() + std::chrono::hours(1);
  {
    registry::ContractCache warm(dir, folder, {}, later);
    for (const auto& f : list) {
      const std::string rel = files.control_plane().active_profile().subsystems_dir + "/" + f.name;
      warm.remember(f.name, f.st, registry::parse_contract(files.repo().read(rel, false, "bench")));
    }
    warm.save();
  }
  for (auto _ : state) {
    registry::ContractCache cache(dir, folder, {}, later);
    std::size_t refs = 0;
    for (const auto& f : list) {
      const auto* p = cache.find(f.name, f.st);
      if (p == nullptr) {
        state.SkipWithError("a contract was not in the warm cache");
        return;
      }
      refs += p->references.size();
    }
    benchmark::DoNotOptimize(refs);
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_ContractsFromCache)->Unit(benchmark::kMillisecond);

// The registry audit with its inputs (tracked files from the git index),
// without and with its result cache (src/report/registry.cpp).
void BM_RegistryAudit(benchmark::State& state) {
  const bool cached = state.range(0) != 0;
  const auto dir = std::filesystem::temp_directory_path() / "relctl-bench-registry";
  std::filesystem::remove_all(dir);
  for (auto _ : state) {
    ControlFiles files(Repo(root()), false);
    auto r = report::run_registry_audit(files, {}, cached ? dir : std::filesystem::path());
    benchmark::DoNotOptimize(r.size());
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_RegistryAudit)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The status audit as `relctl audit` prints it, with the result cache off
// (0) and warm (1): the remembered result is used after its probe answers
// are checked again (report/audit_cache.hpp), so the 1 case is mostly the
// `stat` calls. Schema verdicts are not cached in either case.
void BM_AuditText(benchmark::State& state) {
  const bool cached = state.range(0) != 0;
  const auto dir = std::filesystem::temp_directory_path() / "relctl-bench-audit-results";
  std::filesystem::remove_all(dir);
  for (auto _ : state) {
    ControlFiles files(Repo(root()), false);
    report::AuditOptions opts;
    if (cached) opts.results = dir;
    auto r = report::run_audit_text(files, now(), opts);
    benchmark::DoNotOptimize(r.text.size());
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_AuditText)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The status report the lookups use, from a warm result cache: the check,
// and the remembered text read back into a tree.
void BM_StatusReportFromCache(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() / "relctl-bench-status-results";
  std::filesystem::remove_all(dir);
  for (auto _ : state) {
    ControlFiles files(Repo(root()), false);
    report::StatusReportOptions so;
    so.version = files.version();
    so.results = dir;
    auto r = report::status_report(files, now(), so);
    benchmark::DoNotOptimize(r.size());
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_StatusReportFromCache)->Unit(benchmark::kMillisecond);

// Growth with the number of findings. Inputs a fuzzer made (docs/
// guarantees.md) once took minutes because each finding cost time in
// proportion to the file; these report the fitted complexity (expected:
// N, not N^2) instead of a wall-clock limit in a test.

// Sizes 1 Ki to 64 Ki by factors of four, and the fitted complexity.
void growth(benchmark::internal::Benchmark* b) {
  b->RangeMultiplier(4)->Range(1 << 10, 1 << 16)->Unit(benchmark::kMillisecond)->Complexity();
}

// Placing N findings (file:line:col) on a minified, one-line document.
void BM_PlaceManyFindings(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::string text = "[";
  for (std::size_t i = 0; i < n; ++i) text += (i % 3 == 0 ? "\"\u00e9\u20ac\"," : "1,");
  text += "0]";
  const auto doc = JsonDocument::parse(text, "status.json");
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += doc.locate(JsonPath{i}).col;
    benchmark::DoNotOptimize(sum);
  }
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_PlaceManyFindings)->Apply(growth);

// Validating an instance with 2N failures against one schema: every
// failure reported once, the wrappers above them dropped.
void BM_SchemaManyFailures(benchmark::State& state) {
  const auto n = state.range(0);
  const auto schema = schema::Schema::compile(JsonDocument::parse(
      R"({"type": "object", "additionalProperties": false,
          "properties": {"lanes": {"type": "array", "items": {"type": "object"}},
                         "more": {"type": "object", "additionalProperties": {"type": "string"}}}})",
      "s.schema.json"));
  std::string text = R"({"extra": 1, "lanes": [)";
  for (std::int64_t i = 0; i < n; ++i) text += (i ? ",1" : "1");
  text += R"(], "more": {)";
  for (std::int64_t i = 0; i < n; ++i) text += (i ? ",\"m" : "\"m") + std::to_string(i) + "\": 1";
  text += "}}";
  const auto doc = JsonDocument::parse(text, "status.json");
  for (auto _ : state) {
    const auto found = schema.validate(doc.root());
    benchmark::DoNotOptimize(found.size());
  }
  state.SetComplexityN(n);
}
BENCHMARK(BM_SchemaManyFailures)->Apply(growth);

// A pattern that takes a backtracking engine exponential time, on a string
// of N characters.
void BM_PathologicalPattern(benchmark::State& state) {
  const auto schema =
      schema::Schema::compile(JsonDocument::parse(R"({"pattern": "(a*)*b"})", "s.schema.json"));
  const Json value(std::string(static_cast<std::size_t>(state.range(0)), 'a'));
  for (auto _ : state) {
    const auto found = schema.validate(value);
    benchmark::DoNotOptimize(found.size());
  }
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_PathologicalPattern)->Apply(growth);

}  // namespace

BENCHMARK_MAIN();
