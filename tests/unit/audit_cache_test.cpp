// The status audit's result cache (report/audit_cache.hpp) and the seams it
// records: the time as the rules see it (rules/now.hpp) and the probe's
// answers. A remembered result must never be used once any answer it rests
// on would differ.
#include "relctl/report/audit_cache.hpp"

#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "relctl/util/cache_file.hpp"
#include "temp_dir.hpp"

namespace relctl::report {
namespace {

using Kind = rules::FileProbe::Kind;
using test::TempDir;

TimePoint at(const char* s) { return *parse_rfc3339(s); }

// A probe whose answers the test sets, counting the questions it is asked.
class FakeProbe final : public rules::FileProbe {
 public:
  [[nodiscard]] const std::string& root() const override { return root_; }
  [[nodiscard]] std::optional<std::string> repo_root(const std::string& name,
                                                     const std::string& /*local*/) const override {
    ++asked;
    const auto it = roots.find(name);
    if (it == roots.end()) return std::nullopt;
    return it->second;
  }
  [[nodiscard]] Kind kind(const std::string& p) const override {
    ++asked;
    const auto it = kinds.find(p);
    return it == kinds.end() ? Kind::kMissing : it->second;
  }
  [[nodiscard]] Kind kind_beneath(const std::string& root, const std::string& rel) const override {
    return kind(root + "/" + rel);
  }
  std::map<std::string, std::string> roots;
  std::map<std::string, Kind> kinds;
  mutable int asked = 0;

