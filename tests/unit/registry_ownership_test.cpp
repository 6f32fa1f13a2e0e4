// Path rules, ownership matching and precedence, verification requirements,
// contract parsing and the registry audit, as pure functions.
#include <algorithm>
#include <deque>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "relctl/load/json_document.hpp"
#include "relctl/registry/audit.hpp"
#include "relctl/registry/contracts.hpp"
#include "relctl/registry/ownership.hpp"
#include "relctl/registry/paths.hpp"

namespace relctl::registry {
namespace {

TEST(RegistryPaths, PrefixMatchesStartOrStrippedEquality) {
  EXPECT_TRUE(prefix_matches("internal/api/x.go", "internal/api/"));
  EXPECT_TRUE(prefix_matches("internal/api", "internal/api/"));
  EXPECT_TRUE(prefix_matches("internal/api.go", "internal/api"));  // plain string prefix
  EXPECT_FALSE(prefix_matches("internal/ap", "internal/api/"));
}

TEST(RegistryPaths, TestsAndIgnoredPaths) {
  EXPECT_TRUE(is_test_or_fixture("scripts/tests/a.py"));
  EXPECT_TRUE(is_test_or_fixture("a/b_test.go"));
  EXPECT_TRUE(is_test_or_fixture("web/__tests__/x.ts"));
  EXPECT_TRUE(is_test_or_fixture("x.spec.tsx"));
  EXPECT_FALSE(is_test_or_fixture("harbor-extra:scripts/tests/x.py"));
  EXPECT_FALSE(is_test_or_fixture("a/b_test.py"));
  const IgnoredPaths ig("docs/rc/v6");
  EXPECT_TRUE(ig.contains("docs/rc/v6/status.json"));
  EXPECT_TRUE(ig.contains(".husky/pre-commit"));
  EXPECT_FALSE(ig.contains("docs/rc/control_plane.json"));
}

TEST(RegistryPaths, GlobIsFnmatchCase) {
  EXPECT_TRUE(glob_matches("docs/releases/RELEASE_NOTES_v6.md", "docs/*/RELEASE_NOTES_*.md"));
  EXPECT_TRUE(glob_matches("a/b/c", "a*c"));  // '*' crosses '/'
  EXPECT_FALSE(glob_matches("A.md", "a.md"));
  EXPECT_TRUE(glob_matches("v1", "v[0-9]"));
  EXPECT_FALSE(glob_matches("v1", "v[!0-9]"));
  EXPECT_TRUE(glob_matches("[x", "[x"));  // unclosed class is literal
  EXPECT_TRUE(glob_matches("ab", "a?"));
}

TEST(RegistryPaths, PosixNormalForm) {
  EXPECT_EQ(posix_normal("./a//b/"), "a/b");
  EXPECT_EQ(posix_normal(""), ".");
  EXPECT_EQ(posix_normal("a/../b"), "a/../b");
  EXPECT_EQ(posix_normal("//x"), "//x");
  EXPECT_EQ(posix_normal("///x"), "/x");
}

TEST(RegistryPaths, MatcherFindsEveryPrefixAndFile) {
  PathMatcher m;
  m.add_prefix("a/", 0, 0);
  m.add_prefix("a/b/", 1, 0);
  m.add_plain_prefix("a/b/", 2, 0);
  m.add_file("a/b/c.go", 3, 0);
  m.add_prefix("", 4, 0);
  m.finish();
  EXPECT_EQ(m.hits("a/b/c.go").size(), 5u);
  EXPECT_EQ(m.hits("a/b").size(), 3u);  // "a/" by start, "a/b/" by equality, "" by start
  EXPECT_EQ(m.hits("z").size(), 1u);
}

// A hit as (group, ordinal, exact), for comparison.
using T = std::tuple<std::uint32_t, std::uint32_t, bool>;

// The hits of `path`, sorted.
std::vector<T> triples(const PathMatcher& m, std::string_view path) {
  std::vector<T> out;
  for (const auto& h : m.hits(path)) out.emplace_back(h.group, h.ordinal, h.exact);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(RegistryPaths, MatcherKeepsEveryEntryApart) {
  // Exact paths are views: they live here, out of order, some repeated.
  const std::vector<std::string> files{"web/z.ts", "api/a.go", "api/a.go", "api/a.go.bak", "api/a"};
  PathMatcher m;
  m.add_file(files[0], 7, 1);
  m.add_file(files[1], 2, 3);
  m.add_file(files[2], 5, 0);
  m.add_file(files[3], 6, 0);
  m.add_file(files[4], 8, 0);
  // Siblings at every level of the trie.
  m.add_prefix("api/", 1, 0);
  m.add_prefix("apx/", 1, 1);
  m.add_plain_prefix("api/a", 3, 2);
  m.add_prefix("web//", 4, 9);
  m.add_prefix("api/", 9, 4);
  m.finish();
  EXPECT_EQ(
      triples(m, "api/a.go"),
      (std::vector<T>{{1, 0, false}, {2, 3, true}, {3, 2, false}, {5, 0, true}, {9, 4, false}}));
  EXPECT_EQ(triples(m, "api/a"),
            (std::vector<T>{{1, 0, false}, {3, 2, false}, {8, 0, true}, {9, 4, false}}));
  EXPECT_EQ(triples(m, "api"), (std::vector<T>{{1, 0, false}, {9, 4, false}}));
  EXPECT_EQ(triples(m, "apx"), (std::vector<T>{{1, 1, false}}));
  EXPECT_EQ(triples(m, "web"), (std::vector<T>{{4, 9, false}}));
  EXPECT_EQ(triples(m, "web//z"), (std::vector<T>{{4, 9, false}}));
  EXPECT_EQ(triples(m, "web/z.ts"), (std::vector<T>{{7, 1, true}}));  // not below "web//"
  EXPECT_TRUE(triples(m, "ap").empty());
  EXPECT_EQ(triples(m, "api/a.g"), (std::vector<T>{{1, 0, false}, {3, 2, false}, {9, 4, false}}));
}

TEST(RegistryPaths, MatcherRefusesLookupsBeforeItIsFinished) {
  const std::string file = "a.go";
  PathMatcher m;
  m.add_prefix("a", 0, 0);
  EXPECT_EQ(m.hits("a.go").size(), 1u);  // prefixes alone need no finishing
  m.add_file(file, 1, 0);
  EXPECT_THROW((void)m.hits("a.go"), std::logic_error);
  m.finish();
  EXPECT_EQ(m.hits("a.go").size(), 2u);
}

// The documents outlive the test that parsed them (their nodes are read in place).
const JsonNode& parse(const char* text) {
  static std::deque<JsonDocument> docs;
  return docs.emplace_back(JsonDocument::parse(text, "t.json")).root();
}

std::vector<SubsystemRule> two_rules() {
  return read_rules(parse(R"([
    {"id": "api", "lane": "L1", "contract": "c/api.md",
     "owned_prefixes": ["internal/", "internal/api/"], "owned_files": ["internal/api/special.go"],
     "verification": {"allow_same_subsystem_tests": false, "test_prefixes": ["t/"],
       "exact_files": [], "require_explicit_path_policy_coverage": true,
       "path_policies": [
         {"id": "first", "label": "First", "match_prefixes": ["internal/api/"], "match_files": [],
          "allow_same_subsystem_tests": true, "test_prefixes": ["z/", "a/"], "exact_files": []},
         {"id": "second", "label": "Second", "match_prefixes": ["internal/"], "match_files": [],
          "allow_same_subsystem_tests": false, "test_prefixes": [], "exact_files": ["x_test.go"]}]}},
    "not an object",
    {"id": "web", "lane": "L2", "contract": "c/web.md", "owned_prefixes": ["internal/api"],
     "owned_files": [], "release_cycle_artifact_globs": ["internal/api/*.md"],
     "verification": {"allow_same_subsystem_tests": false, "test_prefixes": [], "exact_files": [],
       "require_explicit_path_policy_coverage": false, "path_policies": []}}])"));
}

TEST(Ownership, EveryOwnerInRegistryOrderWithItsBasis) {
  const OwnershipIndex idx(two_rules());
  const auto o = idx.owners("internal/api/special.go");
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].subsystem, 0u);
  EXPECT_TRUE(o[0].owned_file);  // owned_files wins over prefixes
  EXPECT_EQ(*o[0].prefix, 0u);   // first declared prefix, not the longest
  EXPECT_EQ(o[1].subsystem, 1u);
  EXPECT_TRUE(idx.owners("other/x").empty());
}

TEST(Ownership, FirstMatchingPolicyGovernsAndGapsAreReported) {
  const OwnershipIndex idx(two_rules());
  auto reqs = idx.requirements(0, {"internal/api/a.go", "internal/b.go", "internal/api/c.go"});
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].id, "first");
  EXPECT_EQ(reqs[0].touched_runtime_files, (StrList{"internal/api/a.go", "internal/api/c.go"}));
  EXPECT_EQ(reqs[0].test_prefixes, (StrList{"a/", "z/"}));  // sorted
  EXPECT_EQ(reqs[1].id, "second");
  // web has no policies and no explicit coverage: the default requirement.
  reqs = idx.requirements(1, {"internal/api/b", "internal/api/a"});
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].id, "default");
  EXPECT_EQ(reqs[0].touched_runtime_files, (StrList{"internal/api/a", "internal/api/b"}));
  // With explicit coverage required, an unmatched path is a gap, listed first.
  auto rules = two_rules();
  rules[0].policies.pop_back();
  const OwnershipIndex idx2(rules);
  reqs = idx2.requirements(0, {"internal/x.go"});
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].id, "missing-path-policy-coverage");
  EXPECT_TRUE(reqs[0].path_policy_gap);
}

