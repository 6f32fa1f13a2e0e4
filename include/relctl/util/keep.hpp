#pragma once
// Large values a command is done with (a status report, an ownership index):
// destroying them node by node costs more than building them did, and the
// relctl binary ends its process with _Exit without freeing anything else.
//
// discard() destroys a value, unless keeping has been turned on: then the
// value goes to storage that is never freed. Only the relctl binary turns it
// on (src/cli/app.cpp, not in sanitizer builds); tests, fuzzers and
// benchmarks keep the default, so memory is given back between calls and
// the leak checkers see every value destroyed.
#include <memory>
#include <type_traits>
#include <utility>

namespace relctl {

void keep_discarded_values(bool on);
[[nodiscard]] bool keeps_discarded_values();
// The storage; only called when keeping is on.
void keep_until_exit(std::shared_ptr<const void> value);

template <class T>
void discard(T&& value) {
  static_assert(!std::is_lvalue_reference_v<T>, "discard(std::move(x))");
  if (keeps_discarded_values()) {
    keep_until_exit(std::make_shared<const std::decay_t<T>>(std::forward<T>(value)));
    return;
  }
  [[maybe_unused]] const std::decay_t<T> destroyed_here(std::forward<T>(value));
}

}  // namespace relctl
