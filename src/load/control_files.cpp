#include "relctl/load/control_files.hpp"

#include <map>
#include <set>
#include <stdexcept>

#include "relctl/util/text.hpp"

namespace relctl {

struct ControlFiles::Cache {
  std::map<std::string, std::unique_ptr<JsonDocument>> docs;
  std::map<std::string, std::string> texts;  // read but not parsed, or released
  std::optional<model::ControlPlane> control_plane;
  std::optional<model::Status> status;
  std::optional<model::Registry> registry;
  std::optional<std::string> version;
  std::set<std::string> forgotten;  // never read again in this run
};

ControlFiles::ControlFiles(Repo repo, bool staged)
    : repo_(std::move(repo)), staged_(staged), cache_(std::make_unique<Cache>()) {}
ControlFiles::ControlFiles(ControlFiles&&) noexcept = default;
ControlFiles::~ControlFiles() = default;

const JsonDocument& ControlFiles::json(const std::string& rel, const std::string& named_by) {
  auto it = cache_->docs.find(rel);
  if (it != cache_->docs.end()) return *it->second;
  refuse_forgotten(rel);
  std::string text;
  if (auto t = cache_->texts.find(rel); t != cache_->texts.end()) {
    text = std::move(t->second);
    cache_->texts.erase(t);
  } else {
    text = repo_.read(rel, staged_, named_by);
  }
  auto doc = std::make_unique<JsonDocument>(JsonDocument::parse(std::move(text), rel));
  return *cache_->docs.emplace(rel, std::move(doc)).first->second;
}

const std::string& ControlFiles::text(const std::string& rel, const std::string& named_by) {
  if (auto it = cache_->docs.find(rel); it != cache_->docs.end()) return it->second->text();
  if (auto t = cache_->texts.find(rel); t != cache_->texts.end()) return t->second;
  refuse_forgotten(rel);
  return cache_->texts.emplace(rel, repo_.read(rel, staged_, named_by)).first->second;
}

const JsonDocument& ControlFiles::control_plane_doc() {
  return json(model::control_plane_constants::kPath, "the control-plane location");
}

const model::ControlPlane& ControlFiles::control_plane() {
  if (!cache_->control_plane)
    cache_->control_plane = model::bind_control_plane(control_plane_doc());
  return *cache_->control_plane;
}

namespace {
std::string named_by_profile(const model::ControlPlane& cp, const char* field) {
  return "profile " + cp.active_profile_id + "." + field + " in " +
         model::control_plane_constants::kPath;
}
}  // namespace

const JsonDocument& ControlFiles::status_doc() {
  const auto& cp = control_plane();
  return json(cp.active_profile().status, named_by_profile(cp, "status"));
}

const std::string& ControlFiles::control_plane_text() {
  return text(model::control_plane_constants::kPath, "the control-plane location");
}

const std::string& ControlFiles::status_text() {
  const auto& cp = control_plane();
  return text(cp.active_profile().status, named_by_profile(cp, "status"));
}

const std::string& ControlFiles::registry_text() {
  const auto& cp = control_plane();
  return text(cp.active_profile().registry, named_by_profile(cp, "registry"));
}

const model::Status& ControlFiles::status() {
  if (!cache_->status) cache_->status = model::bind_status(status_doc());
  return *cache_->status;
}

const JsonDocument& ControlFiles::registry_doc() {
  const auto& cp = control_plane();
  return json(cp.active_profile().registry, named_by_profile(cp, "registry"));
}

const model::Registry& ControlFiles::registry() {
  if (!cache_->registry) cache_->registry = model::bind_registry(registry_doc());
  return *cache_->registry;
}

void ControlFiles::release_models() {
  cache_->status.reset();
  cache_->registry.reset();
}

void ControlFiles::release_document(const std::string& rel) {
  // A model is bound to its document (both could name one file).
  const auto& profile = control_plane().active_profile();
  if (rel == profile.status) cache_->status.reset();
  if (rel == profile.registry) cache_->registry.reset();
  auto it = cache_->docs.find(rel);
  if (it == cache_->docs.end()) return;
  std::string text = std::move(*it->second).take_text();
  cache_->docs.erase(it);
  cache_->texts.insert_or_assign(rel, std::move(text));
}

void ControlFiles::release_status_document() {
  release_document(control_plane().active_profile().status);
}

void ControlFiles::release_registry_document() {
  release_document(control_plane().active_profile().registry);
}

void ControlFiles::forget_status() {
  const std::string& rel = control_plane().active_profile().status;
  release_document(rel);
  cache_->texts.erase(rel);
  cache_->forgotten.insert(rel);
}

void ControlFiles::refuse_forgotten(const std::string& rel) const {
  if (cache_->forgotten.count(rel) != 0) {
    throw std::logic_error(rel + " was dropped by this run (ControlFiles::forget_status)");
  }
}

void ControlFiles::release_documents() {
  release_status_document();
  release_registry_document();
}

namespace {
struct Named {
  const std::string& rel;
  std::string named_by;
};
Named status_schema_file(const model::ControlPlane& cp) {
  return {cp.active_profile().status_schema, named_by_profile(cp, "status_schema")};
}
Named registry_schema_file(const model::ControlPlane& cp) {
  return {cp.active_profile().registry_schema, named_by_profile(cp, "registry_schema")};
}
Named control_plane_schema_file(const model::ControlPlane& cp) {
  return {cp.control_plane_schema,
          std::string("control_plane_schema in ") + model::control_plane_constants::kPath};
}
}  // namespace

const JsonDocument& ControlFiles::status_schema_doc() {
  const auto f = status_schema_file(control_plane());
  return json(f.rel, f.named_by);
}

const JsonDocument& ControlFiles::registry_schema_doc() {
  const auto f = registry_schema_file(control_plane());
  return json(f.rel, f.named_by);
}

const JsonDocument& ControlFiles::control_plane_schema_doc() {
  const auto f = control_plane_schema_file(control_plane());
  return json(f.rel, f.named_by);
}

const std::string& ControlFiles::status_schema_text() {
  const auto f = status_schema_file(control_plane());
  return text(f.rel, f.named_by);
}

const std::string& ControlFiles::registry_schema_text() {
  const auto f = registry_schema_file(control_plane());
  return text(f.rel, f.named_by);
}

const std::string& ControlFiles::control_plane_schema_text() {
  const auto f = control_plane_schema_file(control_plane());
  return text(f.rel, f.named_by);
}

const std::string& ControlFiles::version() {
  if (!cache_->version)
    cache_->version = text::strip(repo_.read("VERSION", staged_, "the release version file"));
  return *cache_->version;
}

}  // namespace relctl