TEST(Ownership, TestPoliciesAndCycleArtifacts) {
  const OwnershipIndex idx(two_rules());
  const auto t = idx.test_policies("a/b_test.go");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0], (std::pair<std::uint32_t, std::uint32_t>{0, 0}));
  EXPECT_EQ(idx.test_policies("x_test.go").size(), 1u);
  EXPECT_TRUE(idx.is_cycle_artifact(1, "internal/api/NOTES.md"));
  EXPECT_FALSE(idx.is_cycle_artifact(0, "internal/api/NOTES.md"));
}

const char* const kContract =
    "# Title\n"
    "## Contract Metadata\n"
    "```json\n"
    "{\"subsystem_id\": \" api \"}\n"
    "```\n"
    "## Canonical Files\n"
    "1. `internal/api/router.go` and `go.mod` and `README` and ``x/`\n"
    "- `bullet/ignored.go`\n"
    "99. `ninety/nine.go`\n"
    "100. `hundred/ignored.go`\n"
    "## Extension Points\n"
    "  2. `internal/api/`\n";

TEST(Contracts, NumberedItemsOneToNinetyNineInThreeSections) {
  const auto c = parse_contract(kContract);
  ASSERT_TRUE(c.subsystem_id);
  EXPECT_EQ(*c.subsystem_id, "api");
  std::vector<std::string> paths;
  for (const auto& r : c.references) paths.push_back(r.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"internal/api/router.go", "go.mod", "x/",
                                             "ninety/nine.go", "internal/api/"}));
  EXPECT_EQ(c.references[0].line, 7);
  EXPECT_EQ(c.references[0].heading_line, 6);
  EXPECT_EQ(c.references.back().heading, "## Extension Points");
  ContractParseOptions fix;
  fix.all_item_numbers = true;
  EXPECT_EQ(parse_contract(kContract, fix).references.size(), 6u);
}