 private:
  std::string root_ = "/repo";
};

TEST(Now, KnowsTheSpanItsAnswersHoldFor) {
  const rules::Now now(at("2026-11-22T12:00:00Z"));
  EXPECT_FALSE(now.since());
  EXPECT_FALSE(now.until());
  EXPECT_TRUE(now.before(at("2026-11-22T15:00:00Z")));
  EXPECT_TRUE(now.before(at("2026-11-22T13:00:00Z")));
  EXPECT_TRUE(now.before(at("2026-11-23T00:00:00Z")));
  EXPECT_FALSE(now.before(at("2026-11-22T09:00:00Z")));
  EXPECT_FALSE(now.before(at("2026-11-22T11:00:00Z")));
  EXPECT_FALSE(now.before(at("2026-11-01T00:00:00Z")));
  // The latest moment found past, the earliest still to come.
  EXPECT_EQ(now.since(), at("2026-11-22T11:00:00Z"));
  EXPECT_EQ(now.until(), at("2026-11-22T13:00:00Z"));
  // A moment equal to now has passed (a claim expiring now is expired).
  EXPECT_FALSE(now.before(at("2026-11-22T12:00:00Z")));
  EXPECT_EQ(now.since(), at("2026-11-22T12:00:00Z"));
}

TEST(RecordingProbe, KeepsEachDistinctQuestionOnceInTheOrderFirstAsked) {
  FakeProbe disk;
  disk.kinds["/repo/a.md"] = Kind::kFile;
  disk.roots["side"] = "/work/side";
  const RecordingProbe rec(disk);
  EXPECT_EQ(rec.kind_beneath("/repo", "a.md"), Kind::kFile);
  EXPECT_EQ(rec.kind("/work/side"), Kind::kMissing);
  EXPECT_EQ(rec.repo_root("side", "repo"), std::optional<std::string>("/work/side"));
  EXPECT_EQ(rec.repo_root("gone", "repo"), std::nullopt);
  EXPECT_EQ(rec.kind_beneath("/repo", "a.md"), Kind::kFile);  // again
  // kind(a) and kind_beneath(a, "") are different questions.
  EXPECT_EQ(rec.kind_beneath("/work/side", ""), Kind::kMissing);
  const std::vector<ProbeQuestion> want{
      {ProbeQuestion::Ask::kKindBeneath, "/repo", "a.md", "1"},
      {ProbeQuestion::Ask::kKind, "/work/side", "", "0"},
      {ProbeQuestion::Ask::kRepoRoot, "side", "repo", "+/work/side"},
      {ProbeQuestion::Ask::kRepoRoot, "gone", "repo", "-"},
      {ProbeQuestion::Ask::kKindBeneath, "/work/side", "", "0"},
  };
  EXPECT_EQ(rec.questions(), want);
}

TEST(RecordingProbe, AnswersAreCheckedAgainAndAnyChangeIsSeen) {
  FakeProbe disk;
  disk.kinds["/repo/a.md"] = Kind::kFile;
  disk.kinds["/repo/docs"] = Kind::kDirectory;
  disk.roots["side"] = "/work/side";
  const RecordingProbe rec(disk);
  (void)rec.kind_beneath("/repo", "a.md");
  (void)rec.kind("/repo/docs");
  (void)rec.repo_root("side", "repo");
  const auto questions = rec.questions();
  EXPECT_TRUE(same_answers(questions, disk));

  FakeProbe changed = disk;
  changed.kinds["/repo/a.md"] = Kind::kDirectory;  // a file became a folder
  EXPECT_FALSE(same_answers(questions, changed));
  changed = disk;
  changed.kinds.erase("/repo/docs");  // a folder went away
  EXPECT_FALSE(same_answers(questions, changed));
  changed = disk;
  changed.roots["side"] = "/elsewhere/side";  // another root from the environment
  EXPECT_FALSE(same_answers(questions, changed));
  changed = disk;
  changed.roots.erase("side");
  EXPECT_FALSE(same_answers(questions, changed));
  // A new file nobody asked about changes nothing.
  changed = disk;
  changed.kinds["/repo/new.md"] = Kind::kFile;
  EXPECT_TRUE(same_answers(questions, changed));
  // The check stops at the first difference.
  changed = disk;
  changed.kinds["/repo/a.md"] = Kind::kMissing;
  changed.asked = 0;
  EXPECT_FALSE(same_answers(questions, changed));
  EXPECT_EQ(changed.asked, 1);
}

AuditResult sample() {
  AuditResult r;
  r.inputs = "0123456789abcdef0123456789abcdef";
  r.since = at("2026-11-22T11:00:00Z");
  r.until = at("2026-11-22T15:40:00Z");
  r.questions = {{ProbeQuestion::Ask::kKindBeneath, "/repo", "docs/a.md", "1"},
                 {ProbeQuestion::Ask::kRepoRoot, "side", "repo", "-"},
                 {ProbeQuestion::Ask::kKind, "/work/side", "", "0"}};
  r.errors = 3;
  r.text = "{\n  \"errors\": []\n}\n";
  return r;
}

TEST(AuditResultFile, ReadsBackWhatWasWrittenAndRefusesEverythingElse) {
  const AuditResult r = sample();
  const std::string bytes = encode_audit_result(r);
  ASSERT_EQ(decode_audit_result(bytes), r);
  AuditResult open = r;
  open.since.reset();
  open.until.reset();
  open.questions.clear();
  ASSERT_EQ(decode_audit_result(encode_audit_result(open)), open);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_audit_result(bytes.substr(0, n))) << "truncated to " << n;
  }
  // Any byte changed is refused: the magic, the body (its hash no longer
  // matches), the hash.
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    EXPECT_FALSE(decode_audit_result(bad)) << "byte " << i;
  }
  EXPECT_FALSE(decode_audit_result(bytes + "x"));
}

TEST(AuditResultFile, AWellHashedBodyMustStillBeWellFormed) {
  // Bodies with an intact hash (as a writer with a bug would leave them):
  // an unknown question kind, a count beyond the body, bytes after the end.
  const std::string magic = "relctl audit result 1\n";
  auto file = [&](const cache::ByteWriter& w) { return magic + w.text() + cache::key({w.text()}); };
  auto head = [](cache::ByteWriter& w, std::uint32_t count) {
    w.str("k");
    for (int i = 0; i < 2; ++i) {
      w.byte(0);
      w.u64(0);
    }
    w.u32(0);
    w.u32(count);
  };
  cache::ByteWriter good;
  head(good, 1);
  good.byte(2);
  good.str("/a");
  good.str("");
  good.str("1");
  good.str("{}");
  ASSERT_TRUE(decode_audit_result(file(good)));
  cache::ByteWriter ask;
  head(ask, 1);
  ask.byte(9);
  ask.str("/a");
  ask.str("");
  ask.str("1");
  ask.str("{}");
  EXPECT_FALSE(decode_audit_result(file(ask)));
  cache::ByteWriter huge;
  head(huge, 0xffffffffu);
  huge.str("{}");
  EXPECT_FALSE(decode_audit_result(file(huge)));
  cache::ByteWriter trailing;
  head(trailing, 0);
  trailing.str("{}");
  trailing.byte(0);
  EXPECT_FALSE(decode_audit_result(file(trailing)));
  cache::ByteWriter flag;
  head(flag, 0);
  flag.str("{}");
  std::string bytes = flag.text();
  bytes[4 + 1] = 2;  // the since flag: neither 0 nor 1
  EXPECT_FALSE(decode_audit_result(magic + bytes + cache::key({bytes})));
}

