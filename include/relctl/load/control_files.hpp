#pragma once
// The control files of one repository, loaded on first use and kept: the
// control plane, and through its active profile the status file, the
// registry, their schemas and VERSION. Nothing here hard-codes a profile
// name: every path comes from the control plane.
#include <memory>
#include <optional>
#include <string>

#include "relctl/load/json_document.hpp"
#include "relctl/load/repo.hpp"
#include "relctl/model/control_plane.hpp"
#include "relctl/model/registry.hpp"
#include "relctl/model/status.hpp"

namespace relctl {

class ControlFiles {
 public:
  ControlFiles(Repo repo, bool staged);
  ControlFiles(ControlFiles&&) noexcept;
  ~ControlFiles();

  [[nodiscard]] const Repo& repo() const { return repo_; }
  [[nodiscard]] bool staged() const { return staged_; }

  // Each throws LoadError (file, JSON path, line:col) on bad input.
  const JsonDocument& control_plane_doc();
  const model::ControlPlane& control_plane();
  const JsonDocument& status_doc();
  const model::Status& status();
  const JsonDocument& registry_doc();
  const model::Registry& registry();
  // Drops the bound status and registry models (their documents stay): for
  // a caller that has read all it needs from them and is about to build
  // something large. References to them become invalid; asking again binds
  // anew.
  void release_models();
  // The status document drops its parsed values but keeps its text, and the
  // status model goes with it: for a caller that has read all it needs from
  // them (the status audit past its rules and findings needs only the text,
  // for the caches). Asking for the document again parses the kept text,
  // never the file anew, so one run sees one version of each file.
  // References to the document and the model become invalid.
  void release_status_document();
  // The same for registry.json's document and model.
  void release_registry_document();
  // Both of the above.
  void release_documents();
  // Drops status.json's document, model and text, for a caller that will
  // not read status.json again in this run (relctl audit all, past the
  // status audit, where the text is 38 MB at x100 scale). Asking for any of
  // them afterwards throws std::logic_error: reading the file anew could
  // see another version of it.
  void forget_status();
  // The text of each control file as this run read it, without parsing it
  // again when its document was released. A text not held by a document is
  // handed to the document when it is parsed: a reference from here stays
  // valid until then, and the document's text() holds the same bytes.
  const std::string& control_plane_text();
  const std::string& status_text();
  const std::string& registry_text();
  // The schemas' texts, read as their documents would read them (and handed
  // to them when they are parsed).
  const std::string& status_schema_text();
  const std::string& registry_schema_text();
  const std::string& control_plane_schema_text();
  const JsonDocument& status_schema_doc();
  const JsonDocument& registry_schema_doc();
  const JsonDocument& control_plane_schema_doc();
  // VERSION at the repository root, whitespace-stripped.
  const std::string& version();

  // Parses any repository file as JSON (cached by path).
  const JsonDocument& json(const std::string& rel, const std::string& named_by);
  // The text of a repository file (read once per run, like json(); see
  // control_plane_text() for how long the reference stays valid).
  const std::string& text(const std::string& rel, const std::string& named_by);

 private:
  // Drops the document of `rel` (and a model bound to it), keeping its text.
  void release_document(const std::string& rel);
  void refuse_forgotten(const std::string& rel) const;
  struct Cache;
  Repo repo_;
  bool staged_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace relctl
