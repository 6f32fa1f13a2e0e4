#pragma once
// The one seam through which relctl learns the time. `--now` or RELCTL_NOW
// pin it; otherwise it is the system clock, read once per process.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace relctl {

using TimePoint = std::chrono::sys_time<std::chrono::microseconds>;

// RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM); 't', 'z'
// and a space for 'T' are accepted. nullopt when malformed or impossible.
std::optional<TimePoint> parse_rfc3339(std::string_view s);
// UTF "YYYY-MM-DDTHH:MM:SSZ" (fractional seconds dropped).
std::string format_rfc3339(TimePoint t);

class Clock {
 public:
  static Clock fixed(TimePoint t) { return Clock(t); }
  static Clock system();
  [[nodiscard]] TimePoint now() const { return now_; }

 private:
  explicit Clock(TimePoint t) : now_(t) {}
  TimePoint now_;
};

}  // namespace relctl
