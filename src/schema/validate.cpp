// JSON Schema 2020-12 on top of valijson (draft 7): validating.
//
// valijson dispatches the constraints and resolves $ref; for our instance
// adapter we replace the check of every constraint kind the translation
// produces (explicit specializations of ValidationVisitor<NodeAdapter>::visit,
// below). Four reasons:
//  - meaning: valijson 1.0 gets some of them wrong for 2020-12 (docs/schema.md
//    lists each case: item indexes after a failed prefix item, multipleOf on
//    fractions, 1.0 as an integer, minLength with U+0000, propertyNames
//    failing silently, std::regex for patterns...);
//  - messages: every failure is reported in our words, tagged with its
//    keyword, at the instance location it is about;
//  - robustness: patterns run on relctl's linear-time engine (regex.hpp);
//  - cost: the instance is read in place (NodeAdapter, node_adapter.hpp),
//    which also carries where each value sits, so valijson's context (a
//    vector of strings copied into every visitor) stays empty and a
//    location is spelled out only for a failure. items (one schema for all
//    items) and if/then/else follow valijson's own walks for that reason.
// A specialization must be declared before the first use of
// ValidationVisitor<NodeAdapter>, so this file is the only one that uses it.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <regex>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <valijson/validation_results.hpp>
#include <valijson/validation_visitor.hpp>
#include <valijson/validator.hpp>

#include "impl.hpp"
#include "node_adapter.hpp"
#include "relctl/schema/schema.hpp"

namespace relctl::schema::detail {
namespace {

namespace vc = valijson::constraints;
using Visitor = valijson::ValidationVisitor<NodeAdapter>;
using Results = valijson::ValidationResults;
using Context = std::vector<std::string>;
using RegexCache = std::unordered_map<std::string, std::regex>;

// Our errors travel through valijson's results as "\x1ekeyword\x1emessage";
// valijson's own (untagged) errors are the "item N failed" wrappers.
constexpr char kTag = '\x1e';

// The compiled patterns of the schema being validated (set on the
// validation thread).
thread_local const PatternTable* t_patterns = nullptr;

// Every visitor gets this empty context (valijson copies it into each one);
// where a value sits travels in its adapter instead (node_adapter.hpp).
const Context kNoContext;

// The location of a value in valijson's form, for its results: "<root>",
// then "[key]" or "[index]" per level. Spelled out only for a failure.
Context context_of(const Where* where) {
  std::size_t depth = 1;
  for (const Where* w = where; w != nullptr; w = w->parent) ++depth;
  Context c(depth);
  c[0] = "<root>";
  for (const Where* w = where; w != nullptr; w = w->parent) {
    std::string& s = c[--depth];
    if (w->is_index) {
      s = fmt::format("[{}]", w->index);
    } else {
      s.reserve(w->key.size() + 2);
      s += '[';
      s += w->key;
      s += ']';
    }
  }
  return c;
}

void report(Results* results, const Where* where, std::string_view keyword,
            const std::string& message) {
  if (results == nullptr) return;
  std::string d;
  d.reserve(keyword.size() + message.size() + 2);
  d += kTag;
  d += keyword;
  d += kTag;
  d += message;
  results->pushError(context_of(where), d);
}

// The link for member `key` (or element `index`) of the value at `parent`.
Where member_at(const Where* parent, std::string_view key) { return Where{parent, key, 0, false}; }
Where element_at(const Where* parent, std::size_t index) { return Where{parent, {}, index, true}; }

// Short rendering of a value for messages.
std::string show(const Json& v) {
  if (v.is_number_float() && !std::isfinite(v.get<double>())) {
    const double d = v.get<double>();
    return std::isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
  }
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

// Messages only: the value is copied into an nlohmann tree to be written.
std::string show(const JsonNode& v) { return show(v.to_json()); }

std::string quote_name(std::string_view name) { return show(Json(std::string(name))); }

// The helpers below read a schema's values (nlohmann trees) and the
// instance's (nodes) alike: both types have nlohmann's names.
template <class V>
bool is_integral(const V& v) {
  if (v.is_number_integer()) return true;  // int64 and uint64
  if (!v.is_number_float()) return false;
  const double d = v.template get<double>();
  return std::isfinite(d) && d == std::floor(d);
}

template <class V>
std::string kind_of(const V& v) {
  switch (v.type()) {
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::null:
      return "null";
    default:
      return is_integral(v) ? "integer" : "number";
  }
}

template <class V>
long double number_of(const V& v) {
  if (v.is_number_unsigned()) return static_cast<long double>(v.template get<std::uint64_t>());
  if (v.is_number_integer()) return static_cast<long double>(v.template get<std::int64_t>());
  return static_cast<long double>(v.template get<double>());
}

std::string_view text_of(const Json& v) { return v.get_ref<const std::string&>(); }
std::string_view text_of(const JsonNode& v) { return v.str(); }

const JsonNode* member_of(const JsonNode& o, std::string_view key) { return o.find(key); }

// Calls f(name, value) for each member until it returns false; false then.
template <class F>
bool all_members(const Json& o, F&& f) {
  for (auto it = o.begin(); it != o.end(); ++it) {
    if (!f(std::string_view(it.key()), it.value())) return false;
  }
  return true;
}
template <class F>
bool all_members(const JsonNode& o, F&& f) {
  for (const auto& m : o.members()) {
    if (!f(m.key, *m.value)) return false;
  }
  return true;
}

// 2020-12 equality: numbers by value (1 == 1.0), objects regardless of
// member order. long double holds every int64 exactly.
template <class A, class B>
bool equal(const A& a, const B& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_integer() && b.is_number_integer()) {
      if (a.is_number_unsigned() != b.is_number_unsigned()) return number_of(a) == number_of(b);
      return a.is_number_unsigned()
                 ? a.template get<std::uint64_t>() == b.template get<std::uint64_t>()
                 : a.template get<std::int64_t>() == b.template get<std::int64_t>();
    }
    return number_of(a) == number_of(b);
  }
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::value_t::object:
      return a.size() == b.size() && all_members(a, [&b](std::string_view key, const auto& v) {
               const auto* f = member_of(b, key);
               return f != nullptr && equal(v, *f);
             });
    case Json::value_t::array: {
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!equal(a[i], b[i])) return false;
      }
      return true;
    }
    case Json::value_t::string:
      return text_of(a) == text_of(b);
    case Json::value_t::boolean:
      return a.template get<bool>() == b.template get<bool>();
    default:  // null
      return true;
  }
}

