// Family P: lane followups (the named residual work a bounded-residual lane
// keeps open).
#include <set>

#include <fmt/format.h>

#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/rules/readers.hpp"

namespace relctl::rules {

void check_followups(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  report_record_list(d, "FOLLOWUPS-SHAPE", "status.json", s.lane_followups);
  std::set<std::string> seen;
  for (const auto& f : s.lane_followups.items) {
    const std::string c = fmt::format("lane_followups[{}]", f.index);
    auto id = read_str(d, "FOLLOWUP-FIELD", c, f.id);
    if (id && !seen.insert(*id).second) {
      d.error("FOLLOWUP-ID-DUPLICATE", c, f.id.path,
              fmt::format("repeats followup id {}", quote(*id)));
    }
    auto summary = read_str(d, "FOLLOWUP-FIELD", c, f.summary);
    auto owner = read_str(d, "FOLLOWUP-FIELD", c, f.owner);
    auto status = read_str(d, "FOLLOWUP-FIELD", c, f.status);
    auto recorded_at = read_str(d, "FOLLOWUP-FIELD", c, f.recorded_at);
    const Strings lane_ids = read_strlist(d, "FOLLOWUP-FIELD", c, f.lane_ids);
    const Strings subsystem_ids = read_strlist(d, "FOLLOWUP-FIELD", c, f.subsystem_ids);
    if (recorded_at && !is_date(*recorded_at)) {
      d.error("FOLLOWUP-DATE", c + ".recorded_at", f.recorded_at.path, "is not a YYYY-MM-DD date");
    }
    if (status && !ctx.enums.followup_status.count(*status)) {
      d.error("FOLLOWUP-STATUS-ENUM", c, f.status.path,
              fmt::format("status {} is not one the schema knows", quote(*status)));
    }
    check_lane_id_list(c, f.lane_ids.path, lane_ids, st);
    if (lane_ids.size() != 1) {
      d.error("FOLLOWUP-SINGLE-LANE", c + ".lane_ids", f.lane_ids.path,
              fmt::format("must name exactly one lane (it names {})", lane_ids.size()));
    }
    check_lane_ids_known(c, f.lane_ids.path, lane_ids, "lane_id", st);
    check_subsystem_ids(c, f.subsystem_ids.path, subsystem_ids, lane_ids, ctx, st);
    if (!(id && summary && owner && status && recorded_at && lane_ids.size() == 1)) continue;
    st.followups.push_back({f.index, *id, *summary, *owner, *status, *recorded_at, lane_ids,
                            subsystem_ids, repos_of_lanes(lane_ids, st)});
  }
  if (st.followups.size() == s.lane_followups.items.size()) {
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& r : st.followups) order.emplace_back(r.recorded_at, r.id);
    if (!is_sorted_by(order, dated_less)) {
      d.error("FOLLOWUPS-ORDER", "status.json", s.lane_followups.path,
              "lane_followups are not sorted by recorded_at, then id");
    }
  }
}

}  // namespace relctl::rules
