#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace relctl::utf8 {

// Offset of the first byte that is not part of a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF are refused).
std::optional<std::size_t> first_invalid(std::string_view s);

// Length of the sequence a lead byte announces (1 for anything unexpected).
std::size_t sequence_length(unsigned char lead);

void append(std::string& out, unsigned cp);

// Number of code points in valid UTF-8.
std::size_t length(std::string_view s);

}  // namespace relctl::utf8
