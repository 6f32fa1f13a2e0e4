#pragma once
// relctl audit control-plane: the documents the control plane declares must
// exist (the fixed documents as files, every profile's path fields as files
// or folders), and an active target whose completion rule the status audit
// finds met must be marked completed and the next target promoted.
#include <functional>
#include <string>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "relctl/model/control_plane.hpp"

namespace relctl::rules {

// What is at a repository path: "file", "dir" or "missing". `expect_dir`
// says which kind the control plane wants there (the probe may look in
// different places for each, e.g. the git index for files under --staged).
using PathKindProbe = std::function<std::string(const std::string& rel, bool expect_dir)>;

// The report: control_plane, profiles (with missing_paths), targets,
// summary, errors, warnings. `status_report` is the status audit's report:
// its errors disable the stale-target rule (a warning says so), else its
// control_plane.active_target.completion_met drives it.
nlohmann::json audit_control_plane(const model::ControlPlane& cp, const PathKindProbe& probe,
                                   const nlohmann::json& status_report);
// The members of the status report it reads (it is handed only these:
// report::status_report).
inline const std::vector<std::string> kControlPlaneAuditReportMembers = {"control_plane", "errors"};

// The warning given when the status audit has errors (kept verbatim: the
// reference's consumers match on it).
extern const char* const kStaleTargetUntrustedWarning;

}  // namespace relctl::rules