TEST(Contracts, DuplicateHeadingNumbersLinesFromTheLastOccurrence) {
  const std::string text =
      "# T\n## Canonical Files\n1. `a/b.go`\n## Purpose\n## Canonical Files\n1. `c/d.go`\n";
  const auto ref = parse_contract(text);
  ASSERT_EQ(ref.references.size(), 1u);
  EXPECT_EQ(ref.references[0].path, "a/b.go");
  EXPECT_EQ(ref.references[0].heading_line, 5);
  EXPECT_EQ(ref.references[0].line,
            6);  // the reference's quirk: body of the first, number of the last
  ContractParseOptions fix;
  fix.heading_line_from_first = true;
  EXPECT_EQ(parse_contract(text, fix).references[0].line, 3);
}

TEST(Contracts, SplitLinesLikePython) {
  EXPECT_EQ(split_lines("a\r\nb\rc\x0b"
                        "d\xe2\x80\xa8"
                        "e\n")
                .size(),
            5u);
  EXPECT_EQ(split_lines("a\n\n").size(), 2u);
}

// Python's str.splitlines() one byte at a time, for long random texts that
// exercise the sixteen-byte scan.
std::vector<std::string_view> split_lines_slowly(std::string_view t) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(t[k]); };
  while (i < t.size()) {
    std::size_t brk = 0;
    const unsigned char c = at(i);
    if (c == '\r') {
      brk = (i + 1 < t.size() && t[i + 1] == '\n') ? 2 : 1;
    } else if (c == '\n' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e)) {
      brk = 1;
    } else if (c == 0xc2 && i + 1 < t.size() && at(i + 1) == 0x85) {
      brk = 2;
    } else if (c == 0xe2 && i + 2 < t.size() && at(i + 1) == 0x80 &&
               (at(i + 2) == 0xa8 || at(i + 2) == 0xa9)) {
      brk = 3;
    }
    if (brk == 0) {
      ++i;
      continue;
    }
    out.push_back(t.substr(start, i - start));
    i += brk;
    start = i;
  }
  if (start < t.size()) out.push_back(t.substr(start));
  return out;
}

