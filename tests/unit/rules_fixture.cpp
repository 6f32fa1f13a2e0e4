#include "rules_fixture.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace relctl::test {
namespace {
std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
}  // namespace

void RulesFixture::SetUp() {
  const std::string root = example_root();
  control_plane = Json::parse(slurp(root + "/docs/release-control/control_plane.json"));
  cp_doc_ = std::make_unique<JsonDocument>(
      JsonDocument::parse(control_plane.dump(), "docs/release-control/control_plane.json"));
  const auto cp = model::bind_control_plane(*cp_doc_);
  const auto& p = cp.active_profile();
  status = Json::parse(slurp(root + "/" + p.status));
  registry = Json::parse(slurp(root + "/" + p.registry));
  schema_doc_ = std::make_unique<JsonDocument>(
      JsonDocument::parse(slurp(root + "/" + p.status_schema), p.status_schema));
}

const rules::AuditState& RulesFixture::run() {
  cp_doc_ = std::make_unique<JsonDocument>(
      JsonDocument::parse(control_plane.dump(2), "docs/release-control/control_plane.json"));
  cp_ = std::make_unique<model::ControlPlane>(model::bind_control_plane(*cp_doc_));
  status_doc_ = std::make_unique<JsonDocument>(JsonDocument::parse(status.dump(2), "status.json"));
  model_ = std::make_unique<model::Status>(model::bind_status(*status_doc_));
  registry_doc_ =
      std::make_unique<JsonDocument>(JsonDocument::parse(registry.dump(2), "registry.json"));
  registry_model_ = std::make_unique<model::Registry>(model::bind_registry(*registry_doc_));
  enums_ = std::make_unique<rules::SchemaEnums>(rules::extract_schema_enums(*schema_doc_));
  maps_ = std::make_unique<rules::RegistryMaps>(rules::build_registry_maps(*registry_model_));
  repo_ = std::make_unique<Repo>(example_root());
  probe_ = std::make_unique<rules::DiskProbe>(*repo_);
  ctx_ = std::make_unique<rules::AuditContext>(
      rules::AuditContext{*cp_, *enums_, *maps_, *probe_, *parse_rfc3339(now), "2.0.0-rc.2"});
  state_ = std::make_unique<rules::AuditState>(rules::run_rules(*model_, *ctx_));
  return *state_;
}

nlohmann::json RulesFixture::report() { return derive::build_audit_report(*state_, *ctx_); }

std::vector<std::string> RulesFixture::fired() const {
  std::vector<std::string> out;
  for (const auto& d : state_->diags.all()) out.push_back(d.rule);
  return out;
}

bool RulesFixture::fired(const std::string& rule) const {
  for (const auto& d : state_->diags.all()) {
    if (d.rule == rule) return true;
  }
  return false;
}

std::vector<std::string> RulesFixture::messages(const std::string& rule) const {
  std::vector<std::string> out;
  for (const auto& d : state_->diags.all()) {
    if (d.rule == rule) out.push_back(d.text());
  }
  return out;
}

::testing::AssertionResult RulesFixture::at(const std::string& rule,
                                            const std::string& token) const {
  const auto msgs = messages(rule);
  for (const auto& m : msgs) {
    if (m.substr(0, m.find(' ')) == token) return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << rule << " has no finding at '" << token
                                       << "'; its findings: " << ::testing::PrintToString(msgs);
}

std::size_t RulesFixture::first(const std::string& rule) const {
  const auto all = fired();
  const auto it = std::find(all.begin(), all.end(), rule);
  return it == all.end() ? std::string::npos : static_cast<std::size_t>(it - all.begin());
}

}  // namespace relctl::test
