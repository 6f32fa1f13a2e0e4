#pragma once
// Internal to src/claim/: reading claims and work items out of status.json
// the way the reference reads them (values through Python's str()).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relctl/load/json_document.hpp"
#include "relctl/rules/work_claims.hpp"

namespace relctl::claim::detail {

// kind -> the status.json collection its items live in ("lane" -> "lanes");
// nullptr for anything else.
const char* collection_of(std::string_view kind);

// obj[key] when obj is an object holding it, else nullptr.
const Json* member(const Json& obj, const char* key);

// str(obj.get(key)) and str(obj.get(key, fallback)).
std::string str_of(const Json& obj, const char* key);
std::string str_of(const Json& obj, const char* key, const char* fallback);

// The string entries of a list field (the reference skips the others).
std::vector<std::string> string_entries(const Json& obj, const char* key);

// The first object of the kind's collection whose str(id) equals `id`.
// nullptr when there is none or when the collection is not a list.
const Json* find_item(const Json& root, std::string_view kind, const std::string& id);

// What a claim on `item` reserves, and a candidate lane's own target
// (stripped; nullopt when blank).
struct ItemContext {
  rules::ClaimScope scope;
  std::optional<std::string> candidate_target;
};
ItemContext context_of(const Json& item, const std::string& kind, const std::string& id);

}  // namespace relctl::claim::detail
