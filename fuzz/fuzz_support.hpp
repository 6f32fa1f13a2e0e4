#pragma once
// What the fuzz targets share: failing loudly (a finding), comparing parsed
// values the way JSON means them (NaN equals NaN), and the harbor example.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>

#include "relctl/load/errors.hpp"
#include "relctl/load/json_document.hpp"

namespace relctl::fuzz {

// A finding: print it and abort, so libFuzzer saves the input.
[[noreturn]] inline void finding(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "FUZZ FINDING: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// A LoadError must name a file and say what is wrong; positions start at 1.
inline void check_load_error(const LoadError& e, std::string_view expected_file = {}) {
  if (e.file().empty()) finding("LoadError without a file", e.what());
  if (e.message().empty()) finding("LoadError without a message", e.what());
  if (!expected_file.empty() && e.file() != expected_file) {
    finding("LoadError names another file than the one read", e.what());
  }
  const SourcePos p = e.pos();
  if ((p.line == 0) != (p.col == 0)) finding("LoadError with half a position", e.what());
}

// Runs `body`; a LoadError is the expected refusal of bad input, anything
// else escaping is a finding (the CLI would report it as an internal error,
// without a file or a location).
template <class Body>
bool refuses_cleanly(const char* what, Body&& body, std::string_view expected_file = {}) {
  try {
    body();
    return false;
  } catch (const LoadError& e) {
    check_load_error(e, expected_file);
    return true;
  } catch (const std::exception& e) {
    finding(what, std::string("escaped with a non-LoadError exception: ") + e.what());
  }
}

// Equality of parsed JSON values where NaN equals NaN and numbers compare
// by value whatever their storage (1 == 1.0 is not the question here:
// storage types must agree too, except integer signedness).
inline bool same(const Json& a, const Json& b) {
  if (a.is_number_float() && b.is_number_float()) {
    const double x = a.get<double>();
    const double y = b.get<double>();
    if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
    return x == y && std::signbit(x) == std::signbit(y);
  }
  if (a.is_number_integer() && b.is_number_integer()) {
    if (a.is_number_unsigned() || b.is_number_unsigned()) {
      if ((a.is_number_unsigned() || a.get<std::int64_t>() >= 0) &&
          (b.is_number_unsigned() || b.get<std::int64_t>() >= 0)) {
        return a.get<std::uint64_t>() == b.get<std::uint64_t>();
      }
      return false;
    }
    return a.get<std::int64_t>() == b.get<std::int64_t>();
  }
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    auto ib = b.begin();
    for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
      if (ia.key() != ib.key() || !same(*ia, *ib)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

// examples/harbor in the source tree (RELCTL_FUZZ_HARBOR overrides).
inline std::filesystem::path harbor_dir() {
  if (const char* h = std::getenv("RELCTL_FUZZ_HARBOR"); h != nullptr && *h != '\0') return h;
  return std::filesystem::path(RELCTL_SOURCE_DIR) / "examples" / "harbor";
}

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace relctl::fuzz
