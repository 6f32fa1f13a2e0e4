#pragma once
// Template part of readers.hpp.
#include <fmt/format.h>

namespace relctl::rules {

template <class T>
void report_record_list(Diagnostics& d, const char* rule, const std::string& owner,
                        const model::RecordList<T>& list) {
  const std::string key = field_key(list.path);
  if (!list.is_array()) {
    d.error(rule, owner, list.raw ? list.path : list.path, fmt::format("has no list '{}'", key));
    return;
  }
  for (std::size_t i : list.non_object_indices) {
    const JsonPath p = list.path.index(i);
    d.error(rule, fmt::format("{}.{}[{}]", owner, key, i), p, "must be an object");
  }
}

}  // namespace relctl::rules
