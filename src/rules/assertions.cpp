// Family M: readiness assertions, and family N: their proof commands.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "relctl/model/control_plane.hpp"
#include "relctl/rules/audit.hpp"
#include "relctl/rules/orders.hpp"
#include "relctl/rules/readers.hpp"
#include "relctl/util/text.hpp"

namespace relctl::rules {
namespace {

// A file whose name says it is an executable test: *_test.go, *_test.py,
// *.test.*, *.spec.*.
bool is_executable_proof(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const auto slash = path.rfind('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  auto ends_with = [&](const char* suf) {
    const std::string s(suf);
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return ends_with("_test.go") || ends_with("_test.py") ||
         name.find(".test.") != std::string::npos || name.find(".spec.") != std::string::npos;
}

std::vector<ProofCommandRecord> check_proof_commands(const std::string& owner,
                                                     const model::ReadinessAssertion& a,
                                                     const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  std::vector<ProofCommandRecord> out;
  const auto& list = a.proof_commands;
  if (list.raw == nullptr || list.raw->is_null()) return out;
  if (!list.is_array() || list.raw->empty()) {
    d.error("PROOF-COMMANDS-SHAPE", owner + ".proof_commands", list.path,
            "must be a non-empty list when given");
    return out;
  }
  for (std::size_t i : list.non_object_indices) {
    d.error("PROOF-COMMAND-NOT-OBJECT", fmt::format("{}.proof_commands[{}]", owner, i),
            list.path.index(i), "must be an object");
  }
  std::set<std::string> seen;
  for (const auto& p : list.items) {
    const std::string c = fmt::format("{}.proof_commands[{}]", owner, p.index);
    auto id = read_str(d, "PROOF-COMMAND-ID", c, p.id);
    if (id && !seen.insert(*id).second) {
      d.error("PROOF-COMMAND-ID-DUPLICATE", c, p.id.path,
              fmt::format("repeats command id {}", quote(*id)));
    }
    std::optional<std::string> cwd;
    if (p.cwd.present() && !p.cwd.raw->is_null()) {
      if (!p.cwd.ok()) {
        d.error("PROOF-COMMAND-CWD-TYPE", c + ".cwd", p.cwd.path, "must be a string when given");
      } else if (text::is_blank(*p.cwd)) {
        d.error("PROOF-COMMAND-CWD-BLANK", c + ".cwd", p.cwd.path,
                "must be a non-empty string when given");
      } else {
        cwd = *p.cwd;
        const std::string& w = *cwd;
        if (w[0] == '/') {
          d.error(
              "PROOF-COMMAND-CWD-ABSOLUTE", c + ".cwd", p.cwd.path,
              fmt::format("{} is absolute; a cwd is relative to the repository root", quote(w)));
        } else if (!model::is_clean_relative_path(w)) {
          d.error("PROOF-COMMAND-CWD-UNCLEAN", c + ".cwd", p.cwd.path,
                  fmt::format("{} is not a clean relative path", quote(w)));
        }
        // Looked up below the repository's root only (load/confine.hpp).
        const auto k = ctx.probe.kind_beneath(ctx.probe.root(), w);
        if (k == FileProbe::Kind::kOutside) {
          d.error("PROOF-COMMAND-CWD-OUTSIDE", c + ".cwd", p.cwd.path,
                  fmt::format("{} leads outside the repository; it is not followed", quote(w)));
        } else if (k == FileProbe::Kind::kMissing) {
          d.error("PROOF-COMMAND-CWD-MISSING", c + ".cwd", p.cwd.path,
                  fmt::format("directory {} does not exist", quote(w)));
        } else if (k != FileProbe::Kind::kDirectory) {
          d.error("PROOF-COMMAND-CWD-NOT-DIR", c + ".cwd", p.cwd.path,
                  fmt::format("{} is not a directory", quote(w)));
        }
      }
    }
    Strings run = valid_strlist(p.run);
    if (run.empty()) {
      d.error("PROOF-COMMAND-RUN", c + ".run", p.run.path,
              "must be a non-empty list of non-empty strings");
    }
    if (id && !run.empty()) out.push_back({*id, std::move(run), cwd});
  }
  if (out.size() == list.raw->size()) {
    Strings ids;
    for (const auto& r : out) ids.push_back(r.id);
    if (!is_sorted_by(ids, fold_less)) {
      d.error("PROOF-COMMANDS-ORDER", owner + ".proof_commands", list.path,
              "is not sorted by command id");
    }
  }
  return out;
}

}  // namespace

void check_assertions(const model::Status& s, const AuditContext& ctx, AuditState& st) {
  auto& d = st.diags;
  report_record_list(d, "ASSERTIONS-SHAPE", "status.json", s.readiness_assertions);
  std::map<std::string, const GateRecord*> gates;
  for (const auto& g : st.gates) gates[text::strip(g.id)] = &g;
  std::set<std::string> seen;
  for (const auto& a : s.readiness_assertions.items) {
    const std::string c = fmt::format("readiness_assertions[{}]", a.index);
    auto id = read_str(d, "ASSERTION-FIELD", c, a.id);
    if (id && !seen.insert(*id).second) {
      d.error("ASSERTION-ID-DUPLICATE", c, a.id.path,
              fmt::format("repeats assertion id {}", quote(*id)));
    }
    auto summary = read_str(d, "ASSERTION-FIELD", c, a.summary);
    auto kind = read_str(d, "ASSERTION-FIELD", c, a.kind);
    auto level = read_str(d, "ASSERTION-FIELD", c, a.blocking_level);
    auto proof_type = read_str(d, "ASSERTION-FIELD", c, a.proof_type);
    const Strings lane_ids = read_strlist(d, "ASSERTION-FIELD", c, a.lane_ids);
    const Strings subsystem_ids = read_strlist(d, "ASSERTION-FIELD", c, a.subsystem_ids);
    const Strings gate_ids = read_strlist(d, "ASSERTION-FIELD", c, a.release_gate_ids);
    if (kind && !ctx.enums.assertion_kind.count(*kind)) {
      d.error("ASSERTION-KIND-ENUM", c, a.kind.path,
              fmt::format("kind {} is not one the schema knows", quote(*kind)));
    }
    if (level && !ctx.enums.assertion_blocking_level.count(*level)) {
      d.error("ASSERTION-BLOCKING-LEVEL-ENUM", c, a.blocking_level.path,
              fmt::format("blocking_level {} is not one the schema knows", quote(*level)));
    }
    if (proof_type && !ctx.enums.assertion_proof_type.count(*proof_type)) {
      d.error("ASSERTION-PROOF-TYPE-ENUM", c, a.proof_type.path,
              fmt::format("proof_type {} is not one the schema knows", quote(*proof_type)));
    }
    check_lane_id_list(c, a.lane_ids.path, lane_ids, st);
    check_lane_ids_known(c, a.lane_ids.path, lane_ids, "lane_id", st);
    check_subsystem_ids(c, a.subsystem_ids.path, subsystem_ids, lane_ids, ctx, st);
    if (has_duplicates(gate_ids)) {
      d.error("ASSERTION-GATE-IDS-DUPLICATE", c + ".release_gate_ids", a.release_gate_ids.path,
              "lists a gate twice");
    }
    if (!std::is_sorted(gate_ids.begin(), gate_ids.end())) {
      d.error("ASSERTION-GATE-IDS-ORDER", c + ".release_gate_ids", a.release_gate_ids.path,
              "is not in alphabetical order");
    }
    for (const auto& gid : gate_ids) {
      auto it = gates.find(gid);
      if (it == gates.end()) {
        d.error("ASSERTION-GATE-UNKNOWN", c, a.release_gate_ids.path,
                fmt::format("names release gate {}, but no gate has that id", quote(gid)));
      } else if (level && text::strip(it->second->blocking_level) != *level) {
        d.error("ASSERTION-GATE-LEVEL-MISMATCH", c, a.release_gate_ids.path,
                fmt::format("links gate {} of blocking_level {}, but is itself {}", quote(gid),
                            quote(text::strip(it->second->blocking_level)), quote(*level)));
      }
    }
    const std::string pt = proof_type.value_or("");
    if (pt == "automated" && !gate_ids.empty()) {
      d.error("ASSERTION-AUTOMATED-WITH-GATES", c, a.release_gate_ids.path,
              "is proved automatically, so it must not name release gates");
    }
    if ((pt == "manual" || pt == "hybrid") && gate_ids.empty()) {
      d.error("ASSERTION-MANUAL-WITHOUT-GATES", c, a.release_gate_ids.path,
              fmt::format("has proof_type {}, so it must name the release gates that prove it",
                          quote(pt)));
    }
    auto commands = check_proof_commands(c, a, ctx, st);
    if (pt == "automated" && commands.empty()) {
      d.error("ASSERTION-AUTOMATED-WITHOUT-COMMANDS", c, a.path,
              "is proved automatically, so it needs proof_commands");
    }
    const EvidenceResult ev = check_evidence(c, a.evidence, ctx, st);
    bool executable = false;
    for (const auto& ref : ev.refs) {
      if (ref[2] == "file" && is_executable_proof(ref[1])) executable = true;
    }
    if ((pt == "automated" || pt == "hybrid") && !executable) {
      d.error("ASSERTION-NO-EXECUTABLE-PROOF", c, a.evidence.path,
              fmt::format("has proof_type {} but no executable test among its evidence files",
                          quote(pt)));
    }
    bool cleared = true;
    for (const auto& gid : gate_ids) {
      auto it = gates.find(gid);
      if (it == gates.end() || text::strip(it->second->effective_status) != "passed") {
        cleared = false;
      }
    }
    if (!(id && summary && kind && level && proof_type)) continue;
    AssertionRecord r;
    r.index = a.index;
    r.id = *id;
    r.summary = *summary;
    r.kind = *kind;
    r.blocking_level = *level;
    r.proof_type = *proof_type;
    r.lane_ids = lane_ids;
    r.subsystem_ids = subsystem_ids;
    r.release_gate_ids = gate_ids;
    r.proof_commands = std::move(commands);
    r.all_evidence_present = ev.all_present();
    r.evidence_count = ev.resolved;
    r.missing_evidence = ev.missing;
    r.has_executable_proof = executable;
    r.linked_release_gates_cleared = cleared;
    r.derived_status = !ev.all_present()                                  ? "evidence-missing"
                       : ((pt == "manual" || pt == "hybrid") && !cleared) ? "gates-pending"
                                                                          : "passed";
    Strings repos;
    for (const auto& ref : ev.refs) repos.push_back(ref[0]);
    for (const auto& gid : gate_ids) {
      if (auto it = gates.find(gid); it != gates.end()) {
        repos.insert(repos.end(), it->second->repo_ids.begin(), it->second->repo_ids.end());
      }
    }
    r.repo_ids = sorted_unique_fold(std::move(repos));
    st.assertions.push_back(std::move(r));
  }
  if (st.assertions.size() == s.readiness_assertions.items.size()) {
    Strings ids;
    for (const auto& a : st.assertions) ids.push_back(a.id);
    if (!is_sorted_by(ids, assertion_id_less)) {
      d.error("ASSERTIONS-ORDER", "status.json", s.readiness_assertions.path,
              "readiness_assertions are not sorted by assertion id");
    }
  }
}

}  // namespace relctl::rules
