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
