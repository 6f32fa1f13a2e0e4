// JSON Schema 2020-12 on top of valijson (draft 7): see schema.hpp.
#include "relctl/schema/schema.hpp"

#include <pthread.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "relctl/load/errors.hpp"

namespace relctl::schema {
namespace {

using Draft7 = nlohmann::json;  // what valijson's adapter reads

// Our own multipleOf: valijson's floating-point remainder says that large
// integers are not multiples of 1e-8. A number is a multiple when the
// quotient is integral (exact arithmetic for integers).
constexpr const char* kMultipleOf = "x-relctl-multipleOf";

class MultipleOf final : public valijson::constraints::PolyConstraint {
 public:
  explicit MultipleOf(double divisor) : divisor_(divisor) {}
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    double x = 0;
    if (target.isInteger()) {
      const std::int64_t i = target.getInteger();
      const double d = divisor_;
      if (d == std::floor(d) && std::fabs(d) < 9e18) {
        if (i % static_cast<std::int64_t>(d) == 0) return true;
        return fail(context, results);
      }
      x = static_cast<double>(i);
    } else if (target.isDouble()) {
      x = target.getDouble();
    } else {
      return true;
    }
    const double q = x / divisor_;
    if (std::isfinite(q) &&
        std::fabs(q - std::nearbyint(q)) <= 1e-9 * std::max(1.0, std::fabs(q))) {
      return true;
    }
    return fail(context, results);
  }

 private:
  bool fail(const std::vector<std::string>& context, valijson::ValidationResults* results) const {
    if (results) {
      results->pushError(context, fmt::format("is not a multiple of {}", divisor_));
    }
    return false;
  }
  Constraint* cloneInto(void* mem) const override { return new (mem) MultipleOf(*this); }
  std::size_t sizeOf() const override { return sizeof(MultipleOf); }
  double divisor_;
};

class MultipleOfBuilder final : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& node) const override {
    return new MultipleOf(node.getDouble());
  }
};

// ---------------------------------------------------------------------------
// Keywords

// Annotations: they never make an instance invalid in 2020-12 (format too,
// unless a validator opts into format assertion, which we do not).
const std::set<std::string>& annotation_keywords() {
  static const std::set<std::string> k{"$comment",         "title",           "description",
                                       "default",          "examples",        "deprecated",
                                       "readOnly",         "writeOnly",       "format",
                                       "contentMediaType", "contentEncoding", "contentSchema"};
  return k;
}

// Copied as they are: same meaning in draft 7.
const std::set<std::string>& plain_keywords() {
  static const std::set<std::string> k{
      "type",     "enum",     "const",       "required",         "minLength",        "maxLength",
      "pattern",  "minimum",  "maximum",     "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
      "minItems", "maxItems", "uniqueItems", "minProperties",    "maxProperties"};
  return k;
}

const std::set<std::string>& count_keywords() {
  static const std::set<std::string> k{"minLength", "maxLength",     "minItems",
                                       "maxItems",  "minProperties", "maxProperties"};
  return k;
}

const std::set<std::string>& single_schema_keywords() {
  static const std::set<std::string> k{
      "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains"};
  return k;
}

const std::set<std::string>& schema_array_keywords() {
  static const std::set<std::string> k{"allOf", "anyOf", "oneOf"};
  return k;
}

const std::set<std::string>& schema_map_keywords() {
  static const std::set<std::string> k{"properties", "patternProperties", "$defs"};
  return k;
}

const std::set<std::string>& refused() {
  static const std::set<std::string> k{
      "$anchor",          "$dynamicRef", "$dynamicAnchor",   "$recursiveRef",
      "$recursiveAnchor", "$vocabulary", "unevaluatedItems", "unevaluatedProperties",
      "minContains",      "maxContains"};
  return k;
}

// ---------------------------------------------------------------------------
// Translation 2020-12 -> draft 7

std::string pointer_of(const JsonPath& p) { return p.pointer(); }

class Translator {
 public:
  explicit Translator(const JsonDocument& doc) : doc_(doc) {}

