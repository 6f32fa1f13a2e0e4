#pragma once
// JSON Schema 2020-12 -> the draft-7 document valijson parses.
//
// The walk is structural: a key is a keyword only where a schema is expected
// (a property called "pattern" under `properties` is a name, not a keyword).
// Every keyword is either translated to its draft-7 equivalent with the same
// meaning, dropped (annotations: they never fail), or refused with a
// LoadError that names the keyword, the schema file, the keyword's JSON path
// and its line:col. docs/schema.md has the table and the rules.
#include <string>
#include <vector>

#include "relctl/load/json_document.hpp"

namespace relctl::schema {

struct Translation {
  // What valijson reads. `false` schemas become {"not": {}} (valijson gives
  // no message for a bare false), except under additionalProperties and for
  // items after prefixItems, where valijson's own "nothing more" form is used.
  Json draft7;
  // Every distinct regular expression (pattern, patternProperties names),
  // each already known to compile with relctl's regex engine.
  std::vector<std::string> patterns;
};

// Throws LoadError for unsupported or unknown keywords, non-local $ref,
// $ref that points at nothing, schemas that would recurse forever on the
// same value, and malformed keyword values.
Translation translate(const JsonDocument& doc);

}  // namespace relctl::schema
