#pragma once
// Renders a JSON value exactly as nlohmann::json::dump(indent, ' ',
// ensure_ascii = true, error_handler_t::replace) does — the layout of the
// reference's reports — in a fraction of the time: runs of plain ASCII are
// copied whole, and only strings that need escaping, and floating-point
// numbers, go through nlohmann's own serializer.
#include <cstdio>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace relctl::report {

// Appends `value` to `out`. indent < 0: one line, like dump(-1).
void append_json(std::string& out, const nlohmann::json& value, int indent);

// Appends `s` as a JSON string, escaped as dump escapes it.
void append_json_string(std::string& out, std::string_view s);

[[nodiscard]] std::string to_json_text(const nlohmann::json& value, int indent);

// Writes `value` and a newline to `stream`, a piece at a time (the same
// text as to_json_text). Errors are the stream's: see ferror/fclose.
void write_json(std::FILE* stream, const nlohmann::json& value, int indent);
// Writes `value` as it stands `level` containers deep in a value written
// so (its inner lines indented by indent x (level + 1)), without a final
// newline: for a caller that writes the enclosing containers itself.
void write_json_nested(std::FILE* stream, const nlohmann::json& value, int indent, int level);
// Writes `text` with `spaces` spaces after each of its line breaks: JSON
// text written at level 0 put in place deeper (a JSON string holds no raw
// line break, so every line break starts a line of the layout).
void write_indented(std::FILE* stream, std::string_view text, std::size_t spaces);

}  // namespace relctl::report