  Draft7 run() {
    Draft7 out = schema(doc_.root(), JsonPath{}, JsonPath{}, true);
    // Every $ref target is hoisted into the root's `definitions` under a
    // plain name, so valijson never has to decode an unusual JSON pointer.
    rewrite_refs(out, JsonPath{});
    if (!targets_.empty()) {
      Draft7 defs = Draft7::object();
      for (const auto& [name, where] : targets_) defs[name] = node_at(out, where);
      if (!out.is_object()) out = Draft7::object();
      out["definitions"] = std::move(defs);
    }
    return out;
  }

 private:
  // Patterns are ECMA-262 regular expressions, run by std::regex. Refuse,
  // up front, what that engine cannot run the way ECMA-262 means it.
  void check_pattern(const JsonPath& at, const Json& v) const {
    if (!v.is_string()) refuse(at, "a pattern must be a string");
    const std::string p = v.get<std::string>();
    if (p.find("\\p{") != std::string::npos || p.find("\\P{") != std::string::npos) {
      refuse(at, fmt::format("pattern {} uses a Unicode property escape (\\p{{...}}), which "
                             "relctl's regex engine does not support",
                             v.dump()));
    }
    try {
      std::regex re(p, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      refuse(at, fmt::format("pattern {} is not a regular expression relctl can run: {}", v.dump(),
                             e.what()));
    }
  }

  [[noreturn]] void refuse(const JsonPath& at, const std::string& msg) const {
    throw LoadError(doc_.file(), msg, doc_.locate(at), at);
  }

  // `at`: where the schema is in the 2020-12 document; `out_at`: where it
  // will be in the translated one.
  Draft7 schema(const Json& s, const JsonPath& at, const JsonPath& out_at, bool root) {
    moved_[pointer_of(at)] = out_at;
    if (s.is_boolean()) {
      // valijson ignores a bare `false` as the whole schema; there, use the
      // equivalent "not anything".
      if (root) return s.get<bool>() ? Draft7::object() : Draft7{{"not", Draft7::object()}};
      return s.get<bool>();
    }
    if (!s.is_object()) refuse(at, "a schema must be an object or true/false");
    Draft7 out = Draft7::object();
    const Json* prefix = nullptr;
    const Json* items = nullptr;
    Draft7 dependencies = Draft7::object();
    for (auto it = s.begin(); it != s.end(); ++it) {
      const std::string& k = it.key();
      const Json& v = it.value();
      const JsonPath kp = at.key(k);
      if (refused().count(k)) {
        refuse(kp, fmt::format("the keyword '{}' is not supported by relctl's schema layer "
                               "(docs/schema.md lists what is)",
                               k));
      }
      if (k == "$schema") {
        if (!root) refuse(kp, "'$schema' is only supported at the root of a schema");
        if (!v.is_string() ||
            (v.get<std::string>() != "https://json-schema.org/draft/2020-12/schema" &&
             v.get<std::string>() != "https://json-schema.org/draft/2020-12/schema#")) {
          refuse(kp, "only JSON Schema draft 2020-12 is supported");
        }
        continue;
      }
      if (k == "$id") {
        if (!root) refuse(kp, "'$id' below the root of a schema is not supported");
        continue;
      }
      if (annotation_keywords().count(k)) continue;
      if (k == "pattern") check_pattern(kp, v);
      if (count_keywords().count(k)) {
        // 2020-12 counts are non-negative integers, and 1.0 is an integer.
        if (!v.is_number() || v.get<double>() < 0 ||
            v.get<double>() != static_cast<double>(static_cast<std::uint64_t>(v.get<double>()))) {
          refuse(kp, fmt::format("'{}' must be a non-negative integer", k));
        }
        out[k] = static_cast<std::uint64_t>(v.get<double>());
        continue;
      }
      if (k == "multipleOf") {
        if (!v.is_number() || v.get<double>() <= 0)
          refuse(kp, "'multipleOf' must be a number above 0");
        out[kMultipleOf] = v.get<double>();
        continue;
      }
      if (plain_keywords().count(k)) {
        out[k] = Draft7::parse(v.dump());
        continue;
      }
      if (k == "$ref") {
        if (!v.is_string()) refuse(kp, "'$ref' must be a string");
        const std::string r = v.get<std::string>();
        if (r.empty() || r[0] != '#' || (r.size() > 1 && r[1] != '/')) {
          refuse(kp, fmt::format("'$ref' {} is not supported: only references inside the same "
                                 "schema (\"#\" or \"#/json/pointer\") are",
                                 r));
        }
        out["$ref"] = r;
        refs_.push_back({out_at, kp});
        continue;
      }
      if (single_schema_keywords().count(k)) {
        out[k] = schema(v, kp, out_at.key(k), false);
        continue;
      }
      if (schema_array_keywords().count(k)) {
        if (!v.is_array() || v.empty())
          refuse(kp, fmt::format("'{}' must be a non-empty array", k));
        Draft7 arr = Draft7::array();
        for (std::size_t i = 0; i < v.size(); ++i) {
          arr.push_back(schema(v[i], kp.index(i), out_at.key(k).index(i), false));
        }
        out[k] = std::move(arr);
        continue;
      }
      if (schema_map_keywords().count(k)) {
        if (!v.is_object()) refuse(kp, fmt::format("'{}' must be an object", k));
        if (k == "patternProperties") {
          for (auto p = v.begin(); p != v.end(); ++p) check_pattern(kp.key(p.key()), p.key());
        }
        Draft7 m = Draft7::object();
        for (auto p = v.begin(); p != v.end(); ++p) {
          m[p.key()] = schema(p.value(), kp.key(p.key()), out_at.key(k).key(p.key()), false);
        }
        out[k] = std::move(m);
        continue;
      }
      if (k == "prefixItems") {
        if (!v.is_array() || v.empty()) refuse(kp, "'prefixItems' must be a non-empty array");
        prefix = &v;
        continue;
      }
      if (k == "items") {
        items = &v;
        continue;
      }
      if (k == "dependentRequired") {
        if (!v.is_object()) refuse(kp, "'dependentRequired' must be an object");
        for (auto p = v.begin(); p != v.end(); ++p) {
          if (!p.value().is_array()) refuse(kp.key(p.key()), "expected an array of property names");
          dependencies[p.key()] = Draft7::parse(p.value().dump());
        }
        continue;
      }
      if (k == "dependentSchemas") {
        if (!v.is_object()) refuse(kp, "'dependentSchemas' must be an object");
        for (auto p = v.begin(); p != v.end(); ++p) {
          dependencies[p.key()] =
              schema(p.value(), kp.key(p.key()), out_at.key("dependencies").key(p.key()), false);
        }
        continue;
      }
      refuse(kp, fmt::format("unknown keyword '{}' (relctl refuses keywords it does not know, so "
                             "that a typo cannot switch a check off; docs/schema.md)",
                             k));
    }
    // 2020-12 array keywords: prefixItems are draft 7's array-form items,
    // and items then applies to the rest, like draft 7's additionalItems.
    if (prefix) {
      Draft7 arr = Draft7::array();
      for (std::size_t i = 0; i < prefix->size(); ++i) {
        arr.push_back(schema((*prefix)[i], at.key("prefixItems").index(i),
                             out_at.key("items").index(i), false));
      }
      out["items"] = std::move(arr);
      if (items) {
        out["additionalItems"] =
            schema(*items, at.key("items"), out_at.key("additionalItems"), false);
      }
    } else if (items) {
      if (items->is_array())
        refuse(at.key("items"),
               "'items' must be a schema in 2020-12 (the "
               "array form is 'prefixItems')");
      out["items"] = schema(*items, at.key("items"), out_at.key("items"), false);
    }
    if (!dependencies.empty()) out["dependencies"] = std::move(dependencies);
    // A 2020-12 $ref applies together with its siblings; in draft 7 it
    // replaces them. Move it into allOf when it has company.
    if (out.contains("$ref")) {
      bool company = false;
      for (auto p = out.begin(); p != out.end(); ++p) {
        if (p.key() != "$ref" && p.key() != "$defs") company = true;
      }
      if (company) {
        const std::string r = out["$ref"];
        out.erase("$ref");
        auto& all = out["allOf"];
        if (all.is_null()) all = Draft7::array();
        for (auto& ref : refs_) {
          if (ref.owner == out_at) ref.owner = out_at.key("allOf").index(all.size());
        }
        all.push_back(Draft7{{"$ref", r}});
      }
    }
    return out;
  }

  static std::string unescape_fragment(const std::string& frag) {
    std::string out;
    for (std::size_t i = 0; i < frag.size(); ++i) {
      if (frag[i] == '%' && i + 2 < frag.size()) {
        out += static_cast<char>(std::stoi(frag.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        out += frag[i];
      }
    }
    return out;
  }

  static Draft7 node_at(const Draft7& root, const JsonPath& where) {
    const Draft7* n = &root;
    for (const auto& seg : where.segments()) {
      if (const auto* k = std::get_if<std::string>(&seg)) {
        n = &n->at(*k);
      } else {
        n = &n->at(std::get<std::size_t>(seg));
      }
    }
    return *n;
  }

  static Draft7& node_ref(Draft7& root, const JsonPath& where) {
    Draft7* n = &root;
    for (const auto& seg : where.segments()) {
      if (const auto* k = std::get_if<std::string>(&seg)) {
        n = &(*n)[*k];
      } else {
        n = &(*n)[std::get<std::size_t>(seg)];
      }
    }
    return *n;
  }

  // Points every "$ref" keyword (never a "$ref" inside enum or const data)
  // at its hoisted target.
  void rewrite_refs(Draft7& root, const JsonPath&) {
    for (const auto& ref : refs_) {
      Draft7& owner = node_ref(root, ref.owner);
      const std::string r = owner["$ref"].get<std::string>();
      auto m = moved_.find(unescape_fragment(r.substr(1)));
      if (m == moved_.end()) {
        refuse(ref.source, fmt::format("'$ref' {} does not point at a schema in this document", r));
      }
      std::string name;
      for (const auto& [n, where] : targets_) {
        if (where == m->second) name = n;
      }
      if (name.empty()) {
        name = "t" + std::to_string(targets_.size());
        targets_.emplace_back(name, m->second);
      }
      owner["$ref"] = "#/definitions/" + name;
    }
  }

  const JsonDocument& doc_;
  std::map<std::string, JsonPath> moved_;  // 2020-12 pointer -> where it is in draft 7
  std::vector<std::pair<std::string, JsonPath>> targets_;  // hoisted $ref targets
  struct Ref {
    JsonPath owner;   // the draft-7 schema object holding the $ref
    JsonPath source;  // where the $ref is in the 2020-12 document
  };
  std::vector<Ref> refs_;
};

// ---------------------------------------------------------------------------
// Instance conversion and validation

Draft7 to_draft7(const Json& j) {
  switch (j.type()) {
    case Json::value_t::object: {
      Draft7 o = Draft7::object();
      for (auto it = j.begin(); it != j.end(); ++it) o[it.key()] = to_draft7(it.value());
      return o;
    }
    case Json::value_t::array: {
      Draft7 a = Draft7::array();
      auto& arr = a.get_ref<Draft7::array_t&>();
      arr.reserve(j.size());
      for (const auto& e : j) arr.push_back(to_draft7(e));
      return a;
    }
    case Json::value_t::string:
      return j.get<std::string>();
    case Json::value_t::boolean:
      return j.get<bool>();
    case Json::value_t::number_integer:
      return j.get<std::int64_t>();
    case Json::value_t::number_unsigned:
      return j.get<std::uint64_t>();
    case Json::value_t::number_float: {
      // 1.0 is an integer in JSON Schema; valijson's strict typing says no.
      const double d = j.get<double>();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) {
        return static_cast<std::int64_t>(d);
      }
      return d;
    }
    default:
      return nullptr;
  }
}

// libstdc++'s std::regex recurses once per character, and valijson recurses
// once per nesting level: run validation on a thread with a stack big enough
// for any input the loader accepts (the memory is reserved, not used).
void run_with_large_stack(const std::function<void()>& fn) {
  struct Call {
    const std::function<void()>* fn;
    std::exception_ptr error;
  } call{&fn, nullptr};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, std::size_t{1} << 30);
  pthread_t thread;
  auto entry = [](void* p) -> void* {
    auto* c = static_cast<Call*>(p);
    try {
      (*c->fn)();
    } catch (...) {
      c->error = std::current_exception();
    }
    return nullptr;
  };
  if (pthread_create(&thread, &attr, entry, &call) != 0) {
    pthread_attr_destroy(&attr);
    fn();  // could not get a thread: validate here
    return;
  }
  pthread_attr_destroy(&attr);
  pthread_join(thread, nullptr);
  if (call.error) std::rethrow_exception(call.error);
}

// The text between the first pair of single quotes after `after`.
std::string quoted_after(const std::string& s, const std::string& after) {
  const auto a = s.find(after);
  if (a == std::string::npos) return {};
  const auto q1 = s.find('\'', a + after.size());
  if (q1 == std::string::npos) return {};
  const auto q2 = s.find('\'', q1 + 1);
  if (q2 == std::string::npos) return {};
  return s.substr(q1 + 1, q2 - q1 - 1);
}

// Our words for valijson's descriptions, by keyword.
std::string message_for(const std::string& keyword, const std::string& description) {
  if (keyword == "additionalProperties") {
    const std::string name = quoted_after(description, "constraints:");
    return name.empty()
               ? "has a property the schema does not allow"
               : fmt::format("has the property '{}', which the schema does not allow", name);
  }
  if (keyword == "required") {
    const std::string name = quoted_after(description, "property");
    return name.empty() ? "lacks a required property"
                        : fmt::format("lacks the required property '{}'", name);
  }
  if (keyword == "type") return "has a type the schema does not allow here";
  if (keyword == "enum") return "is not one of the values the schema allows";
  if (keyword == "const") return "differs from the one value the schema allows";
  if (keyword == "pattern") return "does not match the pattern the schema requires";
  if (keyword == "not") return "matches a schema it must not match";
  if (keyword == "anyOf") return "matches none of the alternatives (anyOf)";
  if (keyword == "oneOf") return "does not match exactly one alternative (oneOf)";
  if (keyword == "uniqueItems") return "has duplicate items";
  if (keyword == "items") return "has more items than the schema allows";
  if (keyword == "multipleOf") return description;
  return description;
}

std::string keyword_of(const std::string& description) {
  struct Hint {
    const char* needle;
    const char* keyword;
  };
  static const Hint hints[] = {
      {"Object contains a property", "additionalProperties"},
      {"Missing required property", "required"},
      {"Value type not permitted", "type"},
      {"any enum values", "enum"},
      {"'const' constraint", "const"},
      {"specified by 'pattern'", "pattern"},
      {"Expected number greater than", "minimum"},
      {"Expected number less than", "maximum"},
      {"Array should contain no fewer", "minItems"},
      {"Array should contain no more", "maxItems"},
      {"more items than allowed by items", "items"},
      {"String should be no fewer", "minLength"},
      {"String should be no more", "maxLength"},
      {"Object should have no fewer", "minProperties"},
      {"Object should have no more", "maxProperties"},
      {"Elements at indexes", "uniqueItems"},
      {"'not' constraint", "not"},
      {"anyOf constraint", "anyOf"},
      {"exactly one child schema", "oneOf"},
      {"if-then-else", "if"},
      {"'contains' constraint", "contains"},
      {"Missing dependency", "dependentRequired"},
      {"dependent schema", "dependentSchemas"},
      {"multiple of", "multipleOf"},
  };

  for (const auto& h : hints) {
    if (description.find(h.needle) != std::string::npos) return h.keyword;
  }
  return "schema";
}

}  // namespace

