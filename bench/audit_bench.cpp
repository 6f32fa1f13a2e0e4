// In-process benchmarks of the audit stages on a real control plane.
// RELCTL_BENCH_ROOT names the repository root (bench/run.sh sets it to a
// materialized corpus snapshot); RELCTL_BENCH_NOW pins the clock.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "relctl/derive/audit_report.hpp"
#include "relctl/load/control_files.hpp"
#include "relctl/report/audit.hpp"
#include "relctl/report/json_writer.hpp"
#include "relctl/rules/audit.hpp"

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
  const rules::DiskProbe probe;
  const rules::AuditContext ctx{cp, enums, registry, files.repo(), probe, now(), files.version()};
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

}  // namespace

BENCHMARK_MAIN();
