// Family Q: coverage gaps (product surface no lane covers yet) and family R:
// candidate lanes (the proposed lanes that would cover planned gaps). A
// lane-shaping gap that is planned must be linked by exactly one candidate.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/rules/readers.hpp"
#include "relctl/util/text.hpp"

namespace relctl::rules {
namespace {
const std::set<std::string> kLaneShaping{"new-lane", "lane-split", "lane-expansion"};
}

void check_coverage_gaps(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  report_record_list(d, "GAPS-SHAPE", "status.json", s.coverage_gaps);
  std::set<std::string> seen;
  for (const auto& g : s.coverage_gaps.items) {
    const std::string c = fmt::format("coverage_gaps[{}]", g.index);
    auto id = read_str(d, "GAP-FIELD", c, g.id);
    if (id && !seen.insert(*id).second) {
      d.error("GAP-ID-DUPLICATE", c, g.id.path, fmt::format("repeats gap id {}", quote(*id)));
    }
    auto summary = read_str(d, "GAP-FIELD", c, g.summary);
    auto owner = read_str(d, "GAP-FIELD", c, g.owner);
    auto status = read_str(d, "GAP-FIELD", c, g.status);
    auto recorded_at = read_str(d, "GAP-FIELD", c, g.recorded_at);
    auto resolution = read_str(d, "GAP-FIELD", c, g.proposed_resolution);
    const Strings lane_ids = read_strlist(d, "GAP-FIELD", c, g.lane_ids);
    const Strings subsystem_ids = read_strlist(d, "GAP-FIELD", c, g.subsystem_ids);
    std::optional<std::int64_t> impact;
    const JsonNode* raw_impact = g.coverage_impact.raw;
    if (raw_impact == nullptr || !raw_impact->is_number_integer()) {
      d.error("GAP-IMPACT-TYPE", c, g.coverage_impact.path,
              "needs 'coverage_impact' as a whole number");
    } else {
      // Beyond int64 only when absurdly large: treat as out of range.
      const bool is_unsigned = raw_impact->is_number_unsigned();
      const std::int64_t v = is_unsigned ? -1 : raw_impact->get<std::int64_t>();
      if (is_unsigned && raw_impact->get<std::uint64_t>() <= 100) {
        impact = static_cast<std::int64_t>(raw_impact->get<std::uint64_t>());
      } else if (!is_unsigned && v >= 1 && v <= 100) {
        impact = v;
      }
      if (impact && *impact < 1) impact.reset();
      if (!impact) {
        d.error("GAP-IMPACT-RANGE", c + ".coverage_impact", g.coverage_impact.path,
                "must be between 1 and 100");
      }
    }
    if (recorded_at && !is_date(*recorded_at)) {
      d.error("GAP-DATE", c + ".recorded_at", g.recorded_at.path, "is not a YYYY-MM-DD date");
    }
    if (status && !ctx.enums.gap_status.count(*status)) {
      d.error("GAP-STATUS-ENUM", c, g.status.path,
              fmt::format("status {} is not one the schema knows", quote(*status)));
    }
    if (resolution && !ctx.enums.gap_resolution.count(*resolution)) {
      d.error(
          "GAP-RESOLUTION-ENUM", c, g.proposed_resolution.path,
          fmt::format("proposed_resolution {} is not one the schema knows", quote(*resolution)));
    }
    check_lane_id_list(c, g.lane_ids.path, lane_ids, st);
    check_lane_ids_known(c, g.lane_ids.path, lane_ids, "lane_id", st);
    check_subsystem_ids(c, g.subsystem_ids.path, subsystem_ids, lane_ids, ctx, st);
    const EvidenceResult ev = check_evidence(c, g.evidence, ctx, st);
    if (!(id && summary && owner && status && recorded_at && resolution && impact)) continue;
    GapRecord r;
    r.index = g.index;
    r.id = *id;
    r.summary = *summary;
    r.owner = *owner;
    r.status = *status;
    r.recorded_at = *recorded_at;
    r.proposed_resolution = *resolution;
    r.coverage_impact = *impact;
    r.lane_ids = lane_ids;
    r.subsystem_ids = subsystem_ids;
    Strings repos = repos_of_lanes(lane_ids, st);
    for (const auto& ref : ev.refs) repos.push_back(ref[0]);
    r.repo_ids = sorted_unique_fold(std::move(repos));
    r.evidence_count = ev.resolved;
    r.missing_evidence = ev.missing;
    r.all_evidence_present = ev.all_present();
    st.gaps.push_back(std::move(r));
  }
  if (st.gaps.size() == s.coverage_gaps.items.size()) {
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& r : st.gaps) order.emplace_back(r.recorded_at, r.id);
    if (!is_sorted_by(order, dated_less)) {
      d.error("GAPS-ORDER", "status.json", s.coverage_gaps.path,
              "coverage_gaps are not sorted by recorded_at, then id");
    }
  }
}