struct Schema::Impl {
  Draft7 translated;
  valijson::Schema compiled;
};

Schema::Schema(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Schema::Schema(Schema&&) noexcept = default;
Schema& Schema::operator=(Schema&&) noexcept = default;
Schema::~Schema() = default;

Schema Schema::compile(const JsonDocument& doc) {
  auto impl = std::make_unique<Impl>();
  impl->translated = Translator(doc).run();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    parser.addConstraintBuilder(kMultipleOf, new MultipleOfBuilder());  // parser owns it
    valijson::adapters::NlohmannJsonAdapter adapter(impl->translated);
    std::exception_ptr error;
    run_with_large_stack([&] { parser.populateSchema(adapter, impl->compiled); });
  } catch (const LoadError&) {
    throw;
  } catch (const std::exception& e) {
    throw LoadError(doc.file(), fmt::format("the schema cannot be used: {}", e.what()),
                    doc.locate({}), JsonPath{});
  }
  return Schema(std::move(impl));
}

std::vector<Violation> Schema::validate(const Json& instance) const {
  const Draft7 target = to_draft7(instance);
  valijson::ValidationResults results;
  bool ok = true;
  run_with_large_stack([&] {
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter adapter(target);
    ok = validator.validate(impl_->compiled, adapter, &results);
  });
  if (!ok && results.numErrors() == 0) {
    // valijson rejected the instance without saying where (it does so for
    // propertyNames): report it at the root rather than call it valid.
    return {Violation{JsonPath{}, "propertyNames",
                      "does not satisfy the schema (a property name is not allowed)"}};
  }
  struct Raw {
    JsonPath path;
    std::string description;
  };
  std::vector<Raw> raw;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    // Context: "<root>", then "[key]" or "[index]" per level; walk the
    // instance to tell keys from indices.
    JsonPath path;
    const Json* node = &instance;
    for (std::size_t i = 1; i < error.context.size(); ++i) {
      const std::string& c = error.context[i];
      if (c.size() < 2 || c.front() != '[' || c.back() != ']') break;
      const std::string inner = c.substr(1, c.size() - 2);
      if (node != nullptr && node->is_array()) {
        std::size_t idx = 0;
        try {
          idx = std::stoul(inner);
        } catch (...) {
          break;
        }
        path.push_index(idx);
        node = idx < node->size() ? &(*node)[idx] : nullptr;
      } else {
        path.push_key(inner);
        node = (node != nullptr && node->is_object() && node->contains(inner)) ? &(*node)[inner]
                                                                               : nullptr;
      }
    }
    raw.push_back({std::move(path), error.description});
  }
  // Keep the most specific: drop an error when another one lies below it.
  std::vector<Violation> out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    bool general = false;
    for (std::size_t j = 0; j < raw.size() && !general; ++j) {
      general =
          j != i && raw[j].path.size() > raw[i].path.size() && raw[j].path.starts_with(raw[i].path);
    }
    if (general) continue;
    bool duplicate = false;
    for (const auto& v : out) {
      duplicate = duplicate || (v.instance_path == raw[i].path && v.message == raw[i].description);
    }
    // A generic line ("failed to validate ...") next to a specific one at
    // the same place says nothing more.
    const std::string kw = keyword_of(raw[i].description);
    bool specific_sibling = false;
    for (std::size_t j = 0; j < raw.size() && kw == "schema"; ++j) {
      specific_sibling = specific_sibling || (j != i && raw[j].path == raw[i].path &&
                                              keyword_of(raw[j].description) != "schema");
    }
    if (!duplicate && !specific_sibling) {
      out.push_back({raw[i].path, kw, message_for(kw, raw[i].description)});
    }
  }
  return out;
}

const std::vector<std::string>& supported_keywords() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v{
        "$schema", "$id", "$ref", "prefixItems", "items", "dependentRequired", "dependentSchemas"};
    for (const auto* set : {&annotation_keywords(), &plain_keywords(), &single_schema_keywords(),
                            &schema_array_keywords(), &schema_map_keywords()}) {
      v.insert(v.end(), set->begin(), set->end());
    }
    std::sort(v.begin(), v.end());
    return v;
  }();
  return k;
}

const std::vector<std::string>& refused_keywords() {
  static const std::vector<std::string> k(refused().begin(), refused().end());
  return k;
}

}  // namespace relctl::schema