// A hash consistent with equal(): equal values hash alike.
template <class V>
std::size_t hash_of(const V& v) {
  auto mix = [](std::size_t h, std::size_t x) {
    return h ^ (x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  };
  switch (v.type()) {
    case Json::value_t::object: {
      std::size_t sum = 0;  // order-independent
      all_members(v, [&](std::string_view key, const auto& value) {
        sum += mix(std::hash<std::string_view>{}(key), hash_of(value));
        return true;
      });
      return mix(7, sum);
    }
    case Json::value_t::array: {
      std::size_t h = 11;
      for (const auto& e : v) h = mix(h, hash_of(e));
      return h;
    }
    case Json::value_t::string:
      return mix(13, std::hash<std::string_view>{}(text_of(v)));
    case Json::value_t::boolean:
      return v.template get<bool>() ? 17 : 19;
    case Json::value_t::null:
      return 23;
    default: {
      // Numbers: by value, so 1 and 1.0 collide.
      const long double n = number_of(v);
      if (!std::isfinite(n)) return 29;
      return mix(31, std::hash<long double>{}(n == 0 ? 0.0L : n));
    }
  }
}

// Code points (bytes that do not continue a UTF-8 sequence), counted no
// further than `enough`: a minimum is usually met by the first few.
std::size_t code_points(std::string_view s, std::size_t enough = SIZE_MAX) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size() && n < enough; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string number_text(double d) { return fmt::format("{}", d); }

std::string names_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += quote_name(names[i]);
  }
  return out;
}

// valijson's validateSchema without its allocation: it wraps the visitor
// in a std::bind too large for std::function's inline storage, so every
// (sub)schema checked cost a heap block; this lambda fits.
bool run(Visitor& v, const valijson::Subschema& sub, const Results* results) {
  if (sub.getAlwaysInvalid()) return false;
  valijson::Subschema::ApplyFunction fn = [&v](const vc::Constraint& c) { return c.accept(v); };
  return results == nullptr ? sub.applyStrict(fn) : sub.apply(fn);
}

// Validates `value` against `sub` with a fresh visitor; a `false` schema
// (which valijson rejects without a word) gets its message here.
bool check(const JsonNode& value, const Where* where, const valijson::Subschema& sub, bool strict,
           Results* results, RegexCache& cache) {
  Visitor v(NodeAdapter(value, where), kNoContext, strict, results, cache);
  if (run(v, sub, results)) return true;
  if (sub.getAlwaysInvalid()) {
    report(results, where, "false", "no value is allowed here (the schema is false)");
  }
  return false;
}

std::size_t constraint_count(const valijson::Subschema& sub) {
  std::size_t n = 0;
  valijson::Subschema::ApplyFunction count = [&n](const vc::Constraint&) {
    ++n;
    return true;
  };
  sub.apply(count);
  return n;
}

const Regex* find_pattern(std::string_view p) {
  if (t_patterns == nullptr) return nullptr;
  const auto it = t_patterns->find(p);
  return it == t_patterns->end() ? nullptr : &it->second;
}

