#include "relctl/model/field.hpp"

#include <algorithm>

namespace relctl::model {

const JsonNode* find_member(const JsonNode& obj, const char* key) { return obj.find(key); }

namespace {
template <class T>
Field<T> start(const JsonNode& obj, const JsonPath& at, const char* key) {
  Field<T> f;
  f.path = KeyPath(at, key);
  f.raw = find_member(obj, key);
  return f;
}
}  // namespace

Field<std::string> bind_string(const JsonNode& obj, const JsonPath& at, const char* key) {
  return start<std::string>(obj, at, key);
}

Field<bool> bind_bool(const JsonNode& obj, const JsonPath& at, const char* key) {
  auto f = start<bool>(obj, at, key);
  if (f.raw != nullptr && f.raw->is_boolean()) f.value = f.raw->get<bool>();
  return f;
}

Field<double> bind_number(const JsonNode& obj, const JsonPath& at, const char* key) {
  auto f = start<double>(obj, at, key);
  if (f.raw == nullptr) return f;
  if (f.raw->is_number()) {
    f.value = f.raw->get<double>();
  } else if (f.raw->is_boolean()) {
    f.value = f.raw->get<bool>() ? 1.0 : 0.0;
  }
  return f;
}

Field<StrList> bind_string_list(const JsonNode& obj, const JsonPath& at, const char* key) {
  auto f = start<StrList>(obj, at, key);
  if (f.raw == nullptr || !f.raw->is_array()) return f;
  f.all_strings =
      std::all_of(f.raw->begin(), f.raw->end(), [](const JsonNode& e) { return e.is_string(); });
  return f;
}

}  // namespace relctl::model