TEST(Contracts, SplitLinesAgreesWithAByteByByteScanOnLongTexts) {
  const std::vector<std::string> parts = {
      "abcdefghijklmnopq", "\n",       "\r\n",         "\r",           "\x0b", "\x1d",
      "\xc2\x85",          "\xc2\xa9", "\xe2\x80\xa8", "\xe2\x80\x94", "\x1f", " "};
  std::mt19937 rng(11);
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    for (int k = static_cast<int>(rng() % 40); k > 0; --k) text += parts[rng() % parts.size()];
    ASSERT_EQ(split_lines(text), split_lines_slowly(text)) << n;
  }
}

TEST(Contracts, HashLinesAgreesWithAByteByByteScan) {
  // Mostly plain text and \n (the 64-byte scan), sometimes a rarer break or
  // a UTF-8 character (the byte-by-byte path), '#' after breaks of each kind.
  const std::vector<std::string> plain = {
      "abcdefghijklmnopq", "\n", "#", "## x", "\n#", "\n\n## ", " ", "0123456789abcde"};
  const std::vector<std::string> rare = {"\r\n",     "\r",           "\x0b",         "\x1d",
                                         "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\x94", "\r#"};
  std::mt19937 rng(12);
  for (int n = 0; n < 4000; ++n) {
    std::string text;
    const unsigned rare_in = 2 + rng() % 60;
    for (int k = static_cast<int>(rng() % 200); k > 0; --k) {
      text += rng() % rare_in == 0 ? rare[rng() % rare.size()] : plain[rng() % plain.size()];
    }
    std::vector<std::pair<std::size_t, std::size_t>> expected;
    const auto lines = split_lines_slowly(text);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      if (!lines[k].empty() && lines[k][0] == '#') {
        expected.emplace_back(static_cast<std::size_t>(lines[k].data() - text.data()), k);
      }
    }
    ASSERT_EQ(hash_lines(text), expected) << n;
  }
}

