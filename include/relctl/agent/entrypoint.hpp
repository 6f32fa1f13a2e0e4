#pragma once
// What an agent reads and runs first (relctl entrypoint): the files of the
// active profile in reading order, the commands that start a session and
// look up governed items, and where to pick work from.
#include <string>

#include "relctl/load/json_document.hpp"
#include "relctl/model/control_plane.hpp"

namespace relctl::agent {

struct EntrypointOptions {
  // false (default): the candidate-lane queue is the pick surface only for
  // the target id the reference names literally; true: for every active
  // target of kind "feature" (docs/compat.md).
  bool fix_reference_defects = false;
};

// The bundle, with the reference's keys (sorted) plus `relctl_commands`.
nlohmann::json entrypoint_json(const model::ControlPlane& cp, const EntrypointOptions& opts = {});

}  // namespace relctl::agent
