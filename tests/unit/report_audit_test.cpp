// run_audit as one call: what the CLI prints comes from here.
#include "relctl/report/audit.hpp"

#include <gtest/gtest.h>

#include "relctl/load/control_files.hpp"
#include "temp_dir.hpp"

namespace relctl::report {
namespace {

TimePoint fixed_now() { return parse_rfc3339("2026-08-22T14:52:27Z").value(); }

// The bundled example with one lane score of the wrong type: a schema
// violation and rule findings to report.
void flawed_harbor(const test::TempDir& dir) {
  test::copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", dir.path());
  ControlFiles files(Repo(dir.path()), false);
  const std::string rel = files.control_plane().active_profile().status;
  auto status = nlohmann::ordered_json::parse(dir.read(rel));
  status["lanes"][0]["current_score"] = "high";
  dir.write(rel, status.dump(2));
}

// Dropping the parsed documents early changes the peak memory, not the
// report: the same files give the same report either way, schema findings
// (validated after the drop, from the kept texts) included.
TEST(RunAudit, ReleasingTheDocumentsLeavesTheReportAlone) {
  AuditOptions keep;
  AuditOptions release;
  release.release_documents = true;
  test::TempDir dir;
  flawed_harbor(dir);
  ControlFiles kept_files(Repo(dir.path()), false);
  ControlFiles released_files(Repo(dir.path()), false);
  const auto a = run_audit(kept_files, fixed_now(), keep);
  const auto b = run_audit(released_files, fixed_now(), release);
  EXPECT_EQ(a, b);
  EXPECT_FALSE(b["lanes"].empty());
  EXPECT_FALSE(b["diagnostics"].empty());
  ASSERT_FALSE(b["schema_violations"].empty());
  EXPECT_EQ(b["schema_violations"][0]["file"], kept_files.control_plane().active_profile().status);
}

}  // namespace
}  // namespace relctl::report