// The same contract with other line breaks: the same references, on the
// same lines (the sixteen-byte scan only takes plain \n).
TEST(Contracts, ParseDoesNotDependOnTheKindOfLineBreak) {
  const std::vector<std::string> lines = {"# Title",
                                          "## Contract Metadata",
                                          "```json",
                                          "{\"subsystem_id\": \"api\"}",
                                          "```",
                                          "## Purpose",
                                          "Some words about it, long enough to fill sixteen bytes.",
                                          "## Canonical Files",
                                          "1. `internal/api/router.go` and `go.mod`",
                                          "- `not/an/item.go`",
                                          "## Shared Boundaries",
                                          "2. `internal/shared/`",
                                          "## Extension Points",
                                          "  3. `web/src/app.tsx`",
                                          "#not-a-heading",
                                          "",
                                          "##Close"};
  auto replace_all = [](std::string s, const std::string& with) {
    std::string out;
    for (char c : s) {
      if (c == '\n') {
        out += with;
      } else {
        out += c;
      }
    }
    return out;
  };
  std::mt19937 rng(13);
  std::size_t with_references = 0;
  for (int n = 0; n < 500; ++n) {
    std::string text;
    for (int k = static_cast<int>(rng() % 30); k > 0; --k)
      text += lines[rng() % lines.size()] + "\n";
    const auto plain = parse_contract(text);
    for (const std::string brk : {"\r\n", "\r", "\xe2\x80\xa8", "\x1e"}) {
      const auto other = parse_contract(replace_all(text, brk));
      ASSERT_EQ(other.subsystem_id, plain.subsystem_id) << n;
      ASSERT_EQ(other.references, plain.references) << n;
    }
    if (!plain.references.empty()) ++with_references;
  }
  EXPECT_GT(with_references, 100u);
}

TEST(Contracts, IndexMatchesPrefixReferencesAndSortsByFoldedId) {
  const std::vector<std::pair<std::string, std::string>> files{
      {"c/b.md", kContract},
      {"c/a.md",
       "## Contract Metadata\n```json\n{\"subsystem_id\": "
       "\"Zeta\"}\n```\n## Shared Boundaries\n3. `internal/`\n"}};
  const ContractIndex idx(files);
  const auto m = idx.referencing("internal/api/x.go");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].contract->subsystem_id, "api");
  EXPECT_EQ(m[1].contract->subsystem_id, "Zeta");
  EXPECT_EQ(idx.referencing("go.mod").size(), 1u);
  EXPECT_TRUE(idx.referencing("go.sum").empty());
}

TEST(RegistryAudit, FlagsUnsortedUntrackedAndUncovered) {
  const auto schema_doc = JsonDocument::parse(
      R"({"required": ["version", "subsystems"], "properties": {"version": {"const": 2}},
          "$defs": {"subsystem": {"required": ["id"]}, "verification": {"required": []},
                    "path_policy": {"required": []}, "shared_ownership": {"required": []}}})",
      "schema.json");
  const auto schema = read_registry_schema_contract(schema_doc);
  const JsonNode& reg = parse(R"({"version": 2, "shared_ownerships": [], "subsystems": [
    {"id": "b", "lane": "L1", "contract": "c.md", "owned_prefixes": ["src/", "lib/"],
     "owned_files": ["gone.go"],
     "verification": {"allow_same_subsystem_tests": false, "test_prefixes": [],
       "exact_files": [], "require_explicit_path_policy_coverage": true, "path_policies": [
         {"id": "p", "label": "P", "match_prefixes": ["src/"], "match_files": [],
          "allow_same_subsystem_tests": false, "test_prefixes": [], "exact_files": []}]}},
    {"id": "a", "lane": "L9", "contract": "c.md", "owned_prefixes": [], "owned_files": [],
     "verification": 3}]})");
  const std::vector<std::string> tracked{"c.md", "lib/x.go", "src/y.go"};
  const std::set<std::string> lanes{"L1"};
  const IgnoredPaths ig("docs/p");
  const auto r = audit_registry({reg, tracked, lanes, schema, ig});
  std::vector<std::string> tokens;
  for (const auto& e : r["errors"]) {
    const auto s = e.get<std::string>();
    tokens.push_back(s.substr(0, s.find(' ')));
  }
  EXPECT_EQ(tokens, (std::vector<std::string>{"subsystems[0].owned_prefixes",  // not sorted
                                              "subsystems[0].owned_files[0]",  // gone.go untracked
                                              "subsystems[0]",               // lib/x.go falls back
                                              "subsystems[1]",               // unknown lane L9
                                              "subsystems[1]",               // duplicate contract
                                              "subsystems[1].verification",  // not an object
                                              "registry.json"}))             // ids not sorted
      << r["errors"].dump(2);
  EXPECT_EQ(r["summary"]["subsystem_count"], 1);
  EXPECT_EQ(r["subsystems"][0]["default_fallback_count"], 1);
}

