// run_audit as one call: what the CLI prints comes from here.
#include "relctl/report/audit.hpp"

#include <gtest/gtest.h>

#include "relctl/load/control_files.hpp"
#include "relctl/load/errors.hpp"
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
// included; and validating again after the drop (which parses the kept
// texts) finds the same.
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
  EXPECT_EQ(schema_findings(released_files), b["schema_violations"]);
}

// A schema that cannot be read is one finding; a control file that cannot
// be read is bad input, even when only the schema layer reads it.
TEST(SchemaFindings, AnUnusableSchemaIsAFindingAnUnparsableFileIsBadInput) {
  test::TempDir dir;
  test::copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", dir.path());
  std::string schema_rel;
  std::string registry_rel;
  {
    ControlFiles files(Repo(dir.path()), false);
    schema_rel = files.control_plane().active_profile().status_schema;
    registry_rel = files.control_plane().active_profile().registry;
  }
  dir.write(schema_rel, "{ not json");
  {
    ControlFiles files(Repo(dir.path()), false);
    const auto found = schema_findings(files);
    ASSERT_EQ(found.size(), 1u) << found.dump(2);
    EXPECT_EQ(found[0]["keyword"], "schema-unavailable");
    EXPECT_EQ(found[0]["file"], schema_rel);
  }
  dir.write(registry_rel, "[1, 2");
  ControlFiles files(Repo(dir.path()), false);
  EXPECT_THROW(schema_findings(files), LoadError);
}

}  // namespace
}  // namespace relctl::report
