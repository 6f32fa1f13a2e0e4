#pragma once
// The status audit's result, remembered between runs (docs/performance.md,
// "The status audit's results").
//
// The audit is a function of the control files' texts, its options, the
// time and what its FileProbe answers (rules/context.hpp: the rules learn
// nothing else from outside those texts). An entry holds a hash of the
// texts and options, every distinct question the probe was asked with its
// answer, the span of time in which the audit's questions about the time
// get the same answers (rules/now.hpp), and the result. It is used only
// when the texts hash the same, the time lies in that span, and every
// question, asked again of the disk now, gets the same answer: the result
// is then what the audit would compute, and the disk is still read as
// often as it would be (the probe's 800 or so `stat` calls stay).
#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "relctl/rules/context.hpp"

namespace relctl::report {

// One question asked of a FileProbe, and its answer.
struct ProbeQuestion {
  enum class Ask : unsigned char { kRepoRoot = 1, kKind = 2, kKindBeneath = 3 };
  Ask ask = Ask::kKind;
  // repo_root(name = a, local_name = b); kind(a); kind_beneath(root = a, rel = b).
  std::string a, b;
  // A kind as one digit; a repository root as "+" and the path, or "-"
  // for none.
  std::string answer;

  bool operator==(const ProbeQuestion&) const = default;
};

// Passes every question on to `inner` and keeps each distinct one with its
// answer, in the order first asked. root() is not recorded: the entry's key
// holds it.
class RecordingProbe final : public rules::FileProbe {
 public:
  explicit RecordingProbe(const rules::FileProbe& inner) : inner_(inner) {}
  [[nodiscard]] const std::string& root() const override { return inner_.root(); }
  [[nodiscard]] std::optional<std::string> repo_root(const std::string& name,
                                                     const std::string& local_name) const override;
  [[nodiscard]] Kind kind(const std::string& p) const override;
  [[nodiscard]] Kind kind_beneath(const std::string& root, const std::string& rel) const override;
  [[nodiscard]] std::vector<ProbeQuestion> questions() const {
    return {asked_.begin(), asked_.end()};
  }

 private:
  // A question by its parts, viewing the strings of its entry in asked_
  // (a deque: entries never move), so that asking again allocates nothing.
  struct Seen {
    ProbeQuestion::Ask ask;
    std::string_view a, b;
    bool operator==(const Seen&) const = default;
  };
  struct SeenHash {
    std::size_t operator()(const Seen& k) const noexcept;
  };
  void record(ProbeQuestion::Ask ask, const std::string& a, const std::string& b,
              std::string answer) const;
  const rules::FileProbe& inner_;
  mutable std::deque<ProbeQuestion> asked_;
  mutable std::unordered_set<Seen, SeenHash> seen_;
};

// Asks each question again of `probe`, in order, stopping at the first
// answer that differs: true when none does.
[[nodiscard]] bool same_answers(const std::vector<ProbeQuestion>& questions,
                                const rules::FileProbe& probe);

// A remembered result.
struct AuditResult {
  std::string inputs;  // AuditResultCache's key of the texts and options
  // The audit's questions about the time get the same answers for every
  // time in [since, until); nullopt is unbounded on that side.
  std::optional<TimePoint> since, until;
  std::vector<ProbeQuestion> questions;
  std::uint32_t errors = 0;  // entries of the report's "errors"
  std::string text;          // the report, as print_json writes it

  bool operator==(const AuditResult&) const = default;
};

// The entry file's bytes, and back: nullopt for anything that is not an
// entry this build wrote whole (every read is bounds-checked, and the body
// carries a hash of itself).
[[nodiscard]] std::string encode_audit_result(const AuditResult& r);
[[nodiscard]] std::optional<AuditResult> decode_audit_result(std::string_view bytes);

class AuditResultCache {
 public:
  AuditResultCache() = default;  // disabled
  // Entries live in `dir`/audit-results, one file per `slot` (a key of the
  // audit's form, options and repository, so that a changed control file
  // replaces its entry instead of adding one); `inputs` is the key of
  // everything the texts and options hold. Disabled when `dir` is empty.
  AuditResultCache(const std::filesystem::path& dir, const std::string& slot, std::string inputs);

  [[nodiscard]] bool enabled() const { return !file_.empty(); }
  // The remembered result, when its inputs are these, `now` lies in its
  // span, and `probe` answers every one of its questions as before.
  [[nodiscard]] std::optional<AuditResult> find(TimePoint now, const rules::FileProbe& probe) const;
  // Remembers a result (atomically, best effort). Not when its text holds
  // U+FFFD, which the writer also puts for bytes that are not UTF-8: read
  // back, such a report would not equal the one computed.
  void store(const rules::Now& now, const RecordingProbe& probe, std::uint32_t errors,
             std::string_view text) const;

 private:
  std::filesystem::path file_;
  std::string inputs_;
};

}  // namespace relctl::report
