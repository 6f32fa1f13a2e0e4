#pragma once
// The rules of work claims that the status audit (src/rules/work_claims.cpp)
// and the claim writer (src/claim/) share: when a claim is active, which
// kinds of work are "narrow" (inside one lane), and which claims overlap.
#include <string>
#include <string_view>
#include <vector>

#include "relctl/rules/now.hpp"
#include "relctl/util/clock.hpp"

namespace relctl::rules {

// A claim is active while its expiry lies strictly after now; a claim that
// expires exactly now is expired.
bool claim_is_active(TimePoint expires_at, TimePoint now);
bool claim_is_active(TimePoint expires_at, const Now& now);

// Work inside one lane that a claim on the whole lane excludes (and that
// excludes it): lane-followup, readiness-assertion, release-gate,
// open-decision.
bool is_narrow_claim_kind(std::string_view kind);

// What a claim on one work item reserves: the item, the lanes it works in
// and the coverage gaps it would close.
struct ClaimScope {
  std::string kind, id;
  std::vector<std::string> lane_ids, coverage_gap_ids;
};

enum class OverlapKind {
  kSameItem,        // both reserve the same kind:id
  kNarrowerInLane,  // `wanted` is a lane; `held` is narrower work in it
  kBroadLane,       // `wanted` is narrower work; `held` is the whole lane
  kGapHeld,         // `wanted` is a candidate lane; `held` is one of its gaps
  kPromotionHeld,   // `wanted` is a gap; `held` is a candidate lane promoting it
};

struct ClaimOverlap {
  OverlapKind kind;
  std::string shared_id;  // the lane or gap both reserve (the item for kSameItem)
};

// Why a claim on `wanted` cannot coexist with the claim `held`: one
// kSameItem overlap when both reserve the same item, else one overlap per
// shared lane or gap, in plain string order. Empty when they can coexist
// (two lanes, two narrow items on one lane, a gap and a lane, ...).
std::vector<ClaimOverlap> claim_overlaps(const ClaimScope& wanted, const ClaimScope& held);

// "same-work-item", "lane-overlap" or "promotion-overlap": the conflict
// kinds the status audit reports (its `work_claim_conflicts`).
const char* conflict_kind_name(OverlapKind kind);

}  // namespace relctl::rules