// The registry audit of `registry` under a schema that requires nothing,
// with c.md and src/y.go tracked and lane L1 known.
nlohmann::json audit_open_registry(const char* registry) {
  const auto schema_doc = JsonDocument::parse(
      R"({"required": [], "properties": {"version": {"const": 2}},
          "$defs": {"subsystem": {"required": []}, "verification": {"required": []},
                    "path_policy": {"required": []}, "shared_ownership": {"required": []}}})",
      "schema.json");
  const auto schema = read_registry_schema_contract(schema_doc);
  const std::vector<std::string> tracked{"c.md", "src/y.go"};
  const std::set<std::string> lanes{"L1"};
  const IgnoredPaths ig("docs/p");
  return audit_registry({parse(registry), tracked, lanes, schema, ig});
}

// Where each error containing `needle` is: its first word.
std::vector<std::string> error_places(const nlohmann::json& report, std::string_view needle) {
  std::vector<std::string> out;
  for (const auto& e : report["errors"]) {
    const auto s = e.get<std::string>();
    if (s.find(needle) != std::string::npos) out.push_back(s.substr(0, s.find(' ')));
  }
  return out;
}

// Equal list items: strings by their text, other values by their JSON; a
// string never equals a number with the same text.
TEST(RegistryAudit, FlagsListsWithEqualItems) {
  const auto r = audit_open_registry(R"({"version": 2, "subsystems": [
    {"id": "a", "lane": "L1", "contract": "c.md", "owned_prefixes": ["src/", "src/"],
     "owned_files": ["1", 1],
     "verification": {"allow_same_subsystem_tests": false, "test_prefixes": [],
       "exact_files": [], "require_explicit_path_policy_coverage": true, "path_policies": [
         {"id": "p", "label": "P", "match_prefixes": ["src/"], "match_files": [{"x": 1}, {"x": 1}],
          "allow_same_subsystem_tests": false, "test_prefixes": [], "exact_files": []}]}}],
    "shared_ownerships": [{"path": "src/y.go", "rationale": "r", "subsystems": ["a", "a"]}]})");
  EXPECT_EQ(error_places(r, "more than once"),
            (std::vector<std::string>{"subsystems[0].owned_prefixes",
                                      "subsystems[0].verification.path_policies[0].match_files",
                                      "shared_ownerships[0].subsystems"}))
      << r["errors"].dump(2);
}

