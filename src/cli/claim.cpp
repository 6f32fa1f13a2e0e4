// relctl claim: take, renew, release or list leases on governed work in
// status.json `work_claims` (replaces work_claim.py; docs/claims.md).
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "relctl/claim/engine.hpp"
#include "relctl/claim/status_file.hpp"
#include "relctl/load/confine.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/report/python_json.hpp"
#include "relctl/rules/context.hpp"
#include "relctl/util/text.hpp"

namespace relctl::cli {
namespace {

// docs/exit-codes.md. A refused request (invalid, or overlapping another
// agent's active claim) exits 1 as the reference does; stderr tells the two
// apart ("relctl: conflict:" vs "relctl: error:").
constexpr int kExitRefused = 1;
constexpr int kExitLockTimeout = 4;
// With --conflict-exit-code: a conflict gets a code of its own.
constexpr int kExitConflict = 5;
constexpr double kMaxLockTimeoutSeconds = 3600;

// Python's float() of a command-line value: surrounding whitespace, a sign,
// inf/infinity/nan in any case, '_' between digits. nullopt when it is not
// a number.
std::optional<double> parse_float(const std::string& raw) {
  std::string s = text::strip(raw);
  std::string cleaned;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      const bool between = i > 0 && i + 1 < s.size() &&
                           std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
                           std::isdigit(static_cast<unsigned char>(s[i + 1]));
      if (!between) return std::nullopt;
      continue;
    }
    cleaned += s[i];
  }
  std::string_view v = cleaned;
  bool negative = false;
  if (!v.empty() && (v.front() == '+' || v.front() == '-')) {
    negative = v.front() == '-';
    v.remove_prefix(1);
  }
  if (v.empty() || v.front() == '+' || v.front() == '-' || v.find('(') != std::string_view::npos) {
    return std::nullopt;
  }
  double d = 0;
  const auto r = std::from_chars(v.data(), v.data() + v.size(), d);
  if (r.ptr != v.data() + v.size()) return std::nullopt;
  if (r.ec == std::errc::result_out_of_range) {
    // Python: overflow reads as inf, underflow as 0.
    const auto e = v.find_first_of("eE");
    d = (e != std::string_view::npos && e + 1 < v.size() && v[e + 1] == '-')
            ? 0.0
            : std::numeric_limits<double>::infinity();
  } else if (r.ec != std::errc()) {
    return std::nullopt;
  }
  return negative ? -d : d;
}

void print_py_json(const Json& value) {
  std::string out;
  report::append_py_json(out, value, report::PyJsonOptions{2, true});
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
}

struct Opts {
  std::optional<std::string> kind, id, summary, agent_id, target_id;
  std::string ttl = "2";
  std::string lock_timeout = "5";
  bool release = false;
  bool write = false;
  bool pretty = false;
  bool list = false;
  bool conflict_code = false;
};

int usage_error(const std::string& what) {
  print_error("claim: " + what);
  return kExitBadInput;
}

}  // namespace