std::string type_label(vc::TypeConstraint::JsonType t) {
  using T = vc::TypeConstraint;
  switch (t) {
    case T::kArray:
      return "array";
    case T::kBoolean:
      return "boolean";
    case T::kInteger:
      return "integer";
    case T::kNull:
      return "null";
    case T::kNumber:
      return "number";
    case T::kObject:
      return "object";
    case T::kString:
      return "string";
    default:
      return "anything";
  }
}

bool type_matches(vc::TypeConstraint::JsonType t, const JsonNode& v) {
  using T = vc::TypeConstraint;
  switch (t) {
    case T::kAny:
      return true;
    case T::kArray:
      return v.is_array();
    case T::kBoolean:
      return v.is_boolean();
    case T::kInteger:
      return is_integral(v);  // 2020-12: 1.0 is an integer
    case T::kNull:
      return v.is_null();
    case T::kNumber:
      return v.is_number();
    case T::kObject:
      return v.is_object();
    case T::kString:
      return v.is_string();
  }
  return false;
}

const Json* frozen_json(const valijson::adapters::FrozenValue* f) {
  const auto* j = dynamic_cast<const JsonFrozenValue*>(f);
  return j == nullptr ? nullptr : &j->value();
}

// Whether a branch of anyOf/oneOf failed because the value is not even the
// kind of thing the branch is about (its type, const or enum at this very
// location) — such a branch was not the one the author meant.
bool wrong_kind(const Results& r, const Context& ctx) {
  for (const auto& e : r) {
    if (e.context != ctx || e.description.empty() || e.description[0] != kTag) continue;
    const auto end = e.description.find(kTag, 1);
    const std::string_view kw(e.description.data() + 1, end - 1);
    if (kw == "type" || kw == "const" || kw == "enum" || kw == "false") return true;
  }
  return false;
}

}  // namespace
}  // namespace relctl::schema::detail

// ---------------------------------------------------------------------------
// The checks, one per valijson constraint kind.

namespace valijson {

using relctl::Json;
using relctl::JsonNode;
using relctl::schema::detail::check;
using relctl::schema::detail::element_at;
using relctl::schema::detail::member_at;
using relctl::schema::detail::NodeAdapter;
using relctl::schema::detail::quote_name;
using relctl::schema::detail::report;
using relctl::schema::detail::show;
using relctl::schema::detail::Where;
namespace rd = relctl::schema::detail;

// valijson stops an allOf at its first failing schema; report them all.
template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::AllOfConstraint& c) {
  bool ok = true;
  c.applyToSubschemas([&](unsigned, const Subschema* sub) {
    if (!check(m_target.node(), m_target.where(), *sub, m_strictTypes, m_results, m_regexesCache)) {
      ok = false;
    }
    return ok || m_results != nullptr;
  });
  return ok;
}

