// Family O: open decisions, and family U: resolved decisions.
#include <set>

#include <fmt/format.h>

#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/rules/readers.hpp"

namespace relctl::rules {

void check_open_decisions(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  report_record_list(d, "OPEN-DECISIONS-SHAPE", "status.json", s.open_decisions);
  std::set<std::string> seen;
  for (const auto& o : s.open_decisions.items) {
    const std::string c = fmt::format("open_decisions[{}]", o.index);
    auto id = read_str(d, "OPEN-DECISION-FIELD", c, o.id);
    if (id && !seen.insert(*id).second) {
      d.error("OPEN-DECISION-ID-DUPLICATE", c, o.id.path,
              fmt::format("repeats decision id {}", quote(*id)));
    }
    auto summary = read_str(d, "OPEN-DECISION-FIELD", c, o.summary);
    auto owner = read_str(d, "OPEN-DECISION-FIELD", c, o.owner);
    auto level = read_str(d, "OPEN-DECISION-FIELD", c, o.blocking_level);
    auto opened_at = read_str(d, "OPEN-DECISION-FIELD", c, o.opened_at);
    auto status = read_str(d, "OPEN-DECISION-FIELD", c, o.status);
    const Strings lane_ids = read_strlist(d, "OPEN-DECISION-FIELD", c, o.lane_ids);
    const Strings subsystem_ids = read_strlist(d, "OPEN-DECISION-FIELD", c, o.subsystem_ids);
    if (opened_at && !is_date(*opened_at)) {
      d.error("OPEN-DECISION-DATE", c + ".opened_at", o.opened_at.path, "is not a YYYY-MM-DD date");
    }
    if (level && !ctx.enums.decision_blocking_level.count(*level)) {
      d.error("OPEN-DECISION-BLOCKING-LEVEL-ENUM", c, o.blocking_level.path,
              fmt::format("blocking_level {} is not one the schema knows", quote(*level)));
    }
    if (status && !ctx.enums.decision_status.count(*status)) {
      d.error("OPEN-DECISION-STATUS-ENUM", c, o.status.path,
              fmt::format("status {} is not one the schema knows", quote(*status)));
    }
    check_lane_id_list(c, o.lane_ids.path, lane_ids, st);
    check_lane_ids_known(c, o.lane_ids.path, lane_ids, "lane_id", st);
    check_subsystem_ids(c, o.subsystem_ids.path, subsystem_ids, lane_ids, ctx, st);
    if (!(id && summary && owner && level && opened_at && status)) continue;
    st.open_decisions.push_back({o.index, *id, *summary, *owner, *level, *opened_at, *status,
                                 lane_ids, subsystem_ids, repos_of_lanes(lane_ids, st)});
  }
  if (st.open_decisions.size() == s.open_decisions.items.size()) {
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& r : st.open_decisions) order.emplace_back(r.opened_at, r.id);
    if (!is_sorted_by(order, dated_less)) {
      d.error("OPEN-DECISIONS-ORDER", "status.json", s.open_decisions.path,
              "open_decisions are not sorted by opened_at, then id");
    }
  }
}

void check_resolved_decisions(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  report_record_list(d, "RESOLVED-SHAPE", "status.json", s.resolved_decisions);
  std::set<std::string> seen;
  for (const auto& o : s.resolved_decisions.items) {
    const std::string c = fmt::format("resolved_decisions[{}]", o.index);
    auto id = read_str(d, "RESOLVED-FIELD", c, o.id);
    if (id && !seen.insert(*id).second) {
      d.error("RESOLVED-ID-DUPLICATE", c, o.id.path,
              fmt::format("repeats decision id {}", quote(*id)));
    }
    auto summary = read_str(d, "RESOLVED-FIELD", c, o.summary);
    auto kind = read_str(d, "RESOLVED-FIELD", c, o.kind);
    auto decided_at = read_str(d, "RESOLVED-FIELD", c, o.decided_at);
    const Strings lane_ids = read_strlist(d, "RESOLVED-FIELD", c, o.lane_ids);
    const Strings subsystem_ids = read_strlist(d, "RESOLVED-FIELD", c, o.subsystem_ids);
    if (kind && !ctx.enums.resolved_kind.count(*kind)) {
      d.error("RESOLVED-KIND-ENUM", c, o.kind.path,
              fmt::format("kind {} is not one the schema knows", quote(*kind)));
    }
    if (decided_at && !is_date(*decided_at)) {
      d.error("RESOLVED-DATE", c + ".decided_at", o.decided_at.path, "is not a YYYY-MM-DD date");
    }
    check_lane_id_list(c, o.lane_ids.path, lane_ids, st);
    check_lane_ids_known(c, o.lane_ids.path, lane_ids, "lane_id", st);
    check_subsystem_ids(c, o.subsystem_ids.path, subsystem_ids, lane_ids, ctx, st);
    if (!(id && summary && kind && decided_at)) continue;
    st.resolved_decisions.push_back({o.index, *id, *summary, *kind, *decided_at, lane_ids,
                                     subsystem_ids, repos_of_lanes(lane_ids, st)});
  }
  if (st.resolved_decisions.size() == s.resolved_decisions.items.size()) {
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& r : st.resolved_decisions) order.emplace_back(r.decided_at, r.id);
    if (!is_sorted_by(order, dated_less)) {
      d.error("RESOLVED-ORDER", "status.json", s.resolved_decisions.path,
              "resolved_decisions are not sorted by decided_at, then id");
    }
  }
}

}  // namespace relctl::rules
