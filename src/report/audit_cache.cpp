#include "relctl/report/audit_cache.hpp"

#include <cstring>
#include <limits>

#include "relctl/util/cache_file.hpp"

namespace relctl::report {
namespace {

namespace fs = std::filesystem;
using Ask = ProbeQuestion::Ask;
using Kind = rules::FileProbe::Kind;

// The entry file: this magic line, the body, and a key (cache::key) of the
// body. The body: the inputs key; the span (a flag byte and microseconds
// since the epoch, for each end); the error count; the questions (a count,
// then each one's Ask byte, its two strings and its answer); the text.
constexpr std::string_view kMagic = "relctl audit result 1\n";

std::string kind_answer(Kind k) {
  return std::string(1, static_cast<char>('0' + static_cast<int>(k)));
}

std::string root_answer(const std::optional<std::string>& r) { return r ? "+" + *r : "-"; }

void put_time(cache::ByteWriter& w, const std::optional<TimePoint>& t) {
  w.byte(t ? 1 : 0);
  w.u64(t ? static_cast<std::uint64_t>(t->time_since_epoch().count()) : 0);
}

bool get_time(cache::ByteReader& r, std::optional<TimePoint>& t) {
  unsigned char has = 0;
  std::uint64_t v = 0;
  if (!r.byte(has) || !r.u64(v) || has > 1) return false;
  if (has) t = TimePoint(std::chrono::microseconds(static_cast<std::int64_t>(v)));
  return true;
}

}  // namespace

std::optional<std::string> RecordingProbe::repo_root(const std::string& name,
                                                     const std::string& local_name) const {
  auto r = inner_.repo_root(name, local_name);
  record(Ask::kRepoRoot, name, local_name, root_answer(r));
  return r;
}

Kind RecordingProbe::kind(const std::string& p) const {
  const Kind k = inner_.kind(p);
  record(Ask::kKind, p, "", kind_answer(k));
  return k;
}

Kind RecordingProbe::kind_beneath(const std::string& root, const std::string& rel) const {
  const Kind k = inner_.kind_beneath(root, rel);
  record(Ask::kKindBeneath, root, rel, kind_answer(k));
  return k;
}

std::size_t RecordingProbe::SeenHash::operator()(const Seen& k) const noexcept {
  // Nearly every question is below the same root: the relative path tells
  // them apart (equality still compares everything).
  const std::hash<std::string_view> h;
  return (k.b.empty() ? h(k.a) : h(k.b)) * 31 + k.a.size() * 7 + static_cast<std::size_t>(k.ask);
}

void RecordingProbe::record(Ask ask, const std::string& a, const std::string& b,
                            std::string answer) const {
  // A question asked again gets the answer it got first (the probes
  // remember), so the first is the one to keep.
  if (seen_.count(Seen{ask, a, b}) != 0) return;
  const auto& q = asked_.emplace_back(ProbeQuestion{ask, a, b, std::move(answer)});
  seen_.insert(Seen{ask, q.a, q.b});
}

bool same_answers(const std::vector<ProbeQuestion>& questions, const rules::FileProbe& probe) {
  for (const auto& q : questions) {
    std::string now;
    switch (q.ask) {
      case Ask::kRepoRoot:
        now = root_answer(probe.repo_root(q.a, q.b));
        break;
      case Ask::kKind:
        now = kind_answer(probe.kind(q.a));
        break;
      case Ask::kKindBeneath:
        now = kind_answer(probe.kind_beneath(q.a, q.b));
        break;
      default:
        return false;
    }
    if (now != q.answer) return false;
  }
  return true;
}

namespace {

// The body up to the report's text, ending with the text's length: the body
// is this and then the text, which is never copied into it when an entry is
// stored (at ×100 it is 31 MB).
std::string head_of(const AuditResult& r, std::size_t text_size) {
  cache::ByteWriter w;
  w.str(r.inputs);
  put_time(w, r.since);
  put_time(w, r.until);
  w.u32(r.errors);
  w.u32(static_cast<std::uint32_t>(r.questions.size()));
  for (const auto& q : r.questions) {
    w.byte(static_cast<unsigned char>(q.ask));
    w.str(q.a);
    w.str(q.b);
    w.str(q.answer);
  }
  w.u32(static_cast<std::uint32_t>(text_size));
  return w.text();
}

}  // namespace

std::string encode_audit_result(const AuditResult& r) {
  return cache::seal(kMagic, head_of(r, r.text.size()) + r.text);
}

std::optional<AuditResult> decode_audit_result(std::string_view bytes) {
  const auto sealed = cache::unseal(kMagic, bytes);
  if (!sealed) return std::nullopt;
  const std::string_view body = *sealed;
  cache::ByteReader r(body);
  AuditResult out;
  std::string_view inputs, text;
  std::uint32_t count = 0;
  if (!r.str(inputs) || !get_time(r, out.since) || !get_time(r, out.until) || !r.u32(out.errors) ||
      !r.u32(count)) {
    return std::nullopt;
  }
  out.inputs = inputs;
  // Each question takes at least 13 bytes: no count can make us reserve
  // more than the body could hold.
  if (count > body.size() / 13) return std::nullopt;
  out.questions.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    unsigned char ask = 0;
    std::string_view a, b, answer;
    if (!r.byte(ask) || ask < 1 || ask > 3 || !r.str(a) || !r.str(b) || !r.str(answer)) {
      return std::nullopt;
    }
    out.questions.push_back(
        {static_cast<Ask>(ask), std::string(a), std::string(b), std::string(answer)});
  }
  if (!r.str(text) || !r.done()) return std::nullopt;
  out.text = text;
  return out;
}

AuditResultCache::AuditResultCache(const fs::path& dir, const std::string& slot, std::string inputs)
    : inputs_(std::move(inputs)) {
  if (!dir.empty()) file_ = dir / "audit-results" / slot;
}

std::optional<AuditResult> AuditResultCache::find(TimePoint now,
                                                  const rules::FileProbe& probe) const {
  if (!enabled()) return std::nullopt;
  const auto bytes = cache::read_file(file_);
  if (!bytes) return std::nullopt;
  auto r = decode_audit_result(*bytes);
  if (!r || r->inputs != inputs_) return std::nullopt;
  if ((r->since && now < *r->since) || (r->until && !(now < *r->until))) return std::nullopt;
  if (!same_answers(r->questions, probe)) return std::nullopt;
  return r;
}

void AuditResultCache::store(const rules::Now& now, const RecordingProbe& probe,
                             std::uint32_t errors, std::string_view text) const {
  if (!enabled()) return;
  if (text.find("\\ufffd") != std::string_view::npos) return;
  if (text.size() > std::numeric_limits<std::uint32_t>::max()) return;
  AuditResult r;  // all but the text
  r.inputs = inputs_;
  r.since = now.since();
  r.until = now.until();
  r.questions = probe.questions();
  r.errors = errors;
  cache::write_sealed(file_, kMagic, {head_of(r, text.size()), text});
}

}  // namespace relctl::report
