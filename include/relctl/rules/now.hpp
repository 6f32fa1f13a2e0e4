#pragma once
#include <optional>

#include "relctl/util/clock.hpp"

namespace relctl::rules {

// The audit's one question about the time: has a moment passed? It never
// sees the time itself, so a result can say for which span of time it
// holds: from the latest moment found past to the earliest still to come
// (the audit result cache, report/audit_cache.hpp, keeps it that long).
class Now {
 public:
  Now(TimePoint t) : t_(t) {}  // NOLINT(google-explicit-constructor): a time is a Now
  // True while `t` is still to come (t > now).
  [[nodiscard]] bool before(TimePoint t) const {
    if (t_ < t) {
      if (!until_ || t < *until_) until_ = t;
      return true;
    }
    if (!since_ || *since_ < t) since_ = t;
    return false;
  }
  // The answers so far hold for every time in [since, until); nullopt is
  // unbounded on that side.
  [[nodiscard]] const std::optional<TimePoint>& since() const { return since_; }
  [[nodiscard]] const std::optional<TimePoint>& until() const { return until_; }

 private:
  TimePoint t_;
  mutable std::optional<TimePoint> since_, until_;
};

}  // namespace relctl::rules
