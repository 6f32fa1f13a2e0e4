// relctl entrypoint: the reading order and first commands of an agent
// session, derived from the active profile.
#include "relctl/agent/entrypoint.hpp"

#include <vector>

namespace relctl::agent {
namespace {

// The reference switches to the candidate-lane pick surface for this one
// target id, written into its code. relctl keeps that by default for parity
// and, with --fix-reference-defects, uses the target's kind instead.
constexpr const char* kReferenceExpansionTargetId = "v6-product-lane-expansion";
constexpr const char* kFeatureKind = "feature";

// The reference's script paths: consumers read them as data (which file to
// open or run), so they stay as the reference names them.
constexpr const char* kScriptDir = "scripts/release_control/";

}  // namespace

nlohmann::json entrypoint_json(const model::ControlPlane& cp, const EntrypointOptions& opts) {
  const model::Profile& profile = cp.active_profile();
  const model::Target& target = cp.active_target();
  const bool pick_candidates = opts.fix_reference_defects
                                   ? target.kind == kFeatureKind
                                   : cp.active_target_id == kReferenceExpansionTargetId;

  const std::vector<std::string> startup_files{
      cp.agent_values_doc, cp.control_plane_doc, model::control_plane_constants::kPath,
      profile.source_of_truth, profile.development_protocol};
  const std::vector<std::string> escalation_files{profile.status, profile.status_schema,
                                                  profile.registry, profile.registry_schema};
  std::vector<std::string> ordered = startup_files;
  ordered.insert(ordered.end(), escalation_files.begin(), escalation_files.end());

  std::vector<std::string> lookups;
  if (pick_candidates) {
    lookups.emplace_back("relctl lookup candidate <CANDIDATE_LANE_ID> --pretty");
    lookups.emplace_back("relctl lookup gap <COVERAGE_GAP_ID> --pretty");
  }
  for (const char* c : {
           "relctl lookup lane <LANE_ID> --pretty",
           "relctl lookup assertion <ASSERTION_ID> --pretty",
           "relctl lookup gate <GATE_ID> --pretty",
           "relctl lookup followup <FOLLOWUP_ID> --pretty",
           "relctl lookup claim <CLAIM_ID> --pretty",
           "relctl claim --kind <KIND> --id <ID> --summary <SUMMARY> --agent-id <AGENT_ID> "
           "--pretty",
           "relctl owners <PATH>... --lean --pretty",
           // Worktree helpers are the repository's own scripts; relctl does
           // not replace them.
           "python3 scripts/release_control/worktree_base.py --base-branch <BASE_BRANCH> --pretty",
           "python3 scripts/release_control/worktree_claim.py --kind <KIND> --id <ID> --summary "
           "<SUMMARY> --agent-id <AGENT_ID> --pretty",
           "python3 scripts/release_control/worktree_finish.py --base-branch <BASE_BRANCH> "
           "--pretty",
       }) {
    lookups.emplace_back(c);
  }

  const std::string selection_rule =
      pick_candidates
          ? "Take the next item from the available candidate-lane queue (and the coverage gaps "
            "it links to) before any local prerelease cleanup, unless the user sets another "
            "priority or a release-blocking surface needs containing first."
          : "Take work from the lane map first, unless the user sets another priority or a "
            "narrower governed item is already the task at hand.";
  const std::string claim_rule =
      "Claim exactly one governed item (a lane, candidate lane, coverage gap or a narrower item) "
      "with `relctl claim --write` before changing anything it governs. Plumbing that only "
      "supports a slice is claimed on the surface that owns it, with the reason in the claim "
      "summary. Before releasing or replacing a claim, write any residual work left on the lane "
      "into status.json instead of dropping it.";

  nlohmann::json j = nlohmann::json::object();
  j["active_profile_id"] = cp.active_profile_id;
  j["active_target_id"] = cp.active_target_id;
  j["agent_values_doc"] = cp.agent_values_doc;
  j["claim_rule"] = claim_rule;
  j["default_pick_surface"] = pick_candidates ? "available_candidate_lane_queue" : "lanes";
  j["escalation_files"] = escalation_files;
  j["ordered_files"] = ordered;
  j["prerelease_branch"] = profile.prerelease_branch;
  nlohmann::json relctl = nlohmann::json::object();
  relctl["audit"] = "relctl audit";
  relctl["claim"] = "relctl claim";
  relctl["lookup"] = "relctl lookup";
  relctl["owners"] = "relctl owners";
  relctl["preflight"] = "relctl preflight";
  j["relctl_commands"] = std::move(relctl);
  j["selection_rule"] = selection_rule;
  j["stable_branch"] = profile.stable_branch;
  j["startup_commands"] =
      std::vector<std::string>{"relctl preflight --pretty", "relctl audit --pretty"};
  j["startup_files"] = startup_files;
  j["status_lookup"] = std::string(kScriptDir) + "status_lookup.py";
  j["subsystem_lookup"] = std::string(kScriptDir) + "subsystem_lookup.py";
  j["subsystems_dir"] = profile.subsystems_dir;
  j["targeted_lookup_commands"] = lookups;
  j["work_claim"] = std::string(kScriptDir) + "work_claim.py";
  j["worktree_base"] = std::string(kScriptDir) + "worktree_base.py";
  j["worktree_claim"] = std::string(kScriptDir) + "worktree_claim.py";
  j["worktree_finish"] = std::string(kScriptDir) + "worktree_finish.py";
  return j;
}

}  // namespace relctl::agent