class AuditResultCacheTest : public ::testing::Test {
 protected:
  // Remembers a result computed at `now` that asked about a.md and a
  // claim expiring at 15:40.
  void remember(const AuditResultCache& cache, const FakeProbe& probe, TimePoint t) {
    const rules::Now now(t);
    (void)now.before(at("2026-11-22T15:40:00Z"));
    (void)now.before(at("2026-11-20T00:00:00Z"));
    const RecordingProbe rec(probe);
    (void)rec.kind_beneath("/repo", "a.md");
    cache.store(now, rec, 2, "{\"errors\": [1, 2]}\n");
  }
  TempDir dir;
  FakeProbe disk;
};

TEST_F(AuditResultCacheTest, UsedOnlyForTheSameInputsInsideTheSpanWithTheSameAnswers) {
  disk.kinds["/repo/a.md"] = Kind::kFile;
  const AuditResultCache cache(dir.path(), "slot", "inputs-1");
  ASSERT_TRUE(cache.enabled());
  EXPECT_FALSE(cache.find(at("2026-11-22T12:00:00Z"), disk));
  remember(cache, disk, at("2026-11-22T12:00:00Z"));
  const auto hit = cache.find(at("2026-11-22T12:00:00Z"), disk);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->errors, 2u);
  EXPECT_EQ(hit->text, "{\"errors\": [1, 2]}\n");
  // Anywhere in [2026-11-20, 15:40), and nowhere else.
  EXPECT_TRUE(cache.find(at("2026-11-20T00:00:00Z"), disk));
  EXPECT_TRUE(cache.find(at("2026-11-22T15:39:59Z"), disk));
  EXPECT_FALSE(cache.find(at("2026-11-22T15:40:00Z"), disk));
  EXPECT_FALSE(cache.find(at("2026-11-19T23:59:59Z"), disk));
  // Other inputs in the same slot: not this entry.
  EXPECT_FALSE(
      AuditResultCache(dir.path(), "slot", "inputs-2").find(at("2026-11-22T12:00:00Z"), disk));
  // Another answer from the disk.
  FakeProbe gone = disk;
  gone.kinds.erase("/repo/a.md");
  EXPECT_FALSE(cache.find(at("2026-11-22T12:00:00Z"), gone));
  // A disabled cache finds and keeps nothing.
  const AuditResultCache off;
  EXPECT_FALSE(off.enabled());
  remember(off, disk, at("2026-11-22T12:00:00Z"));
  EXPECT_FALSE(off.find(at("2026-11-22T12:00:00Z"), disk));
}

TEST_F(AuditResultCacheTest, OneEntryPerSlotAndNothingThatWouldNotReadBackEqual) {
  const AuditResultCache first(dir.path(), "slot", "inputs-1");
  const AuditResultCache second(dir.path(), "slot", "inputs-2");
  remember(first, disk, at("2026-11-22T12:00:00Z"));
  remember(second, disk, at("2026-11-22T12:00:00Z"));
  EXPECT_FALSE(first.find(at("2026-11-22T12:00:00Z"), disk));  // replaced
  EXPECT_TRUE(second.find(at("2026-11-22T12:00:00Z"), disk));
  const auto folder = std::filesystem::path(dir.path()) / "audit-results";
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(folder),
                          std::filesystem::directory_iterator()),
            1);
  // A report holding U+FFFD (also what the writer puts for bytes that are
  // not UTF-8) is not remembered.
  const AuditResultCache third(dir.path(), "other", "inputs-3");
  const rules::Now now(at("2026-11-22T12:00:00Z"));
  const RecordingProbe rec(disk);
  third.store(now, rec, 0, "{\"name\": \"bad \\ufffd byte\"}\n");
  EXPECT_FALSE(third.find(at("2026-11-22T12:00:00Z"), disk));
  EXPECT_FALSE(std::filesystem::exists(folder / "other"));
}

}  // namespace
}  // namespace relctl::report