// valijson's own walks for items (one schema for every item) and
// if/then/else, with each value's place in its adapter: the same checks,
// results and wrappers as valijson's.
template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::SingularItemsConstraint& c) {
  const JsonNode& arr = m_target.node();
  const Subschema* sub = c.getItemsSubschema();
  if (!arr.is_array() || sub == nullptr) return true;
  bool ok = true;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const Where at = element_at(m_target.where(), i);
    ValidationVisitor item(NodeAdapter(arr[i], &at), rd::kNoContext, m_strictTypes, m_results,
                           m_regexesCache);
    if (rd::run(item, *sub, m_results)) continue;
    if (m_results == nullptr) return false;
    ok = false;
    m_results->pushError(rd::context_of(m_target.where()),
                         fmt::format("Failed to validate item #{} in array.", i));
  }
  return ok;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::ConditionalConstraint& c) {
  ValidationResults inner;
  ValidationResults* collected = m_results != nullptr ? &inner : nullptr;
  ValidationVisitor condition(m_target, rd::kNoContext, m_strictTypes, nullptr, m_regexesCache);
  ValidationVisitor branch(m_target, rd::kNoContext, m_strictTypes, collected, m_regexesCache);
  const Subschema* taken = rd::run(condition, *c.getIfSubschema(), nullptr) ? c.getThenSubschema()
                                                                            : c.getElseSubschema();
  const bool ok = taken == nullptr || rd::run(branch, *taken, collected);
  if (!ok && m_results != nullptr) {
    ValidationResults::Error e;
    while (inner.popError(e)) m_results->pushError(e.context, e.description);
    m_results->pushError(rd::context_of(m_target.where()),
                         "Failed to validate against a conditional schema set by if-then-else "
                         "constraints.");
  }
  return ok;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::TypeConstraint& c) {
  const JsonNode& v = m_target.node();
  bool ok = false;
  c.applyToNamedTypes([&](constraints::TypeConstraint::JsonType t) {
    ok = rd::type_matches(t, v);
    return !ok;
  });
  if (ok) return true;
  if (m_results == nullptr) return false;
  std::vector<std::string> names;
  c.applyToNamedTypes([&](constraints::TypeConstraint::JsonType t) {
    names.push_back(rd::type_label(t));
    return true;
  });
  std::string expected;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) expected += i + 1 == names.size() ? " or " : ", ";
    expected += names[i];
  }
  report(m_results, m_target.where(), "type",
         fmt::format("expected {}, found {}", expected, rd::kind_of(v)));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::EnumConstraint& c) {
  const JsonNode& v = m_target.node();
  bool found = false;
  std::vector<const Json*> allowed;
  c.applyToValues([&](const adapters::FrozenValue& f) {
    const Json* e = rd::frozen_json(&f);
    allowed.push_back(e);
    if (e != nullptr && rd::equal(*e, v)) found = true;
    return !found;
  });
  if (found) return true;
  if (m_results != nullptr) {
    std::string list;
    const std::size_t shown = std::min<std::size_t>(allowed.size(), 8);
    for (std::size_t i = 0; i < shown; ++i) {
      if (i > 0) list += ", ";
      list += allowed[i] != nullptr ? show(*allowed[i]) : "?";
    }
    if (shown < allowed.size()) list += fmt::format(", ... ({} in all)", allowed.size());
    report(m_results, m_target.where(), "enum",
           allowed.empty() ? "no value is allowed (the enum is empty)"
                           : fmt::format("{} is not one of the allowed values: {}", show(v), list));
  }
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::ConstConstraint& c) {
  const JsonNode& v = m_target.node();
  const Json* expected = rd::frozen_json(c.getValue());
  if (expected != nullptr && rd::equal(*expected, v)) return true;
  report(
      m_results, m_target.where(), "const",
      fmt::format("expected {}, found {}", expected != nullptr ? show(*expected) : "?", show(v)));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::RequiredConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_object()) return true;
  bool ok = true;
  c.applyToRequiredProperties([&](const auto& name) {
    const std::string_view n(name.c_str());
    if (v.contains(n)) return true;
    ok = false;
    report(m_results, m_target.where(), "required",
           fmt::format("missing required property {}", quote_name(n)));
    return m_results != nullptr;
  });
  return ok;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::MinLengthConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_string()) return true;
  const std::size_t n = rd::code_points(v.str(), c.getMinLength());
  if (n >= c.getMinLength()) return true;
  report(m_results, m_target.where(), "minLength",
         fmt::format("string has {} character{}, fewer than the minimum {}", n, n == 1 ? "" : "s",
                     c.getMinLength()));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::MaxLengthConstraint& c) {
  const JsonNode& v = m_target.node();
  // Never more code points than bytes.
  if (!v.is_string() || v.str().size() <= c.getMaxLength()) return true;
  const std::size_t n = rd::code_points(v.str());
  if (n <= c.getMaxLength()) return true;
  report(m_results, m_target.where(), "maxLength",
         fmt::format("string has {} characters, more than the maximum {}", n, c.getMaxLength()));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::MinItemsConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_array() || v.size() >= c.getMinItems()) return true;
  report(m_results, m_target.where(), "minItems",
         fmt::format("array has {} item{}, fewer than the minimum {}", v.size(),
                     v.size() == 1 ? "" : "s", c.getMinItems()));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::MaxItemsConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_array() || v.size() <= c.getMaxItems()) return true;
  report(m_results, m_target.where(), "maxItems",
         fmt::format("array has {} items, more than the maximum {}", v.size(), c.getMaxItems()));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::MinPropertiesConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_object() || v.size() >= c.getMinProperties()) return true;
  report(m_results, m_target.where(), "minProperties",
         fmt::format("object has {} propert{}, fewer than the minimum {}", v.size(),
                     v.size() == 1 ? "y" : "ies", c.getMinProperties()));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::MaxPropertiesConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_object() || v.size() <= c.getMaxProperties()) return true;
  report(m_results, m_target.where(), "maxProperties",
         fmt::format("object has {} properties, more than the maximum {}", v.size(),
                     c.getMaxProperties()));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::MinimumConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_number()) return true;
  const long double x = rd::number_of(v);
  const long double limit = c.getMinimum();
  if (c.getExclusiveMinimum()) {
    if (x > limit) return true;
    report(m_results, m_target.where(), "exclusiveMinimum",
           fmt::format("{} is not greater than the exclusive minimum {}", show(v),
                       rd::number_text(c.getMinimum())));
    return false;
  }
  if (x >= limit) return true;
  report(m_results, m_target.where(), "minimum",
         fmt::format("{} is less than the minimum {}", show(v), rd::number_text(c.getMinimum())));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::MaximumConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_number()) return true;
  const long double x = rd::number_of(v);
  const long double limit = c.getMaximum();
  if (c.getExclusiveMaximum()) {
    if (x < limit) return true;
    report(m_results, m_target.where(), "exclusiveMaximum",
           fmt::format("{} is not less than the exclusive maximum {}", show(v),
                       rd::number_text(c.getMaximum())));
    return false;
  }
  if (x <= limit) return true;
  report(
      m_results, m_target.where(), "maximum",
      fmt::format("{} is greater than the maximum {}", show(v), rd::number_text(c.getMaximum())));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::MultipleOfIntConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_number()) return true;
  const std::int64_t d = c.getDivisor();  // > 0 (checked when translating)
  bool ok = false;
  if (v.is_number_unsigned()) {
    ok = v.get<std::uint64_t>() % static_cast<std::uint64_t>(d) == 0;
  } else if (v.is_number_integer()) {
    ok = v.get<std::int64_t>() % d == 0;
  } else {
    // A fraction is never a multiple of an integer; a whole float is
    // checked exactly when it fits, by quotient otherwise.
    const double x = v.get<double>();
    if (std::isfinite(x) && x == std::floor(x)) {
      ok = std::fabs(x) < 9e18 ? static_cast<std::int64_t>(x) % d == 0
                               : std::fmod(x, static_cast<double>(d)) == 0;
    }
  }
  if (ok) return true;
  report(m_results, m_target.where(), "multipleOf",
         fmt::format("{} is not a multiple of {}", show(v), d));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::MultipleOfDoubleConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_number()) return true;
  const double d = c.getDivisor();
  const double x = static_cast<double>(rd::number_of(v));
  // x is a multiple of d when x / d is a whole number, up to the rounding of
  // the division: compare x with the nearest whole multiple of d.
  const double q = x / d;
  bool ok = false;
  if (std::isfinite(q)) {
    const double r = std::nearbyint(q);
    ok = std::fabs(x - r * d) <=
         4 * std::numeric_limits<double>::epsilon() * std::max(std::fabs(x), std::fabs(d));
  } else if (std::isfinite(x)) {
    // The quotient overflows (1e308 / 0.5): fmod is exact, ask it.
    ok = std::fmod(x, d) == 0;
  }
  if (ok) return true;
  report(m_results, m_target.where(), "multipleOf",
         fmt::format("{} is not a multiple of {}", show(v), rd::number_text(d)));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::PatternConstraint& c) {
  const JsonNode& v = m_target.node();
  if (!v.is_string()) return true;
  const std::string pattern = c.getPattern<std::string::allocator_type>();
  const relctl::schema::Regex* re = rd::find_pattern(pattern);
  if (re != nullptr && re->search(v.str())) return true;
  report(m_results, m_target.where(), "pattern",
         fmt::format("{} does not match the pattern {}", show(v), pattern));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::PropertiesConstraint& c) {
  const JsonNode& obj = m_target.node();
  if (!obj.is_object()) return true;
  bool ok = true;
  // The members themselves (a node's children are an array): a member's
  // position is an index, not a walk from the first member, which made an
  // object of N members cost N^2 (bench/: BM_SchemaManyFailures).
  const std::span<const relctl::JsonMember> members = obj.members();
  std::vector<bool> matched(members.size(), false);
  c.applyToProperties([&](const auto& name, const Subschema* sub) {
    const std::string_view wanted(name.c_str());
    const auto it = std::find_if(members.begin(), members.end(),
                                 [wanted](const relctl::JsonMember& m) { return m.key == wanted; });
    if (it == members.end()) return true;
    matched[static_cast<std::size_t>(it - members.begin())] = true;
    const Where at = member_at(m_target.where(), it->key);
    if (!check(*it->value, &at, *sub, m_strictTypes, m_results, m_regexesCache)) {
      ok = false;
    }
    return ok || m_results != nullptr;
  });
  if (!ok && m_results == nullptr) return false;
  c.applyToPatternProperties([&](const auto& pattern, const Subschema* sub) {
    const relctl::schema::Regex* re = rd::find_pattern(std::string_view(pattern.c_str()));
    if (re == nullptr) return true;
    for (std::size_t i = 0; i < members.size(); ++i) {
      const auto& [key, value] = members[i];
      if (!re->search(key)) continue;
      matched[i] = true;
      const Where at = member_at(m_target.where(), key);
      if (!check(*value, &at, *sub, m_strictTypes, m_results, m_regexesCache)) {
        ok = false;
        if (m_results == nullptr) return false;
      }
    }
    return true;
  });
  if (!ok && m_results == nullptr) return false;
  const Subschema* additional = c.getAdditionalPropertiesSubschema();
  std::vector<std::string> extra;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (matched[i]) continue;
    const auto& [key, value] = members[i];
    if (additional == nullptr) {
      extra.emplace_back(key);
      ok = false;
      if (m_results == nullptr) return false;
    } else {
      const Where at = member_at(m_target.where(), key);
      if (!check(*value, &at, *additional, m_strictTypes, m_results, m_regexesCache)) {
        ok = false;
        if (m_results == nullptr) return false;
      }
    }
  }
  if (!extra.empty()) {
    report(m_results, m_target.where(), "additionalProperties",
           extra.size() == 1
               ? fmt::format("property {} is not allowed here", quote_name(extra.front()))
               : fmt::format("properties {} are not allowed here", rd::names_list(extra)));
  }
  return ok;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::PropertyNamesConstraint& c) {
  const JsonNode& obj = m_target.node();
  if (!obj.is_object()) return true;
  bool ok = true;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const JsonNode name = JsonNode::string_view_of(it.key());
    ValidationResults inner;
    if (check(name, m_target.where(), *c.getSubschema(), m_strictTypes,
              m_results != nullptr ? &inner : nullptr, m_regexesCache)) {
      continue;
    }
    ok = false;
    if (m_results == nullptr) return false;
    std::string why;
    for (const auto& e : inner) {
      if (!e.description.empty() && e.description[0] == rd::kTag) {
        why = e.description.substr(e.description.find(rd::kTag, 1) + 1);
        break;
      }
    }
    report(m_results, m_target.where(), "propertyNames",
           why.empty()
               ? fmt::format("property name {} is not allowed", quote_name(it.key()))
               : fmt::format("property name {} is not allowed: {}", quote_name(it.key()), why));
  }
  return ok;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::LinearItemsConstraint& c) {
  const JsonNode& arr = m_target.node();
  if (!arr.is_array()) return true;
  bool ok = true;
  // Each prefix item against its own schema (valijson resumed the rest at
  // the count of items that passed, not at the end of the prefix).
  c.applyToItemSubschemas([&](unsigned i, const Subschema* sub) {
    if (i >= arr.size()) return false;
    const Where at = element_at(m_target.where(), i);
    if (!check(arr[i], &at, *sub, m_strictTypes, m_results, m_regexesCache)) {
      ok = false;
    }
    return ok || m_results != nullptr;
  });
  if (!ok && m_results == nullptr) return false;
  const std::size_t prefix = c.getItemSubschemaCount();
  if (arr.size() <= prefix) return ok;
  const Subschema* rest = c.getAdditionalItemsSubschema();
  if (rest == nullptr) {
    report(m_results, m_target.where(), "items",
           fmt::format("array has {} items, more than the {} allowed (nothing may follow the {} "
                       "prefixItems)",
                       arr.size(), prefix, prefix));
    return false;
  }
  for (std::size_t i = prefix; i < arr.size(); ++i) {
    const Where at = element_at(m_target.where(), i);
    if (!check(arr[i], &at, *rest, m_strictTypes, m_results, m_regexesCache)) {
      ok = false;
      if (m_results == nullptr) return false;
    }
  }
  return ok;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::ContainsConstraint& c) {
  const JsonNode& arr = m_target.node();
  if (!arr.is_array()) return true;
  for (const auto& e : arr) {
    if (check(e, m_target.where(), *c.getSubschema(), m_strictTypes, nullptr, m_regexesCache)) {
      return true;
    }
  }
  report(m_results, m_target.where(), "contains",
         arr.empty() ? "array is empty, but must contain an item matching the 'contains' schema"
                     : "no item matches the 'contains' schema");
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::NotConstraint& c) {
  const Subschema* sub = c.getSubschema();
  if (sub != nullptr &&
      !check(m_target.node(), m_target.where(), *sub, m_strictTypes, nullptr, m_regexesCache)) {
    return true;
  }
  // {"not": {}} is how a false schema is translated.
  if (sub == nullptr || rd::constraint_count(*sub) == 0) {
    report(m_results, m_target.where(), "false", "no value is allowed here (the schema is false)");
  } else {
    report(m_results, m_target.where(), "not", "must not match the schema under 'not', but does");
  }
  return false;
}

