// relctl owners: which subsystems own the given paths, which contract and
// proof a change to them obliges, and which other contracts name them.
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "relctl/report/registry.hpp"
#include "relctl/util/text.hpp"

namespace relctl::cli {
namespace {

// Writes every piece, in order, through writev (at most IOV_MAX at a time),
// resuming after partial writes and interruptions; false on an error.
bool write_all(int fd, std::span<const std::string_view> pieces) {
  std::vector<iovec> iov;
  iov.reserve(pieces.size());
  for (const auto& p : pieces) {
    if (!p.empty()) iov.push_back({const_cast<char*>(p.data()), p.size()});
  }
  std::size_t i = 0;
  while (i < iov.size()) {
    const int count = static_cast<int>(std::min<std::size_t>(iov.size() - i, IOV_MAX));
    const ssize_t n = ::writev(fd, iov.data() + i, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    auto left = static_cast<std::size_t>(n);
    while (i < iov.size() && left >= iov[i].iov_len) left -= iov[i++].iov_len;
    if (left > 0) {
      iov[i].iov_base = static_cast<char*>(iov[i].iov_base) + left;
      iov[i].iov_len -= left;
    }
  }
  return true;
}

using nlohmann::json;

std::string str_or_dash(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string() || it->get<std::string>().empty()) return "-";
  return it->get<std::string>();
}

std::string join(const json& list, const char* sep) {
  std::string out;
  if (!list.is_array()) return "-";
  for (const auto& v : list) {
    if (!out.empty()) out += sep;
    out += v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out.empty() ? "-" : out;
}

std::string reference_text(const json& r) {
  std::string out = text::strip(r.value("heading", std::string()));
  if (out.empty()) out = "-";
  if (r.contains("line") && r["line"].is_number_integer()) {
    out += fmt::format(" @L{}", r["line"].get<long long>());
  }
  const std::string path = text::strip(r.value("path", std::string()));
  if (!path.empty()) out += ": " + path;
  return out;
}

std::size_t list_size(const json& o, const char* a, const char* b) {
  for (const char* k : {a, b}) {
    auto it = o.find(k);
    if (it != o.end() && it->is_array()) return it->size();
  }
  return 0;
}

void print_pretty(const json& r, const Style& st) {
  std::string out;
  if (const auto& cp = r["control_plane"]; cp.is_object() && !cp.empty()) {
    const json at = cp.value("active_target", json::object());
    out += fmt::format("{} profile {}, target {} ({})\n", st.bold("control plane:"),
                       str_or_dash(cp, "active_profile_id"), str_or_dash(at, "id"),
                       str_or_dash(at, "kind"));
  }
  if (r.contains("scope") && r["scope"].is_object() && !r["scope"].empty()) {
    const auto& sc = r["scope"];
    out += fmt::format("{} control plane repo {}, active repos {}\n", st.bold("scope:"),
                       str_or_dash(sc, "control_plane_repo"),
                       join(sc.value("active_repos", json::array()), ","));
  }
  for (const auto& f : r["files"]) {
    const std::string cls = f["classification"].get<std::string>();
    out += fmt::format("\n{}  {}\n", st.bold(f["path"].get<std::string>()),
                       cls == "runtime" ? cls : st.dim(cls));
    for (const auto& m : f["matches"]) {
      const auto& req = m["verification_requirement"];
      out +=
          fmt::format("  owner  {} -> {}  [{}: {}]\n", st.bold(m["subsystem"].get<std::string>()),
                      m["contract"].get<std::string>(), req["id"].get<std::string>(),
                      req["label"].get<std::string>());
      const auto& lc = m["lane_context"];
      if (lc.is_object() && lc["lane"].is_object()) {
        const auto& lane = lc["lane"];
        std::string gap = "-";
        if (lane.contains("gap") && lane["gap"].is_number()) {
          gap = fmt::format("{:.0f}", std::nearbyint(lane["gap"].get<double>()));
        }
        out += fmt::format(
            "         lane {}  gap {}  {}  repos {}  open decisions {}  release gates {}\n",
            lc["lane_id"].get<std::string>(), gap, str_or_dash(lane, "derived_status"),
            join(lane.value("repo_ids", json::array()), ","),
            list_size(lc, "open_decisions", "open_decision_ids"),
            list_size(lc, "release_gates", "release_gate_ids"));
      }
      const auto refs = m.find("matched_contract_references");
      if (refs != m.end() && refs->is_array() && !refs->empty()) {
        std::string focus;
        for (const auto& x : *refs) focus += (focus.empty() ? "" : ", ") + reference_text(x);
        out += fmt::format("         contract focus: {}\n", focus);
      } else if (m["ownership_basis"].is_object()) {
        const auto& b = m["ownership_basis"];
        out += fmt::format("         owned through {} {}\n", str_or_dash(b, "type"),
                           str_or_dash(b, "value"));
      }
    }
    if (f["shared_ownership"].is_object()) {
      const auto& s = f["shared_ownership"];
      out += fmt::format("  shared {} ({})\n", join(s.value("subsystems", json::array()), ", "),
                         s.value("rationale", std::string("-")));
    }
    for (const auto& d : f["dependent_contract_updates"]) {
      out += fmt::format("  also   {} -> {}\n", d["subsystem"].get<std::string>(),
                         d["contract"].get<std::string>());
      if (d.contains("matched_reference_details") && !d["matched_reference_details"].empty()) {
        for (const auto& x : d["matched_reference_details"]) {
          out += fmt::format("         named at {}\n", reference_text(x));
        }
      } else {
        for (const auto& x : d.value("matched_references", json::array())) {
          out += fmt::format("         named at {}\n", x.get<std::string>());
        }
      }
    }
    if (cls == "runtime" && f["matches"].empty()) {
      out += fmt::format("  {}\n", st.yellow("no subsystem owns this path"));
    }
  }
  if (!r["unowned_runtime_files"].empty()) {
    out += fmt::format("\n{} ({})\n", st.yellow("unowned runtime files"),
                       r["unowned_runtime_files"].size());
    for (const auto& p : r["unowned_runtime_files"]) out += "  " + p.get<std::string>() + "\n";
  }
  if (!r["status_audit_errors"].empty()) {
    out +=
        fmt::format("\n{} ({})\n", st.red("status audit errors"), r["status_audit_errors"].size());
    for (const auto& e : r["status_audit_errors"]) out += "  - " + e.get<std::string>() + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

// Lines of standard input, trimmed, blank ones dropped.
std::vector<std::string> stdin_paths() {
  std::string all;
  std::array<char, 1 << 16> buf{};
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    all.append(buf.data(), static_cast<std::size_t>(n));
  }
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < all.size()) {
    std::size_t j = all.find_first_of("\r\n", i);
    if (j == std::string::npos) j = all.size();
    std::string line = text::strip(std::string_view(all).substr(i, j - i));
    if (!line.empty()) out.push_back(std::move(line));
    i = j + 1;
  }
  return out;
}

}  // namespace

Runner add_owners(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "owners",
      "Which subsystems own the given paths (registry.json), which contract and proof a change "
      "to each obliges, which other contracts name it, and the lane context of each owner. "
      "Relative paths are repository-relative; repos/<id>/... and absolute paths are mapped to "
      "their repository.\n\nExamples:\n  relctl owners internal/api/router.go --lean\n  git diff "
      "--name-only main | relctl owners --stdin --lean --pretty\n\nExit: 0 answered (also for "
      "unowned paths), 2 no path given or bad input.");
  struct Opts {
    std::vector<std::string> paths;
    bool lean = false;
    bool from_stdin = false;
    bool pretty = false;
    bool fix = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("paths", opts->paths, "Paths to look up");
  cmd->add_flag("--lean", opts->lean,
                "Compact answer for agents: lane context as ids, exact contract reference lines");
  cmd->add_flag("--stdin,--files-from-stdin", opts->from_stdin,
                "Also read paths from standard input, one per line");
  cmd->add_flag("--pretty", opts->pretty, "Human-readable output");
  cmd->add_flag("--fix-reference-defects", opts->fix,
                "Correct the reference's known defects (docs/compat.md)");
  return [cmd, opts](Context& ctx) -> int {
    if (!*cmd) return -1;
    std::vector<std::string> paths = opts->paths;
    if (opts->from_stdin) {
      auto more = stdin_paths();
      paths.insert(paths.end(), std::make_move_iterator(more.begin()),
                   std::make_move_iterator(more.end()));
    }
    if (paths.empty()) {
      print_error("owners: no paths given (name them as arguments or pass --stdin)");
      return kExitBadInput;
    }
    const report::DefectMode mode{opts->fix};
    if (opts->pretty) {
      print_pretty(report::run_owners(ctx.files(), ctx.clock().now(), paths, opts->lean, mode,
                                      ctx.cache_dir()),
                   Style{ctx.color()});
    } else {
      // The pieces go to standard output with writev: the lane contexts
      // repeated in every match (126 MB of the 6,528-path report of Pulse)
      // are not copied into an output buffer first.
      std::fflush(stdout);
      bool failed = false;
      report::write_owners(ctx.files(), ctx.clock().now(), paths, opts->lean, mode, ctx.cache_dir(),
                           [&failed](std::span<const std::string_view> pieces) {
                             if (!failed && !write_all(STDOUT_FILENO, pieces)) failed = true;
                           });
      if (failed) {
        print_error("could not write the output (standard output is closed or full)");
        return kExitIoFailure;
      }
    }
    return kExitOk;
  };
}

}  // namespace relctl::cli
