#pragma once
// JSON Schema (draft 2020-12) validation for the control files.
//
// valijson does the validating; it only knows draft 7, so a 2020-12 schema is
// first translated into its draft-7 equivalent (prefixItems/items,
// dependentRequired/dependentSchemas, $ref next to other keywords, format as
// an annotation...). A schema that uses a keyword we do not implement is
// refused at compile time, naming the keyword and where it is, instead of
// being silently half-checked. docs/schema.md lists the keywords.
#include <memory>
#include <string>
#include <vector>

#include "relctl/load/json_document.hpp"
#include "relctl/load/json_path.hpp"

namespace relctl::schema {

struct Violation {
  JsonPath instance_path;  // where in the instance
  std::string keyword;     // the failing keyword, best effort ("required", "type", ...)
  std::string message;     // our own words, without the path
};

class Schema {
 public:
  // Throws LoadError (file = doc.file(), with the JSON path and line:col of
  // the offending keyword inside the schema) for unsupported keywords,
  // non-local $ref, malformed schemas.
  static Schema compile(const JsonDocument& doc);

  // Violations in document order, only the most specific ones (a parent
  // "item 3 failed" line is dropped when the failure inside item 3 is listed).
  [[nodiscard]] std::vector<Violation> validate(const JsonNode& instance) const;
  // The same for a value built in code (copied into nodes first).
  [[nodiscard]] std::vector<Violation> validate(const Json& instance) const;

  Schema(Schema&&) noexcept;
  Schema& operator=(Schema&&) noexcept;
  ~Schema();

 private:
  struct Impl;
  explicit Schema(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Keywords a schema may use (validated with their 2020-12 meaning, or
// annotations that never fail), and keywords that are refused.
const std::vector<std::string>& supported_keywords();
const std::vector<std::string>& refused_keywords();

}  // namespace relctl::schema