// anyOf and oneOf with no matching branch: when exactly one branch is about
// this kind of value, its own errors say more than "matched none".
namespace {
bool none_matched(const std::vector<ValidationResults>& failed, const Where* where,
                  ValidationResults* results, std::string_view keyword) {
  if (results == nullptr) return false;
  const rd::Context ctx = rd::context_of(where);
  const ValidationResults* only = nullptr;
  std::size_t candidates = 0;
  for (const auto& r : failed) {
    if (!rd::wrong_kind(r, ctx)) {
      ++candidates;
      only = &r;
    }
  }
  if (candidates == 1 && only->numErrors() > 0) {
    for (const auto& e : *only) results->pushError(e);
    return false;
  }
  report(results, where, keyword,
         fmt::format("matches none of the {} alternatives under '{}'", failed.size(), keyword));
  return false;
}
}  // namespace

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::AnyOfConstraint& c) {
  std::vector<ValidationResults> failed;
  bool passed = false;
  c.applyToSubschemas([&](unsigned, const Subschema* sub) {
    ValidationResults r;
    if (check(m_target.node(), m_target.where(), *sub, m_strictTypes,
              m_results != nullptr ? &r : nullptr, m_regexesCache)) {
      passed = true;
      return false;
    }
    failed.push_back(std::move(r));
    return true;
  });
  return passed || none_matched(failed, m_target.where(), m_results, "anyOf");
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::OneOfConstraint& c) {
  std::vector<ValidationResults> failed;
  std::vector<unsigned> passed;
  c.applyToSubschemas([&](unsigned i, const Subschema* sub) {
    ValidationResults r;
    if (check(m_target.node(), m_target.where(), *sub, m_strictTypes,
              m_results != nullptr ? &r : nullptr, m_regexesCache)) {
      passed.push_back(i);
      return passed.size() < 2;
    }
    failed.push_back(std::move(r));
    return true;
  });
  if (passed.size() == 1) return true;
  if (passed.empty()) return none_matched(failed, m_target.where(), m_results, "oneOf");
  report(m_results, m_target.where(), "oneOf",
         fmt::format("matches more than one of the alternatives under 'oneOf' (#{} and #{}); "
                     "exactly one must match",
                     passed[0], passed[1]));
  return false;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::DependenciesConstraint& c) {
  const JsonNode& obj = m_target.node();
  if (!obj.is_object()) return true;
  bool ok = true;
  c.applyToPropertyDependencies([&](const auto& name, const auto& needed) {
    const std::string n(name.c_str());
    if (!obj.contains(n)) return true;
    for (const auto& d : needed) {
      const std::string dn(d.c_str());
      if (obj.contains(dn)) continue;
      ok = false;
      report(
          m_results, m_target.where(), "dependentRequired",
          fmt::format("property {} is required when {} is present", quote_name(dn), quote_name(n)));
      if (m_results == nullptr) return false;
    }
    return true;
  });
  if (!ok && m_results == nullptr) return false;
  c.applyToSchemaDependencies([&](const auto& name, const Subschema* sub) {
    if (!obj.contains(std::string(name.c_str()))) return true;
    if (!check(obj, m_target.where(), *sub, m_strictTypes, m_results, m_regexesCache)) {
      ok = false;
      if (m_results == nullptr) return false;
    }
    return true;
  });
  return ok;
}