void check_candidate_lanes(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  report_record_list(d, "CANDIDATES-SHAPE", "status.json", s.candidate_lanes);
  const auto gaps = index_by_id(st.gaps);
  // Distinct gap ids in the order of their first record.
  Strings gap_order;
  for (const auto& g : st.gaps) {
    if (std::find(gap_order.begin(), gap_order.end(), g.id) == gap_order.end()) {
      gap_order.push_back(g.id);
    }
  }
  std::map<std::string, int> refs;  // every occurrence in any candidate
  auto& planned = st.gap_planned_refs;
  for (const auto& id : gap_order) {
    refs[id] = 0;
    planned[id] = 0;
  }
  const auto& cp = ctx.control_plane;
  std::set<std::string> seen;
  std::vector<CandidateRecord> records;
  for (const auto& k : s.candidate_lanes.items) {
    const std::string c = fmt::format("candidate_lanes[{}]", k.index);
    const std::size_t errors_before = d.size();
    auto id = read_str(d, "CANDIDATE-FIELD", c, k.id);
    if (id && !seen.insert(*id).second) {
      d.error("CANDIDATE-ID-DUPLICATE", c, k.id.path,
              fmt::format("repeats candidate id {}", quote(*id)));
    }
    auto name = read_str(d, "CANDIDATE-FIELD", c, k.name);
    auto summary = read_str(d, "CANDIDATE-FIELD", c, k.summary);
    auto status = read_str(d, "CANDIDATE-FIELD", c, k.status);
    auto recorded_at = read_str(d, "CANDIDATE-FIELD", c, k.recorded_at);
    auto target_id = read_str(d, "CANDIDATE-FIELD", c, k.target_id);
    const Strings lane_ids = read_strlist(d, "CANDIDATE-FIELD", c, k.current_lane_ids);
    const Strings gap_ids = read_strlist(d, "CANDIDATE-FIELD", c, k.coverage_gap_ids);
    const Strings subsystem_ids = read_strlist(d, "CANDIDATE-FIELD", c, k.subsystem_ids);
    if (recorded_at && !is_date(*recorded_at)) {
      d.error("CANDIDATE-DATE", c + ".recorded_at", k.recorded_at.path, "is not a YYYY-MM-DD date");
    }
    if (status && !ctx.enums.candidate_status.count(*status)) {
      d.error("CANDIDATE-STATUS-ENUM", c, k.status.path,
              fmt::format("status {} is not one the schema knows", quote(*status)));
    }
    if (target_id) {
      const auto* t = cp.find_target(*target_id);
      if (t == nullptr) {
        d.error("CANDIDATE-TARGET-UNKNOWN", c, k.target_id.path,
                fmt::format("names target {}, which the control plane does not define",
                            quote(*target_id)));
      } else {
        if (t->profile_id != cp.active_profile_id) {
          d.error(
              "CANDIDATE-TARGET-OTHER-PROFILE", c + ".target_id", k.target_id.path,
              fmt::format("{} belongs to profile {}, not the active profile {}", quote(*target_id),
                          quote(t->profile_id), quote(cp.active_profile_id)));
        }
        if (t->status == "completed") {
          d.error("CANDIDATE-TARGET-COMPLETED", c + ".target_id", k.target_id.path,
                  fmt::format("{} is a completed target", quote(*target_id)));
        }
      }
    }
    const JsonPath lp = k.current_lane_ids.path;
    if (has_duplicates(lane_ids)) {
      d.error("CANDIDATE-LANES-DUPLICATE", c + ".current_lane_ids", lp, "lists a lane twice");
    }
    if (!is_sorted_by(lane_ids, lane_less)) {
      d.error("CANDIDATE-LANES-ORDER", c + ".current_lane_ids", lp, "is not sorted by lane id");
    }
    check_lane_ids_known(c, lp, lane_ids, "current_lane_id", st);
    const JsonPath gp = k.coverage_gap_ids.path;
    if (has_duplicates(gap_ids)) {
      d.error("CANDIDATE-GAPS-DUPLICATE", c + ".coverage_gap_ids", gp, "lists a gap twice");
    }
    if (!is_sorted_by(gap_ids, fold_less)) {
      d.error("CANDIDATE-GAPS-ORDER", c + ".coverage_gap_ids", gp,
              "is not in alphabetical order (case-insensitive)");
    }
    for (const auto& gid : gap_ids) {
      auto it = gaps.find(gid);
      if (it == gaps.end()) {
        d.error("CANDIDATE-GAP-UNKNOWN", c, gp,
                fmt::format("names coverage gap {}, but no gap has that id", quote(gid)));
        continue;
      }
      ++refs[gid];
      const std::string gstatus = text::strip(it->second->status);
      if (gstatus != "planned") {
        d.error("CANDIDATE-GAP-NOT-PLANNED", c + ".coverage_gap_ids", gp,
                fmt::format("links gap {} with status {}; a gap a candidate covers must be "
                            "'planned'",
                            quote(gid), quote(gstatus)));
      }
      const std::string res = text::strip(it->second->proposed_resolution);
      if (!kLaneShaping.count(res)) {
        d.error("CANDIDATE-GAP-NOT-LANE-SHAPING", c + ".coverage_gap_ids", gp,
                fmt::format("links gap {} whose proposed_resolution {} does not shape a lane "
                            "(new-lane, lane-split or lane-expansion)",
                            quote(gid), quote(res)));
      }
    }
    check_subsystem_ids(c, k.subsystem_ids.path, subsystem_ids, lane_ids, ctx, st);
    Strings gap_lanes, gap_subsystems;
    for (const auto& gid : gap_ids) {
      if (auto it = gaps.find(gid); it != gaps.end()) {
        gap_lanes.insert(gap_lanes.end(), it->second->lane_ids.begin(), it->second->lane_ids.end());
        gap_subsystems.insert(gap_subsystems.end(), it->second->subsystem_ids.begin(),
                              it->second->subsystem_ids.end());
      }
    }
    Strings missing_lanes, missing_subsystems;
    for (const auto& l : sorted_unique_lane(gap_lanes)) {
      if (std::find(lane_ids.begin(), lane_ids.end(), l) == lane_ids.end()) {
        missing_lanes.push_back(l);
      }
    }
    std::sort(gap_subsystems.begin(), gap_subsystems.end());
    gap_subsystems.erase(std::unique(gap_subsystems.begin(), gap_subsystems.end()),
                         gap_subsystems.end());
    for (const auto& sub : gap_subsystems) {
      if (std::find(subsystem_ids.begin(), subsystem_ids.end(), sub) == subsystem_ids.end()) {
        missing_subsystems.push_back(sub);
      }
    }
    if (!missing_lanes.empty()) {
      d.error("CANDIDATE-MISSING-GAP-LANES", c + ".current_lane_ids", lp,
              fmt::format("leaves out {}, lanes of the gaps it covers", quote_list(missing_lanes)));
    }
    if (!missing_subsystems.empty()) {
      d.error("CANDIDATE-MISSING-GAP-SUBSYSTEMS", c + ".subsystem_ids", k.subsystem_ids.path,
              fmt::format("leaves out {}, subsystems of the gaps it covers",
                          quote_list(missing_subsystems)));
    }
    if (!(id && name && summary && status && recorded_at && target_id) ||
        d.size() != errors_before) {
      continue;
    }
    Strings repos = repos_of_lanes(lane_ids, st);
    for (const auto& gid : gap_ids) {
      if (auto it = gaps.find(gid); it != gaps.end()) {
        repos.insert(repos.end(), it->second->repo_ids.begin(), it->second->repo_ids.end());
      }
    }
    for (const auto& gid : gap_ids) {
      if (planned.count(gid)) ++planned[gid];
    }
    records.push_back({k.index, *id, *name, *summary, *status, *recorded_at, *target_id, lane_ids,
                       gap_ids, subsystem_ids, sorted_unique_fold(std::move(repos))});
  }
  if (records.size() == s.candidate_lanes.items.size()) {
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& r : records) order.emplace_back(r.recorded_at, r.id);
    if (!is_sorted_by(order, dated_less)) {
      d.error("CANDIDATES-ORDER", "status.json", s.candidate_lanes.path,
              "candidate_lanes are not sorted by recorded_at, then id");
    }
  }
  for (const auto& gid : gap_order) {
    if (refs[gid] > 1) {
      d.error("GAP-MULTIPLE-CANDIDATES", "coverage_gap", s.coverage_gaps.path,
              fmt::format("{} is covered by more than one candidate lane", quote(gid)));
      planned[gid] = 0;
    }
  }
  for (const auto& gid : gap_order) {
    const GapRecord& g = *gaps.at(gid);
    const std::string res = text::strip(g.proposed_resolution);
    if (kLaneShaping.count(res) && text::strip(g.status) == "planned" && planned[gid] == 0) {
      d.error("GAP-PLANNED-WITHOUT-CANDIDATE", "coverage_gap", s.coverage_gaps.path.index(g.index),
              fmt::format("{} is planned as {} but no candidate lane covers it", quote(gid), res));
    }
  }
  for (auto& r : records) {
    bool unique = true;
    for (const auto& gid : r.coverage_gap_ids) {
      auto it = refs.find(gid);
      if (it == refs.end() || it->second != 1) unique = false;
    }
    if (unique) st.candidates.push_back(std::move(r));
  }
}

}  // namespace relctl::rules
