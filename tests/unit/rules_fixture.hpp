#pragma once
// Rule tests start from examples/harbor (a control plane with no findings),
// change one thing, run the rules and look for the rule id that must fire.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "relctl/load/errors.hpp"

#include "relctl/derive/audit_report.hpp"
#include "relctl/load/json_document.hpp"
#include "relctl/load/repo.hpp"
#include "relctl/model/control_plane.hpp"
#include "relctl/model/registry.hpp"
#include "relctl/model/status.hpp"
#include "relctl/rules/audit.hpp"
#include "relctl/util/clock.hpp"

namespace relctl::test {

class RulesFixture : public ::testing::Test {
 protected:
  static std::string example_root() { return std::string(RELCTL_SOURCE_DIR) + "/examples/harbor"; }

  void SetUp() override;

  // Runs every rule family over `status` (as modified by the test).
  const rules::AuditState& run();
  // The derived report for the last run (run() first).
  nlohmann::json report();

  // Rule ids that fired in the last run.
  [[nodiscard]] std::vector<std::string> fired() const;
  [[nodiscard]] bool fired(const std::string& rule) const;
  // Messages (location + text) of the findings of one rule.
  [[nodiscard]] std::vector<std::string> messages(const std::string& rule) const;
  // Some finding of `rule` starts with the location token `token` (the text
  // parity with the reference is judged on).
  [[nodiscard]] ::testing::AssertionResult at(const std::string& rule,
                                              const std::string& token) const;
  // Position of the first finding of `rule` in evaluation order (npos when it
  // did not fire).
  [[nodiscard]] std::size_t first(const std::string& rule) const;

  Json status;         // status.json of the example, editable
  Json control_plane;  // control_plane.json of the example, editable
  Json registry;       // registry.json of the example, editable
  std::string now = "2026-11-22T12:00:00Z";

 private:
  std::unique_ptr<JsonDocument> status_doc_, cp_doc_, registry_doc_, schema_doc_;
  std::unique_ptr<model::ControlPlane> cp_;
  std::unique_ptr<model::Status> model_;
  std::unique_ptr<model::Registry> registry_model_;
  std::unique_ptr<rules::SchemaEnums> enums_;
  std::unique_ptr<rules::RegistryMaps> maps_;
  std::unique_ptr<Repo> repo_;
  std::unique_ptr<rules::DiskProbe> probe_;
  std::unique_ptr<rules::AuditContext> ctx_;
  std::unique_ptr<rules::AuditState> state_;
};

// ASSERT-style helper: the rule fired (shows everything that did otherwise).
#define EXPECT_FIRES(rule)                                                        \
  do {                                                                            \
    run();                                                                        \
    EXPECT_TRUE(fired(rule)) << "expected " << (rule)                             \
                             << "; fired: " << ::testing::PrintToString(fired()); \
  } while (0)

}  // namespace relctl::test