// A file two or more subsystems own must have a shared ownership entry
// listing them in casefold order; an entry for any other file is stale.
TEST(RegistryAudit, SharedOwnershipsAreTheFilesOwnedMoreThanOnce) {
  const auto schema_doc = JsonDocument::parse(
      R"({"required": [], "properties": {"version": {"const": 2}},
          "$defs": {"subsystem": {"required": []}, "verification": {"required": []},
                    "path_policy": {"required": []}, "shared_ownership": {"required": []}}})",
      "schema.json");
  const auto schema = read_registry_schema_contract(schema_doc);
  // src/a.go: alpha, Beta and gamma; src/b.go: alpha and Beta; src/c.go: alpha.
  const JsonNode& reg = parse(R"({"version": 2, "subsystems": [
    {"id": "alpha", "lane": "L1", "contract": "a.md", "owned_prefixes": ["src/"],
     "owned_files": [], "verification": {"allow_same_subsystem_tests": false,
       "test_prefixes": [], "exact_files": [], "require_explicit_path_policy_coverage": true,
       "path_policies": [{"id": "p", "label": "P", "match_prefixes": ["src/"], "match_files": [],
         "allow_same_subsystem_tests": false, "test_prefixes": [], "exact_files": []}]}},
    {"id": "Beta", "lane": "L1", "contract": "b.md", "owned_prefixes": [],
     "owned_files": ["src/a.go", "src/b.go"], "verification": {"allow_same_subsystem_tests": false,
       "test_prefixes": [], "exact_files": [], "require_explicit_path_policy_coverage": true,
       "path_policies": [{"id": "p", "label": "P", "match_prefixes": [],
         "match_files": ["src/a.go", "src/b.go"], "allow_same_subsystem_tests": false,
         "test_prefixes": [], "exact_files": []}]}},
    {"id": "gamma", "lane": "L1", "contract": "c.md", "owned_prefixes": [],
     "owned_files": ["src/a.go"], "verification": {"allow_same_subsystem_tests": false,
       "test_prefixes": [], "exact_files": [], "require_explicit_path_policy_coverage": true,
       "path_policies": [{"id": "p", "label": "P", "match_prefixes": [],
         "match_files": ["src/a.go"], "allow_same_subsystem_tests": false,
         "test_prefixes": [], "exact_files": []}]}}],
    "shared_ownerships": [
      {"path": "src/a.go", "rationale": "r", "subsystems": ["alpha", "gamma"]},
      {"path": "src/c.go", "rationale": "r", "subsystems": ["alpha"]}]})");
  const std::vector<std::string> tracked{"a.md",     "b.md",     "c.md",
                                         "src/a.go", "src/b.go", "src/c.go"};
  const std::set<std::string> lanes{"L1"};
  const IgnoredPaths ig("docs/p");
  const auto r = audit_registry({reg, tracked, lanes, schema, ig});
  std::vector<std::string> shared;
  for (const auto& e : r["errors"]) {
    const auto s = e.get<std::string>();
    if (s.find("shared") != std::string::npos || s.find("more than one") != std::string::npos ||
        s.find("owners are") != std::string::npos) {
      shared.push_back(s);
    }
  }
  ASSERT_EQ(shared.size(), 4u) << r["errors"].dump(2);
  EXPECT_NE(shared[0].find("shared_ownerships[0].subsystems"), std::string::npos);
  EXPECT_NE(shared[0].find("['alpha', 'Beta', 'gamma']"), std::string::npos) << shared[0];
  EXPECT_NE(shared[1].find("shared_ownerships[1].path"), std::string::npos) << shared[1];
  EXPECT_NE(shared[2].find("'src/b.go', owned by ['alpha', 'Beta']"), std::string::npos)
      << shared[2];
  EXPECT_NE(shared[3].find("'src/c.go' is stale"), std::string::npos) << shared[3];
  EXPECT_EQ(r["summary"]["shared_ownership_count"], 2);
}

// Findings about a path policy's items name the item by its place.
TEST(RegistryAudit, PolicyItemsAreNamedByTheirPlace) {
  const auto r = audit_open_registry(R"({"version": 2, "shared_ownerships": [], "subsystems": [
    {"id": "a", "lane": "L1", "contract": "c.md", "owned_prefixes": ["src/"], "owned_files": [],
     "verification": {"allow_same_subsystem_tests": false, "test_prefixes": [],
       "exact_files": [], "require_explicit_path_policy_coverage": false, "path_policies": [
         {"id": "p", "label": "P", "match_prefixes": ["nowhere/", "src/"],
          "match_files": ["", "gone.go", "src/y.go"],
          "allow_same_subsystem_tests": false, "test_prefixes": [], "exact_files": []}]}}]})");
  const std::string p = "subsystems[0].verification.path_policies[0].";
  EXPECT_EQ(error_places(r, ".path_policies[0].match_"),
            (std::vector<std::string>{p + "match_prefixes[0]", p + "match_files[0]",
                                      p + "match_files[1]"}))
      << r["errors"].dump(2);
}

}  // namespace
}  // namespace relctl::registry
