#pragma once
// The field readers every rule family uses. Each reads one field of a record
// with the reference's semantics and, when the value does not qualify, adds
// one error whose location is the owner (`lanes[3]`) and returns "absent".
//
//   str      a string that is not blank (Unicode whitespace); returned unstripped
//   boolean  true / false
//   number   a JSON number, or true/false read as 1/0
//   strlist  an array of non-blank strings; one bad element discards the list
#include <optional>
#include <string>
#include <vector>

#include "relctl/model/field.hpp"
#include "relctl/rules/diagnostic.hpp"

namespace relctl::rules {

// The key of a field: the last segment of its path.
std::string field_key(const JsonPath& path);

// The string when the field holds a non-blank string, without reporting.
std::optional<std::string> valid_str(const model::Field<std::string>& f);

std::optional<std::string> read_str(Diagnostics& d, const char* rule, const std::string& owner,
                                    const model::Field<std::string>& f);
std::optional<bool> read_bool(Diagnostics& d, const char* rule, const std::string& owner,
                              const model::Field<bool>& f);
std::optional<double> read_number(Diagnostics& d, const char* rule, const std::string& owner,
                                  const model::Field<double>& f);
// Returns [] after reporting when the field is not a list of non-blank strings.
std::vector<std::string> read_strlist(Diagnostics& d, const char* rule, const std::string& owner,
                                      const model::Field<model::StrList>& f);
// Without reporting: the list when valid, else [].
std::vector<std::string> valid_strlist(const model::Field<model::StrList>& f);

// An array of records: reports a missing/non-array list (`<owner> ... list
// <key>`) and each non-object element (`<owner>.<key>[i] must be an object`).
template <class T>
void report_record_list(Diagnostics& d, const char* rule, const std::string& owner,
                        const model::RecordList<T>& list);

}  // namespace relctl::rules

#include "relctl/rules/readers_impl.hpp"