template <>
bool ValidationVisitor<NodeAdapter>::visit(const constraints::UniqueItemsConstraint&) {
  const JsonNode& arr = m_target.node();
  if (!arr.is_array() || arr.size() < 2) return true;
  bool ok = true;
  // Each item's twin is the first earlier item equal to it. Short lists
  // (most are) compare every pair, without allocating; longer ones go by
  // hash, so that a long list is not quadratic.
  constexpr std::size_t kPairwise = 8;
  std::unordered_multimap<std::size_t, std::size_t> seen;  // hash -> first index of each value
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::optional<std::size_t> twin;
    if (arr.size() <= kPairwise) {
      for (std::size_t j = 0; j < i && !twin; ++j) {
        if (rd::equal(arr[j], arr[i])) twin = j;
      }
    } else {
      const std::size_t h = rd::hash_of(arr[i]);
      const auto [lo, hi] = seen.equal_range(h);
      for (auto it = lo; it != hi && !twin; ++it) {
        if (rd::equal(arr[it->second], arr[i])) twin = it->second;
      }
      if (!twin) seen.emplace(h, i);
    }
    if (twin) {
      ok = false;
      report(m_results, m_target.where(), "uniqueItems",
             fmt::format("items [{}] and [{}] are equal; items must be unique", *twin, i));
      if (m_results == nullptr) return false;
    }
  }
  return ok;
}

}  // namespace valijson

