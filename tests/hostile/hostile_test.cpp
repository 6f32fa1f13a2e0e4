// The hostile-input catalog (docs/guarantees.md): one table of inputs, each
// put through every command that reads the control files, on a copy of
// examples/harbor in a git repository of its own:
//
//   relctl audit, audit registry, audit control-plane, owners PATH,
//   claim --write, preflight
//
// For every input and command: no crash signal, no sanitizer report, no
// hang; the exit code is one the command documents; a refusal (exit 2)
// prints nothing on stdout and names the file (and file:line:col where the
// input has a place); an answer on stdout is valid JSON; and status.json is
// never written unless the claim succeeded — then it parses and holds the
// claim. Large inputs are generated here, not committed.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_harness.hpp"
#include "relctl/load/json_document.hpp"
#include "temp_dir.hpp"

namespace relctl::test {
namespace {

namespace fs = std::filesystem;
using J = nlohmann::ordered_json;

const std::string kControlPlane = "docs/release-control/control_plane.json";
const std::string kStatus = "docs/release-control/h2/status.json";
const std::string kStatusSchema = "docs/release-control/h2/status.schema.json";
const std::string kRegistry = "docs/release-control/h2/subsystems/registry.json";
const std::string kRegistrySchema = "docs/release-control/h2/subsystems/registry.schema.json";
const char* const kNow = "2026-11-22T12:00:00Z";
const char* const kAgent = "hostile-agent";

// --- the commands ------------------------------------------------------

enum class Cmd { kAudit, kAuditRegistry, kAuditControlPlane, kOwners, kClaim, kPreflight };

struct Command {
  Cmd cmd;
  const char* name;
  std::vector<std::string> args;
  std::set<std::string> reads;  // control files it cannot run without
  std::set<int> answers;        // exit codes of an answer (2 is always allowed)
};

const std::vector<Command>& commands() {
  static const std::vector<Command> all{
      {Cmd::kAudit, "audit", {"audit"}, {kControlPlane, kStatus, kStatusSchema, kRegistry}, {0}},
      {Cmd::kAuditRegistry,
       "audit registry",
       {"audit", "registry"},
       {kControlPlane, kStatus, kRegistry, kRegistrySchema},
       {0}},
      {Cmd::kAuditControlPlane,
       "audit control-plane",
       {"audit", "control-plane"},
       {kControlPlane, kStatus, kStatusSchema, kRegistry},
       {0}},
      {Cmd::kOwners,
       "owners",
       {"owners", "internal/restore/restore.go"},
       {kControlPlane, kStatus, kStatusSchema, kRegistry, kRegistrySchema},
       {0}},
      {Cmd::kClaim,
       "claim --write",
       {"claim", "--kind", "lane", "--id", "L1", "--summary", "hostile input", "--agent-id", kAgent,
        "--write", "--lock-timeout", "1"},
       {kControlPlane, kStatus, kStatusSchema},
       {0, 1}},
      {Cmd::kPreflight,
       "preflight",
       {"preflight", "--agent-id", kAgent},
       {kControlPlane, kStatus},
       {0, 1}},
  };
  return all;
}

// --- the inputs --------------------------------------------------------

enum class Expect {
  kRefused,   // every command that reads `file` exits 2 naming it
  kReported,  // the audit answers (exit 0) and reports `marker`
  kSurvives,  // answers or refusals, as long as the general checks hold
};

struct Case {
  std::string name;
  std::string file;  // the hostile file ("" when the case is about the tree)
  Expect expect;
  // Writes the input into the repository at `root` (`outside` is a folder
  // beside it, outside the repository).
  std::function<void(const fs::path& root, const fs::path& outside)> make;
  bool located = false;     // the refusal names file:line:col
  std::string marker = {};  // kRefused: in stderr; kReported: in the audit's output
  // kRefused: the commands that must refuse (default: all that read `file`).
  std::set<Cmd> refusers = {};
  // Checks the status.json a successful claim wrote.
  std::function<void(const std::string& written)> check_written = {};
  bool unprivileged = false;  // run as an unprivileged user when root
};

std::string harbor_text(const std::string& rel) {
  std::ifstream f(fs::path(RELCTL_SOURCE_DIR) / "examples/harbor" / rel, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

J harbor_json(const std::string& rel) { return J::parse(harbor_text(rel)); }

void put(const fs::path& root, const std::string& rel, const std::string& bytes) {
  std::ofstream f(root / rel, std::ios::binary | std::ios::trunc);
  f << bytes;
}

// An input that replaces one control file with raw bytes.
Case raw(std::string name, const std::string& file, std::string bytes, Expect e, bool located,
         std::string marker = {}) {
  return Case{std::move(name),
              file,
              e,
              [file, bytes = std::move(bytes)](const fs::path& root, const fs::path&) {
                put(root, file, bytes);
              },
              located,
              std::move(marker)};
}

// An input made by editing harbor's JSON; `text` post-processes the dump
// (to put in what nlohmann cannot write: NaN, duplicate keys...).
Case edit(std::string name, const std::string& file, std::function<void(J&)> change, Expect e,
          std::string marker = {}, std::function<std::string(std::string)> text = {}) {
  return Case{std::move(name),
              file,
              e,
              [file, change = std::move(change), text = std::move(text)](const fs::path& root,
                                                                         const fs::path&) {
                J j = harbor_json(file);
                change(j);
                std::string s = j.dump(2);
                if (text) s = text(s);
                put(root, file, s);
              },
              false,
              std::move(marker)};
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

J& lane(J& status, std::size_t i) { return status["lanes"][i]; }

// The same JSON text on one line: drops the whitespace between tokens.
// (Re-parsing into an ordered_json would be quadratic in the number of
// members of one object, which is what some cases are made of.)
std::string minify(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  bool escaped = false;
  for (const char ch : text) {
    if (in_string) {
      out += ch;
      if (escaped) {
        escaped = false;
      } else if (ch == '\\') {
        escaped = true;
      } else if (ch == '"') {
        in_string = false;
      }
    } else if (ch == '"') {
      in_string = true;
      out += ch;
    } else if (ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r') {
      out += ch;
    }
  }
  return out;
}

std::vector<Case> catalog() {
  std::vector<Case> c;
  const Expect R = Expect::kRefused;
  const Expect P = Expect::kReported;
  const Expect S = Expect::kSurvives;
  const std::string status = harbor_text(kStatus);

  // Malformed JSON of several kinds.
  c.push_back(raw("empty file", kStatus, "", R, false, "empty"));
  c.push_back(raw("whitespace only", kStatus, " \n\t\n", R, true));
  c.push_back(raw("byte order mark", kStatus, "\xEF\xBB\xBF" + status, R, true, "byte order mark"));
  c.push_back(raw("truncated", kStatus, status.substr(0, status.size() / 2), R, true));
  c.push_back(raw("trailing comma in object", kStatus, "{\"version\": \"6.0\",}", R, true));
  c.push_back(raw("trailing comma in array", kStatus, "{\"lanes\": [1, 2,]}", R, true));
  c.push_back(raw("single quotes", kStatus, "{'version': '6.0'}", R, true));
  c.push_back(raw("unquoted member name", kStatus, "{version: \"6.0\"}", R, true));
  c.push_back(raw("comment", kStatus, "// status\n" + status, R, true));
  c.push_back(raw("trailing garbage", kStatus, status + "\n}", R, true, "end of the file"));
  c.push_back(raw("two top-level values", kStatus, "{}\n{}", R, true));
  c.push_back(raw("invalid escape", kStatus, "{\"version\": \"6\\x30\"}", R, true, "escape"));
  c.push_back(raw("bad unicode escape", kStatus, "{\"version\": \"\\u12G4\"}", R, true, "hex"));
  c.push_back(
      raw("raw tab in a string", kStatus, "{\"version\": \"6\t0\"}", R, true, "control character"));
  c.push_back(raw("raw newline in a string", kStatus, "{\"version\": \"6\n0\"}", R, true,
                  "control character"));
  c.push_back(raw("unterminated string", kStatus, "{\"version\": \"6.0}", R, true, "unterminated"));
  c.push_back(raw("leading zero", kStatus, "{\"n\": 01}", R, true));
  c.push_back(raw("lone minus", kStatus, "{\"n\": -}", R, true));
  c.push_back(raw("NUL byte", kStatus, std::string("{\"version\": \"6.0\"\0}", 19), R, true));
  c.push_back(raw("top-level array", kStatus, "[]", R, true));
  c.back().refusers = {Cmd::kAudit, Cmd::kAuditControlPlane, Cmd::kOwners, Cmd::kClaim,
                       Cmd::kPreflight};
  c.push_back(raw("top-level string", kRegistry, "\"registry\"", R, true));
  // The registry audit reports a registry of the wrong shape as findings,
  // as the reference does; the others cannot bind it.
  c.back().refusers = {Cmd::kAudit, Cmd::kAuditControlPlane, Cmd::kOwners};
  c.push_back(raw("control plane not JSON", kControlPlane, "profiles:\n  - h2\n", R, true));

  // Control characters and invalid UTF-8 in ids.
  c.push_back(raw("invalid UTF-8 in a lane id", kStatus,
                  replace_all(status, "\"id\": \"L1\"", "\"id\": \"L\xff\""), R, true,
                  "invalid UTF-8"));
  c.push_back(raw("overlong UTF-8 in an id", kStatus,
                  replace_all(status, "\"id\": \"L2\"", "\"id\": \"L\xC0\xAF\""), R, true,
                  "invalid UTF-8"));
  c.push_back(raw("encoded surrogate in an id", kRegistry,
                  replace_all(harbor_text(kRegistry), "\"scheduler\"", "\"sch\xED\xA0\x80\""), R,
                  true, "invalid UTF-8"));
  c.push_back(edit(
      "control characters in ids", kStatus,
      [](J& s) {
        lane(s, 1)["id"] = std::string("L\x01\x02\n\x7f", 5);
        s["lane_followups"][0]["lane_ids"] = {std::string("L1\0L2", 5)};
      },
      S));

  // Wrong types at every level.
  c.push_back(edit(
      "version is a number", kStatus, [](J& s) { s["version"] = 6; }, P, "version"));
  c.push_back(edit(
      "scope is a string", kStatus, [](J& s) { s["scope"] = "harbor"; }, P, "scope"));
  c.push_back(edit(
      "lanes is an object", kStatus,
      [](J& s) {
        s["lanes"] = {{"L1", 1}};
      },
      R, "lanes"));
  // The status audit cannot work without a lanes list (docs/compat.md); the
  // claim writer, the preflight and the registry audit can.
  c.back().refusers = {Cmd::kAudit, Cmd::kAuditControlPlane, Cmd::kOwners};
  c.push_back(edit(
      "a lane is a string", kStatus, [](J& s) { lane(s, 0) = "L1"; }, P, "lanes[0]"));
  c.push_back(edit(
      "an evidence path is a number", kStatus, [](J& s) { lane(s, 0)["evidence"][0]["path"] = 42; },
      P, "evidence[0]"));
  c.push_back(edit(
      "work_claims is a string", kStatus, [](J& s) { s["work_claims"] = "none"; }, P,
      "work_claims"));
  c.push_back(edit(
      "a claim's expiry is not a date", kStatus,
      [](J& s) { s["work_claims"][0]["expires_at"] = "soon"; }, P, "work_claims[0]"));
  c.push_back(edit(
      "a claim's work item is a list", kStatus,
      [](J& s) {
        s["work_claims"][0]["work_item"] = J::array({"lane", "L3"});
      },
      P, "work_claims[0]"));
  c.push_back(edit(
      "registry subsystems is an object", kRegistry, [](J& r) { r["subsystems"] = J::object(); },
      R));
  c.back().refusers = {Cmd::kAudit, Cmd::kAuditControlPlane, Cmd::kOwners};
  c.push_back(edit(
      "registry owned_prefixes is a string", kRegistry,
      [](J& r) { r["subsystems"][0]["owned_prefixes"] = "internal/"; }, S));
  c.push_back(edit(
      "control plane targets hold a number", kControlPlane, [](J& p) { p["targets"][0] = 7; }, R,
      "targets[0]"));
  c.push_back(edit(
      "control plane names no such profile", kControlPlane,
      [](J& p) { p["active_profile_id"] = "h9"; }, R, "h9"));

  // Unknown enum values, duplicate ids, broken and cyclic references.
  c.push_back(edit(
      "unknown lane status", kStatus, [](J& s) { lane(s, 0)["status"] = "finished-ish"; }, P,
      "finished-ish"));
  c.push_back(edit(
      "unknown claim kind", kStatus,
      [](J& s) { s["work_claims"][0]["work_item"]["kind"] = "epic"; }, P, "epic"));
  c.push_back(edit(
      "duplicate lane ids", kStatus, [](J& s) { lane(s, 1)["id"] = "L1"; }, P, "DUPLICATE"));
  c.push_back(edit(
      "duplicate subsystem ids", kRegistry,
      [](J& r) { r["subsystems"][1]["id"] = r["subsystems"][0]["id"]; }, S));
  c.push_back(edit(
      "duplicate member names", kStatus, [](J&) {}, S, "",
      [](std::string s) {
        return replace_all(s, "\"version\": \"6.0\",",
                           "\"version\": \"5.0\", \"version\": \"6.0\",");
      }));
  c.push_back(edit(
      "broken references", kStatus,
      [](J& s) {
        s["lane_followups"][0]["lane_ids"] = {"L999"};
        s["candidate_lanes"][0]["coverage_gap_ids"] = {"GAP-404"};
        s["work_claims"][0]["work_item"]["id"] = "L404";
      },
      P, "L999"));
  c.push_back(edit(
      "cyclic lane blockers", kStatus,
      [](J& s) {
        lane(s, 0)["blockers"] = {{{"kind", "lane"}, {"id", "L2"}}};
        lane(s, 1)["blockers"] = {{{"kind", "lane"}, {"id", "L1"}}};
      },
      S));
  c.push_back(edit(
      "cyclic schema reference", kStatusSchema,
      [](J& sc) {
        sc["$defs"]["loop"] = {{"$ref", "#/$defs/loop"}};
        sc["properties"]["updated_at"] = {{"$ref", "#/$defs/loop"}};
      },
      S));
  c.push_back(edit(
      "mutually recursive schema references", kRegistrySchema,
      [](J& sc) {
        sc["$defs"]["a"] = {{"$ref", "#/$defs/b"}};
        sc["$defs"]["b"] = {{"allOf", {{{"$ref", "#/$defs/a"}}}}};
        sc["properties"]["version"] = {{"$ref", "#/$defs/a"}};
      },
      S));
  c.push_back(raw("status schema is a list", kStatusSchema, "[]", R, true));
  c.back().refusers = {Cmd::kAudit, Cmd::kClaim};

  // Numbers: huge, NaN, infinities.
  c.push_back(edit(
      "huge numbers", kStatus,
      [](J& s) {
        lane(s, 0)["target_score"] = "__HUGE__";
        s["x_big_integer"] = "__BIG__";
      },
      S, "",
      [](std::string s) {
        s = replace_all(s, "\"__HUGE__\"", "1e400");
        return replace_all(s, "\"__BIG__\"", "123456789012345678901234567890");
      }));
  c.back().check_written = [](const std::string& w) {
    EXPECT_NE(w.find("123456789012345678901234567890"), std::string::npos)
        << "an integer beyond 64 bits must be written back exactly";
    EXPECT_NE(w.find("Infinity"), std::string::npos);
  };
  c.push_back(edit(
      "NaN and infinities", kStatus,
      [](J& s) {
        lane(s, 0)["current_score"] = "__NAN__";
        lane(s, 1)["target_score"] = "__INF__";
        lane(s, 2)["current_score"] = "__NINF__";
      },
      S, "",
      [](std::string s) {
        s = replace_all(s, "\"__NAN__\"", "NaN");
        s = replace_all(s, "\"__INF__\"", "Infinity");
        return replace_all(s, "\"__NINF__\"", "-Infinity");
      }));
  c.back().check_written = [](const std::string& w) {
    EXPECT_NE(w.find("NaN"), std::string::npos);
    EXPECT_NE(w.find("-Infinity"), std::string::npos);
  };
  c.push_back(edit(
      "lone surrogate escape", kStatus, [](J& s) { s["x_note"] = "__SUR__"; }, S, "",
      [](std::string s) { return replace_all(s, "\"__SUR__\"", "\"\\ud800x\""); }));
  c.back().check_written = [](const std::string& w) {
    EXPECT_NE(w.find("\"\\ud800x\""), std::string::npos)
        << "a lone surrogate escape must be written back as it was";
  };

  // Size: long strings, deep nesting, a 50x inflated status.json.
  c.push_back(edit(
      "10 MB lane name", kStatus, [](J& s) { lane(s, 0)["name"] = std::string(10 << 20, 'n'); },
      S));
  c.push_back(edit(
      "1 MB id", kStatus, [](J& s) { lane(s, 5)["id"] = std::string(1 << 20, 'L'); }, S));
  c.push_back(raw("100k-deep arrays", kStatus,
                  "{\"lanes\": " + std::string(100000, '[') + std::string(100000, ']') + "}", R,
                  true, "nesting"));
  {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "{\"a\":";
    deep += "1" + std::string(100000, '}');
    c.push_back(raw("100k-deep objects", kRegistry, deep, R, true, "nesting"));
  }
  c.push_back(edit(
      "50x inflated status.json", kStatus,
      [](J& s) {
        for (const char* key :
             {"lanes", "readiness_assertions", "release_gates", "lane_followups", "coverage_gaps",
              "candidate_lanes", "open_decisions", "resolved_decisions", "work_claims"}) {
          const J base = s[key];
          for (int k = 1; k < 50; ++k) {
            for (J item : base) {
              if (item.contains("id"))
                item["id"] = item["id"].get<std::string>() + "x" + std::to_string(k);
              s[key].push_back(item);
            }
          }
        }
      },
      S));

  // A minified status.json with 130,000 findings on one line: placing each
  // finding (file:line:col) and filtering the schema layer's findings were
  // quadratic (minutes; fuzzing finding, docs/guarantees.md).
  c.push_back(edit(
      "one-line status.json with 130,000 findings", kStatus,
      [](J& s) {
        for (int i = 0; i < 100000; ++i) s["lanes"].push_back(i);
        s["x_members"] = J::object();
        auto& members =
            static_cast<J::object_t::Container&>(s["x_members"].get_ref<J::object_t&>());
        for (int i = 0; i < 30000; ++i) members.emplace_back("m" + std::to_string(i), i);
      },
      S, "", minify));
  // Paths that leave the repository, and odd files.
  c.push_back(edit(
      "absolute evidence path", kStatus,
      [](J& s) { lane(s, 0)["evidence"][1]["path"] = "/etc/passwd"; }, P, "EVIDENCE-OUTSIDE-REPO"));
  c.push_back(edit(
      "evidence path climbing out", kStatus,
      [](J& s) { lane(s, 0)["evidence"][1]["path"] = "../../../../etc/passwd"; }, P,
      "EVIDENCE-OUTSIDE-REPO"));
  c.push_back(edit(
      "evidence path '..'", kStatus, [](J& s) { lane(s, 0)["evidence"][1]["path"] = ".."; }, P,
      "EVIDENCE-OUTSIDE-REPO"));
  {
    Case e = edit(
        "evidence through a symlink out", kStatus,
        [](J& s) { lane(s, 0)["evidence"][1]["path"] = "docs/escape/secret.md"; }, P,
        "EVIDENCE-OUTSIDE-REPO");
    auto base = e.make;
    e.make = [base](const fs::path& root, const fs::path& outside) {
      base(root, outside);
      put(outside, "secret.md", "not evidence\n");
      fs::create_directory_symlink(outside, root / "docs/escape");
    };
    c.push_back(std::move(e));
  }
  {
    Case e = edit(
        "evidence through a symlink inside", kStatus,
        [](J& s) { lane(s, 0)["evidence"][2]["path"] = "docs/alias/chain/chain.go"; }, S);
    auto base = e.make;
    e.make = [base](const fs::path& root, const fs::path& outside) {
      base(root, outside);
      fs::create_directory_symlink("../internal/engine", root / "docs/alias");
    };
    c.push_back(std::move(e));
  }
  c.push_back(edit(
      "proof command folder outside", kStatus,
      [](J& s) { s["readiness_assertions"][0]["proof_commands"][0]["cwd"] = "../.."; }, P,
      "PROOF-COMMAND-CWD-OUTSIDE"));
  c.push_back(edit(
      "repository names that are paths", kStatus,
      [](J& s) {
        s["scope"]["active_repos"] = {"../..", "harbor"};
        s["scope"]["ignored_repos"] = {"/etc"};
      },
      P, "SCOPE-REPO-NAME"));
  c.push_back(edit(
      "profile status path climbing out", kControlPlane,
      [](J& p) { p["profiles"][0]["status"] = "../outside/status.json"; }, R, "clean"));
  c.push_back(edit(
      "profile status path '..'", kControlPlane,
      [](J& p) { p["profiles"][0]["status"] = "docs/.."; }, R, "inside the repository"));
  c.push_back(Case{"status.json is a symlink out", kStatus, R,
                   [](const fs::path& root, const fs::path& outside) {
                     put(outside, "status.json", harbor_text(kStatus));
                     // What a writer killed mid-write would leave: the claim
                     // writer removes these beside status.json, never here.
                     put(outside, ".status.json.relctl-AbC123", "partial");
                     fs::remove(root / kStatus);
                     fs::create_symlink(outside / "status.json", root / kStatus);
                   },
                   false, "outside the repository"});
  c.push_back(Case{"registry.json is a symlink to a device", kRegistry, R,
                   [](const fs::path& root, const fs::path&) {
                     fs::remove(root / kRegistry);
                     fs::create_symlink("/dev/zero", root / kRegistry);
                   },
                   false, "outside the repository"});
  c.back().refusers = {Cmd::kAudit, Cmd::kAuditRegistry, Cmd::kAuditControlPlane, Cmd::kOwners};
  c.push_back(Case{"status.json is a directory", kStatus, R,
                   [](const fs::path& root, const fs::path&) {
                     fs::remove(root / kStatus);
                     fs::create_directory(root / kStatus);
                   },
                   false, "is a directory"});
  c.push_back(Case{"status.json is a FIFO", kStatus, R,
                   [](const fs::path& root, const fs::path&) {
                     fs::remove(root / kStatus);
                     ASSERT_EQ(::mkfifo((root / kStatus).c_str(), 0644), 0);
                   },
                   false, "not a regular file"});
  c.push_back(Case{"status.json is missing", kStatus, R,
                   [](const fs::path& root, const fs::path&) { fs::remove(root / kStatus); }, false,
                   "missing file"});
  c.push_back(Case{"status.json is unreadable", kStatus, R,
                   [](const fs::path& root, const fs::path&) {
                     fs::permissions(root / kStatus, fs::perms::none);
                   },
                   false, "cannot read"});
  c.back().unprivileged = true;
  c.push_back(
      Case{"contract is a symlink out", "", S, [](const fs::path& root, const fs::path& outside) {
             put(outside, "secret.md", "# not a contract\n");
             fs::create_symlink(outside / "secret.md",
                                root / "docs/release-control/h2/subsystems/zz-secret.md");
           }});
  return c;
}

// --- running them ------------------------------------------------------

class Hostile : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    repo_template_ = std::make_unique<TempDir>();
    const fs::path t = fs::path(repo_template_->path()) / "harbor";
    copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", t.string());
    ASSERT_EQ(shell("cd '" + t.string() +
                    "' && git init -q -b main . && git add -A && git -c user.name=t "
                    "-c user.email=t@relctl.invalid commit -qm seed"),
              0);
  }
  static void TearDownTestSuite() { repo_template_.reset(); }
  static std::unique_ptr<TempDir> repo_template_;
};
std::unique_ptr<TempDir> Hostile::repo_template_;

bool runs_unprivileged() { return ::geteuid() == 0 && fs::exists("/usr/bin/setpriv"); }

std::optional<std::string> read_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(p, ec))) return std::nullopt;
  std::ifstream f(p, std::ios::binary);
  if (!f) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Every file below `dir` with its content.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::end(it); ++it) {
    if (it->is_regular_file()) out[it->path().string()] = read_file(it->path()).value_or("");
  }
  return out;
}

