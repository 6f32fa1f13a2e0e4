#pragma once
// A minimal, valid control plane of our own, written into a temp dir, for
// whole-binary tests. Tests then break one thing at a time.
#include <string>

#include <nlohmann/json.hpp>

#include "temp_dir.hpp"

namespace relctl::test {

struct Fixture {
  nlohmann::ordered_json control_plane;
  nlohmann::ordered_json status;
  nlohmann::ordered_json registry;
  nlohmann::ordered_json status_schema;
  nlohmann::ordered_json registry_schema;
  nlohmann::ordered_json control_plane_schema;

  static Fixture minimal();
  // Writes everything under dir (the repository root).
  void write(const TempDir& dir) const;
};

inline constexpr const char* kStatusPath = "docs/release-control/p1/status.json";
inline constexpr const char* kRegistryPath = "docs/release-control/p1/registry.json";
inline constexpr const char* kStatusSchemaPath = "docs/release-control/p1/status.schema.json";

}  // namespace relctl::test