// ---------------------------------------------------------------------------
// From valijson's results to violations.

namespace relctl::schema {
namespace {

struct Raw {
  JsonPath path;
  std::vector<std::size_t> order;  // document order: member positions / indexes
  bool tagged = false;
  std::string keyword;
  std::string message;
};

// Where each member of a large object sits, built on first use: an object
// with many members can fail on every one of them (additionalProperties:
// false over 100,000 keys), and finding each by a scan from the first
// member made placing the failures quadratic.
class MemberPositions {
 public:
  // The position of `key` in `obj`, or nullopt.
  std::optional<std::size_t> find(const JsonNode& obj, std::string_view key) {
    const auto members = obj.members();
    if (members.size() <= kScan) {
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (members[i].key == key) return i;
      }
      return std::nullopt;
    }
    auto& index = by_object_[&obj];
    if (index.empty()) {
      index.reserve(members.size());
      for (std::size_t i = 0; i < members.size(); ++i) index.emplace(members[i].key, i);
    }
    const auto it = index.find(key);
    if (it == index.end()) return std::nullopt;
    return it->second;
  }

 private:
  static constexpr std::size_t kScan = 32;
  std::unordered_map<const JsonNode*, std::unordered_map<std::string_view, std::size_t>> by_object_;
};

// Context strings are "<root>", then "[key]" or "[index]" per level. Which
// one it is, only the instance knows: walk it.
void locate(const JsonNode& instance, const std::vector<std::string>& ctx, MemberPositions& members,
            Raw& out) {
  const JsonNode* node = &instance;
  for (std::size_t i = 1; i < ctx.size(); ++i) {
    const std::string& c = ctx[i];
    if (c.size() < 2 || c.front() != '[' || c.back() != ']') break;
    const std::string inner = c.substr(1, c.size() - 2);
    if (node != nullptr && node->is_array()) {
      std::size_t idx = 0;
      const auto [p, ec] = std::from_chars(inner.data(), inner.data() + inner.size(), idx);
      if (ec != std::errc() || p != inner.data() + inner.size()) break;
      out.path.push_index(idx);
      out.order.push_back(idx);
      node = idx < node->size() ? &(*node)[idx] : nullptr;
    } else {
      out.path.push_key(inner);
      if (node != nullptr && node->is_object()) {
        const auto at = members.find(*node, inner);
        out.order.push_back(at ? *at : node->size());
        node = at ? &(*node)[*at] : nullptr;
      } else {
        out.order.push_back(0);
        node = nullptr;
      }
    }
  }
}

// valijson's own messages are only the "something inside failed" wrappers;
// name their keyword in case one is all there is.
std::string wrapper_keyword(const std::string& d) {
  if (d.find("child schema") != std::string::npos) return "allOf";
  if (d.find("conditional") != std::string::npos) return "if";
  if (d.find("item") != std::string::npos) return "items";
  return "schema";
}

}  // namespace

