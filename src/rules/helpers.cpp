// Small shared helpers of the rule families.
#include <fmt/format.h>

#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"

namespace relctl::rules {

namespace {
bool digits(const std::string& s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}
}  // namespace

bool is_date(const std::string& s) {
  // ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ with Python's `$` (one trailing newline allowed).
  const std::size_t n = (s.size() == 11 && s.back() == '\n') ? 10 : s.size();
  return n == 10 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' &&
         digits(s, 8, 2);
}

bool is_timestamp_shape(const std::string& s) {
  if (s.size() != 20 && s.size() != 25) return false;
  if (!(digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' && digits(s, 8, 2) &&
        s[10] == 'T' && digits(s, 11, 2) && s[13] == ':' && digits(s, 14, 2) && s[16] == ':' &&
        digits(s, 17, 2))) {
    return false;
  }
  if (s.size() == 20) return s[19] == 'Z';
  return (s[19] == '+' || s[19] == '-') && digits(s, 20, 2) && s[22] == ':' && digits(s, 23, 2);
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

std::string quote_list(const Strings& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + quote(v[i]);
  return out + "]";
}

Strings EvidenceResult::repo_ids() const {
  Strings repos;
  for (const auto& r : refs) repos.push_back(r[0]);
  return sorted_unique_fold(std::move(repos));
}

Strings repos_of_lanes(const Strings& lane_ids, const AuditState& st) {
  Strings repos;
  for (const auto& l : lane_ids) {
    if (auto it = st.lane_repo_ids.find(l); it != st.lane_repo_ids.end()) {
      repos.insert(repos.end(), it->second.begin(), it->second.end());
    }
  }
  return sorted_unique_fold(std::move(repos));
}

}  // namespace relctl::rules

namespace relctl::rules {

int tier_rank(const std::optional<std::string>& tier) {
  static const char* const kOrder[] = {"test-proof", "local-rehearsal", "managed-runtime-exercise",
                                       "real-external-e2e", "production-observed"};
  if (!tier) return -1;
  for (int i = 0; i < 5; ++i) {
    if (*tier == kOrder[i]) return i;
  }
  return -1;
}

std::optional<std::string> highest_tier(const Strings& tiers) {
  std::optional<std::string> best;
  int best_rank = -2;
  for (const auto& t : tiers) {
    const int r = tier_rank(t);
    if (r > best_rank) {
      best = t;
      best_rank = r;
    }
  }
  return best;
}

bool tier_meets(const std::optional<std::string>& highest,
                const std::optional<std::string>& minimum) {
  if (!minimum) return true;
  return tier_rank(highest) >= tier_rank(minimum);
}

}  // namespace relctl::rules

namespace relctl::rules {
bool dated_less(const std::pair<std::string, std::string>& a,
                const std::pair<std::string, std::string>& b) {
  if (a.first != b.first) return a.first < b.first;
  return fold_compare(a.second, b.second) < 0;
}
}  // namespace relctl::rules