Runner add_claim(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "claim",
      "Claim, renew or release a lease on one governed work item in status.json work_claims, "
      "or list the claims. Without --write it only reports what would change. A claim "
      "replaces the agent's other active claims; claiming the same item again renews it; "
      "work another agent actively holds (the same item, its lane, or the gap a candidate "
      "lane would close) is refused. --write changes status.json under an exclusive lock, "
      "atomically (docs/claims.md).\n\nExamples:\n"
      "  relctl claim --kind lane --id L7 --agent-id codex-7f3a --summary 'Fix the restore "
      "path' --write\n"
      "  relctl claim --release --agent-id codex-7f3a --write\n"
      "  relctl claim --list --pretty\n\n"
      "Exit: 0 done, 1 refused (invalid request, or a conflict: stderr then starts with "
      "'relctl: conflict:'), 2 bad input or usage, 3 status.json not writable or the write "
      "failed, 4 another writer held the lock for the whole --lock-timeout, 5 a conflict "
      "with --conflict-exit-code.");
  auto opts = std::make_shared<Opts>();
  cmd->add_option("--kind", opts->kind,
                  "Kind of work: lane, lane-followup, coverage-gap, candidate-lane, "
                  "readiness-assertion, release-gate, open-decision");
  cmd->add_option("--id", opts->id, "Id of the work item (exact)");
  cmd->add_option("--summary", opts->summary, "What the claim is for (claims only)");
  cmd->add_option("--agent-id", opts->agent_id, "The claiming agent: one word, no whitespace");
  cmd->add_option("--target-id", opts->target_id,
                  "Target of the claim (default: a candidate lane's own target, else the "
                  "active target)");
  cmd->add_option("--ttl-hours", opts->ttl,
                  fmt::format("Lease length in hours, more than 0 and at most {:g} (default 2)",
                              claim::kMaxTtlHours))
      ->type_name("HOURS");
  cmd->add_flag("--release", opts->release,
                "Release the agent's active claims (only the --kind/--id one when given)");
  cmd->add_flag("--write", opts->write, "Write the change to status.json");
  cmd->add_flag("--list", opts->list, "List active, expired and conflicting claims");
  cmd->add_flag("--pretty", opts->pretty, "Human-readable output");
  cmd->add_flag("--conflict-exit-code", opts->conflict_code,
                "Exit 5 (not 1, the reference's code) when another agent's active claim "
                "overlaps");
  cmd->add_option("--lock-timeout", opts->lock_timeout,
                  "Seconds to wait for another writer's lock with --write (default 5)")
      ->type_name("SECONDS");

  return [cmd, opts](Context& ctx) -> int {
    if (!*cmd) return -1;
    const Opts& o = *opts;
    if (ctx.options().staged) {
      return usage_error(
          "--staged does not apply: claims are read from and written to the work tree's "
          "status.json");
    }
    if (o.list && (o.release || o.write)) {
      return usage_error("--list cannot be combined with --release or --write");
    }
    const auto ttl = parse_float(o.ttl);
    if (!ttl) return usage_error(fmt::format("--ttl-hours: '{}' is not a number", o.ttl));
    const auto lock_seconds = parse_float(o.lock_timeout);
    if (!lock_seconds || std::isnan(*lock_seconds) || *lock_seconds < 0 ||
        *lock_seconds > kMaxLockTimeoutSeconds) {
      return usage_error(fmt::format("--lock-timeout: '{}' is not a number of seconds from 0 to {}",
                                     o.lock_timeout, kMaxLockTimeoutSeconds));
    }

    auto& files = ctx.files();
    const auto& cp = files.control_plane();
    const std::string rel = cp.active_profile().status;
    claim::Policy policy;
    policy.control_plane = &cp;
    policy.status_path = rel;
    policy.valid_kinds = rules::extract_schema_enums(files.status_schema_doc()).claim_kind;
    const TimePoint now = std::chrono::floor<std::chrono::seconds>(ctx.clock().now());
    const std::string named_by =
        "profile " + cp.active_profile_id + ".status in docs/release-control/control_plane.json";

    if (o.list) {
      const JsonDocument doc = JsonDocument::parse(files.repo().read(rel, false, named_by), rel);
      const auto listing = claim::list_claims(doc, policy, now);
      if (o.pretty) {
        const std::string text = claim::listing_pretty(listing, policy, now);
        std::fwrite(text.data(), 1, text.size(), stdout);
      } else {
        print_py_json(claim::listing_json(listing, policy, now));
      }
      return kExitOk;
    }

    // Nothing outside the repository is locked, cleaned up or written: a
    // status.json that leads out of it (a symbolic link) is refused first.
    if (confine::BeneathProbe().kind(files.repo().root().string(), rel) ==
        confine::BeneathProbe::Kind::kOutside) {
      throw LoadError(rel, fmt::format("{} leads outside the repository through a symbolic "
                                       "link; relctl writes only files inside it",
                                       (files.repo().root() / rel).string()));
    }
    const claim::StatusFile file(files.repo().root() / rel, rel);
    std::optional<claim::StatusFile::Lock> lock;
    try {
      if (o.write) {
        // The read-modify-write happens under the lock, on a fresh read.
        lock.emplace(file.lock(std::chrono::milliseconds(
            static_cast<long long>(std::llround(*lock_seconds * 1000.0)))));
        file.remove_orphans(*lock);
      }
      JsonDocument doc = JsonDocument::parse(files.repo().read(rel, false, named_by), rel);
      if (o.write) file.check_writable();
      claim::Plan plan;
      if (o.release) {
        claim::ReleaseRequest req;
        req.agent_id = o.agent_id.value_or("");
        req.kind = o.kind;
        req.work_id = o.id;
        plan = claim::plan_release(doc, req, policy, now);
      } else {
        claim::ClaimRequest req;
        req.kind = o.kind.value_or("");
        req.work_id = o.id.value_or("");
        req.summary = o.summary.value_or("");
        req.agent_id = o.agent_id.value_or("");
        req.target_id = o.target_id;
        req.ttl_hours = *ttl;
        plan = claim::plan_claim(doc, req, policy, now);
      }
      if (o.write) {
        file.replace(claim::render_status(doc, plan), *lock);
        lock.reset();
        spdlog::debug("{} written", rel);
      }
      if (o.pretty) {
        const std::string text = claim::result_pretty(plan, policy, o.write);
        std::fwrite(text.data(), 1, text.size(), stdout);
      } else {
        print_py_json(claim::result_json(plan, policy, o.write));
      }
      return kExitOk;
    } catch (const claim::Refusal& e) {
      if (e.kind() == claim::Refusal::Kind::kConflict) {
        fmt::print(stderr, "relctl: conflict: {}\n", e.what());
        if (o.conflict_code) return kExitConflict;
      } else {
        print_error(e.what());
      }
      return kExitRefused;
    } catch (const claim::StoreError& e) {
      print_error(e.what());
      switch (e.kind()) {
        case claim::StoreError::Kind::kLockTimeout:
          return kExitLockTimeout;
        case claim::StoreError::Kind::kMissing:
          return kExitBadInput;
        default:
          return kExitIoFailure;
      }
    }
  };
}

}  // namespace relctl::cli