namespace detail {
std::size_t depth_of(const JsonNode& root) {
  std::size_t deepest = 0;
  std::vector<std::pair<const JsonNode*, std::size_t>> todo{{&root, 1}};
  while (!todo.empty()) {
    const auto [n, d] = todo.back();
    todo.pop_back();
    deepest = std::max(deepest, d);
    if (n->is_structured()) {
      for (const auto& k : *n) todo.emplace_back(&k, d + 1);
    }
  }
  return deepest;
}
}  // namespace detail

namespace {

// Deeper than this, a value is not validated (JsonDocument itself stops at
// 512 levels, so only values built in code get here).
constexpr std::size_t kMaxDepth = 20000;

}  // namespace

std::vector<Violation> Schema::validate(const Json& instance) const {
  const JsonDocument doc = JsonDocument::from_json(instance, "instance");
  return validate(doc.root());
}

std::vector<Violation> Schema::validate(const JsonNode& instance) const {
  const std::size_t depth = detail::depth_of(instance);
  if (depth > kMaxDepth) {
    return {Violation{JsonPath{}, "schema",
                      fmt::format("nested deeper than {} levels; not validated", kMaxDepth)}};
  }
  bool ok = true;
  std::vector<Raw> raw;
  detail::run_with_stack(detail::stack_for(depth + impl_->depth), [&] {
    detail::t_patterns = &impl_->patterns;
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    ok = validator.validate(impl_->compiled, detail::NodeAdapter(instance), &results);
    detail::t_patterns = nullptr;
    if (ok) return;
    MemberPositions members;
    for (const auto& e : results) {
      Raw r;
      locate(instance, e.context, members, r);
      if (!e.description.empty() && e.description[0] == detail::kTag) {
        const auto sep = e.description.find(detail::kTag, 1);
        r.tagged = true;
        r.keyword = e.description.substr(1, sep - 1);
        r.message = e.description.substr(sep + 1);
      } else {
        r.keyword = wrapper_keyword(e.description);
        r.message = "does not match the schema";
      }
      raw.push_back(std::move(r));
    }
  });
  if (ok) return {};

  // Keep every real failure (tagged), once; keep a wrapper ("item 3
  // failed") only when nothing at or below its location says why. Both
  // questions are answered from hash sets, so that an instance failing in
  // many places (a list of 100,000 wrong items) is not quadratic.
  std::unordered_set<std::string> explained;  // locations at or above a tagged failure
  for (const auto& r : raw) {
    if (!r.tagged) continue;
    // From the failure up; an ancestor already in the set has all of its own.
    for (JsonPath p = r.path;; p.pop()) {
      if (!explained.insert(p.pointer()).second || p.empty()) break;
    }
  }
  std::unordered_set<std::string> seen;  // location, keyword, message
  std::vector<const Raw*> kept;
  for (const auto& r : raw) {
    std::string where = r.path.pointer();
    if (!r.tagged && explained.count(where) != 0) continue;
    where.append(1, '\0').append(r.keyword).append(1, '\0').append(r.message);
    if (seen.insert(std::move(where)).second) kept.push_back(&r);
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const Raw* a, const Raw* b) { return a->order < b->order; });
  std::vector<Violation> out;
  out.reserve(kept.size());
  for (const Raw* r : kept) out.push_back(Violation{r->path, r->keyword, r->message});
  if (out.empty()) out.push_back(Violation{JsonPath{}, "schema", "does not match the schema"});
  return out;
}

}  // namespace relctl::schema