TEST_P(Hostile, EveryCommandAnswersOrRefusesCleanly) {
  const Case& k = GetParam();
  TempDir dir;
  copy_tree(repo_template_->path(), dir.path());
  const fs::path root = fs::path(dir.path()) / "harbor";
  const fs::path outside = fs::path(dir.path()) / "outside";
  fs::create_directories(outside);
  k.make(root, outside);
  if (::testing::Test::HasFatalFailure()) return;

  RunOptions opts;
  // A hang guard, not a speed check (speed is bench/'s business): a command
  // that has not answered by then never will. Sanitized builds run the
  // biggest cases about 30 times slower.
#ifdef RELCTL_SANITIZED
  opts.timeout_ms = 600000;
#else
  opts.timeout_ms = 120000;
#endif
  if (k.unprivileged) {
    if (::geteuid() == 0) {
      if (!runs_unprivileged()) GTEST_SKIP() << "root reads every file and setpriv is missing";
      // Everyone may read the tree but the hostile file; relctl runs as nobody.
      for (auto it = fs::recursive_directory_iterator(dir.path()); it != fs::end(it); ++it) {
        if (it->path() != root / k.file) {
          fs::permissions(it->path(), fs::perms::others_read | fs::perms::group_read,
                          fs::perm_options::add);
          if (it->is_directory()) {
            fs::permissions(it->path(), fs::perms::others_exec | fs::perms::group_exec,
                            fs::perm_options::add);
          }
        }
      }
      fs::permissions(dir.path(), fs::perms::others_exec | fs::perms::others_read,
                      fs::perm_options::add);
      opts.wrapper = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    }
  }
  auto status_before = read_file(root / kStatus);
  const auto outside_before = snapshot(outside);
  const std::regex located(std::regex_replace(k.file, std::regex(R"([.])"), R"(\.)") +
                           R"(:[0-9]+:[0-9]+:)");

  for (const auto& c : commands()) {
    SCOPED_TRACE(std::string(c.name) + " on \"" + k.name + "\"");
    std::vector<std::string> args{"--root", root.string(), "--now", kNow};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const RunResult r = run_relctl(args, opts);

    ASSERT_FALSE(r.timed_out) << "no answer within " << opts.timeout_ms / 1000 << " s (a hang)";
    ASSERT_FALSE(r.signaled) << "killed by signal " << r.exit_code - 128 << "\n" << r.err;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("runtime error:"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("Sanitizer"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
    const bool answered = c.answers.count(r.exit_code) != 0;
    EXPECT_TRUE(answered || r.exit_code == 2) << "exit " << r.exit_code << "\n" << r.err;

    if (r.exit_code == 2) {
      EXPECT_EQ(r.err.rfind("relctl: error: ", 0), 0u) << r.err;
      EXPECT_TRUE(r.out.empty()) << "a refusal prints nothing on stdout:\n" << r.out.substr(0, 400);
      if (!k.file.empty()) {
        EXPECT_NE(r.err.find(fs::path(k.file).filename().string()), std::string::npos)
            << "the refusal must name the file:\n"
            << r.err;
      }
    } else if (answered && c.cmd != Cmd::kClaim) {
      EXPECT_NO_THROW((void)JsonDocument::parse(r.out, "stdout")) << r.out.substr(0, 400);
    }

    const bool must_refuse =
        k.expect == Expect::kRefused &&
        (k.refusers.empty() ? c.reads.count(k.file) != 0 : k.refusers.count(c.cmd) != 0);
    if (must_refuse) {
      EXPECT_EQ(r.exit_code, 2) << r.err << r.out.substr(0, 400);
      if (k.located) {
        EXPECT_TRUE(std::regex_search(r.err, located)) << r.err;
      }
      if (!k.marker.empty()) {
        EXPECT_NE(r.err.find(k.marker), std::string::npos) << r.err;
      }
    }
    if (k.expect == Expect::kReported && c.cmd == Cmd::kAudit) {
      EXPECT_EQ(r.exit_code, 0) << r.err;
      EXPECT_NE(r.out.find(k.marker), std::string::npos) << "the audit must report " << k.marker;
    }

    // status.json: written only by a successful claim, and then whole.
    const auto status_after = read_file(root / kStatus);
    if (c.cmd == Cmd::kClaim && r.exit_code == 0) {
      ASSERT_TRUE(status_after.has_value());
      std::optional<JsonDocument> written;
      ASSERT_NO_THROW(written.emplace(JsonDocument::parse(*status_after, kStatus)))
          << "the written status.json must parse";
      bool holds = false;
      for (const auto& claim : written->json().at("work_claims")) {
        holds = holds || claim.value("agent_id", "") == kAgent;
      }
      EXPECT_TRUE(holds) << "the written status.json must hold the claim";
      if (k.check_written) k.check_written(*status_after);
      status_before = status_after;
    } else {
      EXPECT_TRUE(status_after == status_before) << "status.json changed";
    }
    EXPECT_TRUE(snapshot(outside) == outside_before) << "a file outside the repository changed";
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n;
  for (char ch : info.param.name) n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Catalog, Hostile, ::testing::ValuesIn(catalog()), case_name);

TEST(HostileCatalog, HasAtLeastFortyDistinctInputs) {
  const auto all = catalog();
  std::set<std::string> names;
  for (const auto& k : all) names.insert(k.name);
  EXPECT_EQ(names.size(), all.size());
  EXPECT_GE(all.size(), 40u);
}

}  // namespace
}  // namespace relctl::test
