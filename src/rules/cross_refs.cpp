// Family J: cross-references from a record to lanes and subsystems.
#include <algorithm>

#include <fmt/format.h>

#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"

namespace relctl::rules {

void check_lane_id_list(const std::string& owner, const JsonPath& at, const Strings& lane_ids,
                        AuditState& st) {
  if (has_duplicates(lane_ids)) {
    st.diags.error("XREF-LANE-IDS-DUPLICATE", owner + ".lane_ids", at, "lists a lane twice");
  }
  if (!is_sorted_by(lane_ids, lane_less)) {
    st.diags.error("XREF-LANE-IDS-ORDER", owner + ".lane_ids", at, "is not sorted by lane id");
  }
}

void check_lane_ids_known(const std::string& owner, const JsonPath& at, const Strings& lane_ids,
                          const char* noun, AuditState& st) {
  for (const auto& l : lane_ids) {
    if (!st.lane_repo_ids.count(l)) {
      st.diags.error("XREF-LANE-ID-UNKNOWN", owner, at,
                     fmt::format("names {} {}, but no lane has that id", noun, quote(l)));
    }
  }
}

void check_subsystem_ids(const std::string& owner, const JsonPath& at, const Strings& subsystem_ids,
                         const Strings& lane_ids, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  if (has_duplicates(subsystem_ids)) {
    d.error("XREF-SUBSYSTEM-IDS-DUPLICATE", owner + ".subsystem_ids", at,
            "lists a subsystem twice");
  }
  if (!std::is_sorted(subsystem_ids.begin(), subsystem_ids.end())) {
    d.error("XREF-SUBSYSTEM-IDS-ORDER", owner + ".subsystem_ids", at,
            "is not in alphabetical order");
  }
  for (const auto& s : subsystem_ids) {
    auto it = ctx.registry.subsystem_lane.find(s);
    if (it == ctx.registry.subsystem_lane.end()) {
      d.error("XREF-SUBSYSTEM-UNKNOWN", owner, at,
              fmt::format("names subsystem {}, which the registry does not define", quote(s)));
      continue;
    }
    if (std::find(lane_ids.begin(), lane_ids.end(), it->second) == lane_ids.end()) {
      d.error(
          "XREF-SUBSYSTEM-LANE-NOT-LISTED", owner, at,
          fmt::format("names subsystem {} of lane {}, but its lanes {} do not include that lane",
                      quote(s), quote(it->second), quote_list(lane_ids)));
    }
  }
}

}  // namespace relctl::rules
