// JSON Schema 2020-12 -> draft 7 for valijson: see translate.hpp and
// docs/schema.md (the keyword table and the translation rules).
#include "relctl/schema/translate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "relctl/load/errors.hpp"
#include "relctl/schema/regex.hpp"
#include "relctl/schema/schema.hpp"

namespace relctl::schema {
namespace {

constexpr std::string_view kDialect = "https://json-schema.org/draft/2020-12/schema";
// Where ref targets whose draft-7 pointer valijson cannot follow are copied.
constexpr const char* kHoisted = "x-relctl-hoisted";

// 2020-12 annotations: they never make an instance invalid (format included:
// 2020-12 makes it an annotation unless a validator opts into assertion).
const std::set<std::string, std::less<>> kAnnotations{
    "$comment", "title",     "description", "default",          "examples",        "deprecated",
    "readOnly", "writeOnly", "format",      "contentMediaType", "contentEncoding", "contentSchema"};

const std::vector<std::string> kRefused{"$anchor",     "$dynamicRef",      "$dynamicAnchor",
                                        "$vocabulary", "unevaluatedItems", "unevaluatedProperties",
                                        "minContains", "maxContains"};

// Validated with their 2020-12 meaning.
const std::vector<std::string> kValidated{"$schema",
                                          "$id",
                                          "$ref",
                                          "$defs",
                                          "type",
                                          "enum",
                                          "const",
                                          "properties",
                                          "required",
                                          "additionalProperties",
                                          "patternProperties",
                                          "propertyNames",
                                          "minProperties",
                                          "maxProperties",
                                          "items",
                                          "prefixItems",
                                          "contains",
                                          "minItems",
                                          "maxItems",
                                          "uniqueItems",
                                          "minLength",
                                          "maxLength",
                                          "pattern",
                                          "minimum",
                                          "maximum",
                                          "exclusiveMinimum",
                                          "exclusiveMaximum",
                                          "multipleOf",
                                          "allOf",
                                          "anyOf",
                                          "oneOf",
                                          "not",
                                          "if",
                                          "then",
                                          "else",
                                          "dependentRequired",
                                          "dependentSchemas"};

const std::set<std::string, std::less<>> kCounts{"minLength", "maxLength",     "minItems",
                                                 "maxItems",  "minProperties", "maxProperties"};
const std::set<std::string, std::less<>> kBounds{"minimum", "maximum", "exclusiveMinimum",
                                                 "exclusiveMaximum"};
const std::set<std::string, std::less<>> kSingle{
    "additionalProperties", "propertyNames", "contains", "not", "if", "then", "else"};
// Applicators that look at the same instance value (not a part of it).
const std::set<std::string, std::less<>> kInPlace{"allOf", "anyOf", "oneOf", "not",
                                                  "if",    "then",  "else",  "dependentSchemas"};
const std::set<std::string, std::less<>> kTypes{"array",  "boolean", "integer", "null",
                                                "number", "object",  "string"};

std::string describe(const Json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string type_name(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

// Byte offset of a line:col position (col counts code points; lines end at
// \n, \r\n or \r, as in JsonDocument).
std::size_t offset_of(const std::string& text, SourcePos pos) {
  std::size_t off = 0;
  for (std::uint32_t line = 1; line < pos.line && off < text.size();) {
    const char c = text[off++];
    if (c == '\n') {
      ++line;
    } else if (c == '\r') {
      if (off < text.size() && text[off] == '\n') ++off;
      ++line;
    }
  }
  for (std::uint32_t col = 1; col < pos.col && off < text.size(); ++col) {
    ++off;
    while (off < text.size() && (static_cast<unsigned char>(text[off]) & 0xC0) == 0x80) ++off;
  }
  return off;
}

// Where the member name of the value at `path` starts (its opening quote):
// a keyword is reported at its name, not at its value.
SourcePos key_pos(const JsonDocument& doc, const JsonPath& path) {
  const SourcePos value = doc.locate(path);
  if (path.empty() || !std::holds_alternative<std::string>(path.back()) || !value.known()) {
    return value;
  }
  const std::string& t = doc.text();
  std::size_t i = offset_of(t, value);
  auto skip_ws = [&] {
    while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n' || t[i - 1] == '\r')) {
      --i;
    }
  };
  skip_ws();
  if (i == 0 || t[i - 1] != ':') return value;
  --i;
  skip_ws();
  if (i == 0 || t[i - 1] != '"') return value;
  --i;  // the closing quote
  while (i > 0) {
    --i;
    if (t[i] != '"') continue;
    std::size_t backslashes = 0;
    while (backslashes < i && t[i - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return doc.pos_of_offset(i);
  }
  return value;
}

// A draft-7 JSON pointer valijson decodes back to `path` (it undoes ~1, ~0
// and then %-escapes), or nothing when valijson cannot follow one (it skips
// empty reference tokens).
std::optional<std::string> valijson_pointer(const JsonPath& path) {
  std::string out;
  for (const auto& seg : path.segments()) {
    out += '/';
    if (const auto* k = std::get_if<std::string>(&seg)) {
      if (k->empty()) return std::nullopt;
      for (char c : *k) {
        if (c == '~') {
          out += "~0";
        } else if (c == '/') {
          out += "~1";
        } else if (c == '%') {
          out += "%25";
        } else {
          out += c;
        }
      }
    } else {
      out += std::to_string(std::get<std::size_t>(seg));
    }
  }
  return out;
}

Json& node_at(Json& root, const JsonPath& where) {
  Json* n = &root;
  for (const auto& seg : where.segments()) {
    if (const auto* k = std::get_if<std::string>(&seg)) {
      n = &n->at(*k);
    } else {
      n = &n->at(std::get<std::size_t>(seg));
    }
  }
  return *n;
}

class Translator {
 public:
  explicit Translator(const JsonDocument& doc) : doc_(doc) {}

  Translation run() {
    Translation t;
    t.draft7 = schema(doc_.json(), JsonPath{}, JsonPath{}, true);
    resolve_refs(t.draft7);
    check_cycles();
    t.patterns.assign(patterns_.begin(), patterns_.end());
    return t;
  }

 private:
  [[noreturn]] void refuse_keyword(const JsonPath& kp, const std::string& msg) const {
    throw LoadError(doc_.file(), msg, key_pos(doc_, kp), kp);
  }
  [[noreturn]] void refuse_value(const JsonPath& p, const std::string& msg) const {
    throw LoadError(doc_.file(), msg, doc_.locate(p), p);
  }

  void edge(const JsonPath& from, const JsonPath& to, std::optional<JsonPath> ref = {}) {
    graph_[from.pointer()].push_back(Edge{to.pointer(), std::move(ref)});
  }

  void check_pattern(const JsonPath& kp, const std::string& p, bool at_key) {
    auto refuse = [&](const std::string& msg) {
      if (at_key) refuse_keyword(kp, msg);
      refuse_value(kp, msg);
    };
    if (p.find('\0') != std::string::npos) {
      refuse(
          fmt::format("unsupported pattern {}: a literal U+0000 inside a pattern is not "
                      "supported (write \\u0000)",
                      describe(Json(p))));
    }
    try {
      (void)Regex::compile(p);
    } catch (const RegexError& e) {
      if (e.unsupported()) {
        refuse(fmt::format("unsupported pattern {}: {}", describe(Json(p)), e.what()));
      }
      refuse(fmt::format("malformed schema: pattern {} is not a valid regular expression: {}",
                         describe(Json(p)), e.what()));
    }
    patterns_.insert(p);
  }

  void check_name(const JsonPath& p, const std::string& name, bool at_key) {
    if (name.find('\0') == std::string::npos) return;
    const std::string msg =
        "unsupported property name: names containing U+0000 are not supported by valijson";
    if (at_key) refuse_keyword(p, msg);
    refuse_value(p, msg);
  }

  std::int64_t count(const JsonPath& kp, const std::string& k, const Json& v) const {
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    if (v.is_number_unsigned()) {
      return static_cast<std::int64_t>(
          std::min<std::uint64_t>(v.get<std::uint64_t>(), static_cast<std::uint64_t>(kMax)));
    }
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return v.get<std::int64_t>();
    if (v.is_number_float()) {
      const double d = v.get<double>();
      // 2020-12: 2.0 is an integer.
      if (std::isfinite(d) && d >= 0 && d == std::floor(d)) {
        return d >= 9.2e18 ? kMax : static_cast<std::int64_t>(d);
      }
    }
    refuse_keyword(kp,
                   fmt::format("malformed schema: '{}' must be a non-negative integer, found {}", k,
                               describe(v)));
  }

  void string_array(const JsonPath& p, const Json& v, const std::string& what) {
    if (!v.is_array()) {
      refuse_keyword(p, fmt::format("malformed schema: {} must be an array of strings, found {}",
                                    what, type_name(v)));
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        refuse_value(p.index(i), fmt::format("malformed schema: {} must be an array of strings, "
                                             "found {}",
                                             what, type_name(v[i])));
      }
      check_name(p.index(i), v[i].get<std::string>(), false);
    }
  }

  void type_names(const JsonPath& kp, const Json& v) {
    auto one = [&](const Json& t, const JsonPath& p, bool at_key) {
      if (!t.is_string() || kTypes.count(t.get<std::string>()) == 0) {
        const std::string msg = fmt::format(
            "malformed schema: unknown type {} (expected array, boolean, integer, null, number, "
            "object or string)",
            describe(t));
        if (at_key) refuse_keyword(p, msg);
        refuse_value(p, msg);
      }
    };
    if (v.is_array()) {
      if (v.empty()) refuse_keyword(kp, "malformed schema: 'type' must not be an empty array");
      for (std::size_t i = 0; i < v.size(); ++i) one(v[i], kp.index(i), false);
    } else {
      one(v, kp, true);
    }
  }

  // `at`: where the schema is in the 2020-12 document; `out_at`: where its
  // translation goes in the draft-7 one.
  Json schema(const Json& s, const JsonPath& at, const JsonPath& out_at, bool root) {
    moved_[at.pointer()] = out_at;
    if (s.is_boolean()) {
      if (s.get<bool>()) return Json::object();
      Json never = Json::object();
      never["not"] = Json::object();
      return never;
    }
    if (!s.is_object()) {
      refuse_value(at, fmt::format("malformed schema: a schema must be an object or true/false, "
                                   "found {}",
                                   type_name(s)));
    }
    Json out = Json::object();
    const Json* prefix = nullptr;
    const Json* items = nullptr;
    const Json* ref = nullptr;
    JsonPath ref_at;
    Json dep_required = Json::object();
    Json dep_schemas = Json::object();
    const bool has_if = s.contains("if");

    for (auto it = s.begin(); it != s.end(); ++it) {
      const std::string& k = it.key();
      const Json& v = it.value();
      const JsonPath kp = at.key(k);

      if (std::find(kRefused.begin(), kRefused.end(), k) != kRefused.end()) {
        refuse_keyword(kp, fmt::format("unsupported keyword '{}' (relctl's schema checks do not "
                                       "implement it; docs/schema.md)",
                                       k));
      }
      if (k == "$schema") {
        if (!root) {
          refuse_keyword(kp,
                         "unsupported keyword '$schema' below the schema root (embedded schema "
                         "resources are not supported)");
        }
        if (!v.is_string() || (v.get<std::string>() != kDialect &&
                               v.get<std::string>() != std::string(kDialect) + "#")) {
          refuse_keyword(kp, fmt::format("unsupported $schema {}: only JSON Schema draft 2020-12 "
                                         "({}) is supported",
                                         describe(v), kDialect));
        }
        continue;
      }
      if (k == "$id") {
        if (!root) {
          refuse_keyword(kp,
                         "unsupported keyword '$id' below the schema root (embedded schema "
                         "resources are not supported)");
        }
        if (!v.is_string()) refuse_keyword(kp, "malformed schema: '$id' must be a string");
        const auto hash = v.get<std::string>().find('#');
        if (hash != std::string::npos && hash + 1 != v.get<std::string>().size()) {
          refuse_keyword(kp, "malformed schema: '$id' must not have a fragment (use '$defs')");
        }
        continue;
      }
      if (kAnnotations.count(k) != 0) continue;

      if (k == "$ref") {
        if (!v.is_string()) refuse_keyword(kp, "malformed schema: '$ref' must be a string");
        const std::string& r = v.get_ref<const std::string&>();
        if (r.empty() || r[0] != '#') {
          refuse_keyword(kp, fmt::format("unsupported $ref {}: only references inside the same "
                                         "schema (\"#\" or \"#/json/pointer\") are supported",
                                         describe(v)));
        }
        if (r.size() > 1 && r[1] != '/') {
          refuse_keyword(kp, fmt::format("unsupported $ref {}: references to anchors are not "
                                         "supported, only JSON pointers (\"#/...\")",
                                         describe(v)));
        }
        ref = &v;
        ref_at = kp;
        out["$ref"] = v;
        continue;
      }
      if (k == "$defs" || k == "properties" || k == "patternProperties" ||
          k == "dependentSchemas") {
        if (!v.is_object()) {
          refuse_keyword(kp, fmt::format("malformed schema: '{}' must be an object, found {}", k,
                                         type_name(v)));
        }
        const std::string out_key = k == "dependentSchemas" ? "dependencies" : k;
        Json m = Json::object();
        for (auto p = v.begin(); p != v.end(); ++p) {
          if (k == "patternProperties") check_pattern(kp.key(p.key()), p.key(), true);
          if (k == "properties" || k == "dependentSchemas")
            check_name(kp.key(p.key()), p.key(), true);
          const JsonPath child_out = out_at.key(out_key).key(p.key());
          m[p.key()] = schema(p.value(), kp.key(p.key()), child_out, false);
          if (k == "dependentSchemas") edge(out_at, child_out);
        }
        if (k == "dependentSchemas") {
          dep_schemas = std::move(m);
        } else {
          out[k] = std::move(m);
        }
        continue;
      }
      if (k == "type") {
        type_names(kp, v);
        out[k] = v;
        continue;
      }
      if (k == "enum") {
        if (!v.is_array()) {
          refuse_keyword(
              kp, fmt::format("malformed schema: 'enum' must be an array, found {}", type_name(v)));
        }
        out[k] = v;
        continue;
      }
      if (k == "const") {
        out[k] = v;
        continue;
      }
      if (k == "required") {
        string_array(kp, v, "'required'");
        out[k] = v;
        continue;
      }
      if (kCounts.count(k) != 0) {
        out[k] = count(kp, k, v);
        continue;
      }
      if (kBounds.count(k) != 0 || k == "multipleOf") {
        if (!v.is_number() || !std::isfinite(v.get<double>())) {
          refuse_keyword(
              kp, fmt::format("malformed schema: '{}' must be a number, found {}", k, describe(v)));
        }
        if (k == "multipleOf" && !(v.get<double>() > 0)) {
          refuse_keyword(kp, fmt::format("malformed schema: 'multipleOf' must be greater than 0, "
                                         "found {}",
                                         describe(v)));
        }
        out[k] = v;
        continue;
      }
      if (k == "uniqueItems") {
        if (!v.is_boolean())
          refuse_keyword(kp, "malformed schema: 'uniqueItems' must be true or false");
        if (v.get<bool>()) out[k] = true;
        continue;
      }
      if (k == "pattern") {
        if (!v.is_string()) {
          refuse_keyword(kp, fmt::format("malformed schema: 'pattern' must be a string, found {}",
                                         type_name(v)));
        }
        check_pattern(kp, v.get<std::string>(), true);
        out[k] = v;
        continue;
      }
      if (kSingle.count(k) != 0) {
        if (k == "additionalProperties" && v.is_boolean()) {
          // valijson's own form: false = no other property, with names in
          // the message; true = anything.
          moved_[kp.pointer()] = out_at.key(k);
          out[k] = v;
          continue;
        }
        const JsonPath child_out = out_at.key(k);
        out[k] = schema(v, kp, child_out, false);
        if (kInPlace.count(k) != 0 && (has_if || (k != "then" && k != "else"))) {
          edge(out_at, child_out);
        }
        continue;
      }
      if (k == "allOf" || k == "anyOf" || k == "oneOf") {
        if (!v.is_array() || v.empty()) {
          refuse_keyword(kp, fmt::format("malformed schema: '{}' must be a non-empty array of "
                                         "schemas",
                                         k));
        }
        Json arr = Json::array();
        for (std::size_t i = 0; i < v.size(); ++i) {
          const JsonPath child_out = out_at.key(k).index(i);
          arr.push_back(schema(v[i], kp.index(i), child_out, false));
          edge(out_at, child_out);
        }
        out[k] = std::move(arr);
        continue;
      }
      if (k == "prefixItems") {
        if (!v.is_array() || v.empty()) {
          refuse_keyword(kp,
                         "malformed schema: 'prefixItems' must be a non-empty array of schemas");
        }
        prefix = &v;
        continue;
      }
      if (k == "items") {
        if (v.is_array()) {
          refuse_keyword(kp,
                         "malformed schema: 'items' must be a schema in 2020-12 (the array "
                         "form of draft 7 is 'prefixItems')");
        }
        items = &v;
        continue;
      }
      if (k == "dependentRequired") {
        if (!v.is_object()) {
          refuse_keyword(kp, fmt::format("malformed schema: 'dependentRequired' must be an object, "
                                         "found {}",
                                         type_name(v)));
        }
        for (auto p = v.begin(); p != v.end(); ++p) {
          check_name(kp.key(p.key()), p.key(), true);
          string_array(kp.key(p.key()), p.value(),
                       fmt::format("'dependentRequired' member '{}'", p.key()));
        }
        dep_required = v;
        continue;
      }
      refuse_keyword(kp, fmt::format("unknown keyword '{}' (relctl refuses keywords it does not "
                                     "know, so that a typo cannot switch a check off; "
                                     "docs/schema.md)",
                                     k));
    }

    // prefixItems + items (2020-12) = draft 7's array-form items +
    // additionalItems; a lone items schema keeps its meaning.
    if (prefix != nullptr) {
      Json arr = Json::array();
      for (std::size_t i = 0; i < prefix->size(); ++i) {
        arr.push_back(schema((*prefix)[i], at.key("prefixItems").index(i),
                             out_at.key("items").index(i), false));
      }
      out["items"] = std::move(arr);
      if (items != nullptr) {
        if (items->is_boolean()) {
          // valijson's own form: false = nothing after the prefix.
          moved_[at.key("items").pointer()] = out_at.key("additionalItems");
          out["additionalItems"] = *items;
        } else {
          out["additionalItems"] =
              schema(*items, at.key("items"), out_at.key("additionalItems"), false);
        }
      }
    } else if (items != nullptr) {
      out["items"] = schema(*items, at.key("items"), out_at.key("items"), false);
    }

    // dependentRequired + dependentSchemas = draft 7's dependencies. The two
    // can name the same property; the second one then goes into allOf.
    std::vector<Json> extra_all_of;
    if (!dep_required.empty() || !dep_schemas.empty()) {
      Json deps = std::move(dep_schemas);
      Json clash = Json::object();
      for (auto p = dep_required.begin(); p != dep_required.end(); ++p) {
        if (deps.contains(p.key())) {
          clash[p.key()] = p.value();
        } else {
          deps[p.key()] = p.value();
        }
      }
      out["dependencies"] = std::move(deps);
      if (!clash.empty()) extra_all_of.push_back(Json{{"dependencies", std::move(clash)}});
    }

    // 2020-12 applies $ref together with its siblings; draft 7 ignores the
    // siblings. With company, the $ref moves to the end of allOf, so that
    // pointers into the existing allOf entries stay valid.
    std::optional<JsonPath> ref_holder;
    if (ref != nullptr) {
      bool company = !extra_all_of.empty();
      for (auto p = out.begin(); p != out.end(); ++p) {
        if (p.key() != "$ref" && p.key() != "$defs") company = true;
      }
      if (company) {
        out.erase("$ref");
        extra_all_of.push_back(Json{{"$ref", *ref}});
      } else {
        ref_holder = out_at;
      }
    }
    if (!extra_all_of.empty()) {
      Json& all = out["allOf"];
      if (all.is_null()) all = Json::array();
      for (auto& e : extra_all_of) {
        const JsonPath child_out = out_at.key("allOf").index(all.size());
        edge(out_at, child_out);
        if (e.contains("$ref")) ref_holder = child_out;
        all.push_back(std::move(e));
      }
    }
    if (ref != nullptr) refs_.push_back(Ref{*ref_holder, ref->get<std::string>(), ref_at});
    return out;
  }

  // The 2020-12 path a local "#..." reference points at; refuses when it
  // points at nothing.
  JsonPath ref_target(const std::string& ref, const JsonPath& source) const {
    auto refuse = [&](const std::string& why) {
      refuse_keyword(source,
                     fmt::format("malformed schema: '$ref' {} {}", describe(Json(ref)), why));
    };
    // The fragment is URI-encoded: undo %XX first.
    std::string frag;
    for (std::size_t i = 1; i < ref.size(); ++i) {
      if (ref[i] != '%') {
        frag += ref[i];
        continue;
      }
      auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      if (i + 2 >= ref.size() || hex(ref[i + 1]) < 0 || hex(ref[i + 2]) < 0) {
        refuse("has a malformed %-escape");
      }
      frag += static_cast<char>(hex(ref[i + 1]) * 16 + hex(ref[i + 2]));
      i += 2;
    }
    JsonPath path;
    const Json* node = &doc_.json();
    std::size_t i = 0;
    while (i < frag.size()) {
      // frag[i] == '/'
      const std::size_t end = std::min(frag.find('/', i + 1), frag.size());
      std::string token;
      for (std::size_t k = i + 1; k < end; ++k) {
        if (frag[k] != '~') {
          token += frag[k];
        } else if (k + 1 < end && frag[k + 1] == '0') {
          token += '~';
          ++k;
        } else if (k + 1 < end && frag[k + 1] == '1') {
          token += '/';
          ++k;
        } else {
          refuse("is not a valid JSON pointer ('~' must be followed by 0 or 1)");
        }
      }
      if (node->is_object()) {
        auto f = node->find(token);
        if (f == node->end()) refuse(fmt::format("points at nothing: there is no '{}'", token));
        node = &*f;
        path.push_key(token);
      } else if (node->is_array()) {
        const bool digits = !token.empty() && token.size() < 10 &&
                            token.find_first_not_of("0123456789") == std::string::npos &&
                            (token == "0" || token[0] != '0');
        if (!digits || std::stoul(token) >= node->size()) {
          refuse(fmt::format("points at nothing: no array element '{}'", token));
        }
        const std::size_t idx = std::stoul(token);
        node = &(*node)[idx];
        path.push_index(idx);
      } else {
        refuse(fmt::format("points at nothing: '{}' is below a {}", token, type_name(*node)));
      }
      i = end;
    }
    return path;
  }

  void resolve_refs(Json& out) {
    std::vector<JsonPath> hoisted;
    std::map<std::string, std::size_t> hoisted_at;
    for (const auto& r : refs_) {
      const JsonPath target = ref_target(r.value, r.source);
      const auto m = moved_.find(target.pointer());
      if (m == moved_.end()) {
        refuse_keyword(r.source,
                       fmt::format("malformed schema: '$ref' {} points at a value that is "
                                   "not a schema relctl checks",
                                   describe(Json(r.value))));
      }
      edge(r.holder, m->second, r.source);
      std::string pointer;
      if (auto p = valijson_pointer(m->second)) {
        pointer = *p;
      } else {
        auto [slot, fresh] = hoisted_at.emplace(m->second.pointer(), hoisted.size());
        if (fresh) hoisted.push_back(m->second);
        pointer = fmt::format("/{}/{}", kHoisted, slot->second);
      }
      node_at(out, r.holder)["$ref"] = "#" + pointer;
    }
    if (!hoisted.empty()) {
      Json copies = Json::array();
      for (const auto& p : hoisted) copies.push_back(node_at(out, p));
      out[kHoisted] = std::move(copies);
    }
  }

  // A schema that reaches itself again without looking at a smaller part of
  // the instance ({"$ref": "#"} under allOf, a $ref loop) never finishes.
  void check_cycles() const {
    enum Color { kWhite, kGray, kBlack };
    std::map<std::string, Color> color;
    struct Frame {
      const std::string* node;
      std::size_t next;
      const Edge* via;  // the edge that led here
    };
    for (const auto& entry : graph_) {
      const std::string& start = entry.first;
      if (color[start] != kWhite) continue;
      std::vector<Frame> stack{{&start, 0, nullptr}};
      color[start] = kGray;
      while (!stack.empty()) {
        Frame& f = stack.back();
        const auto g = graph_.find(*f.node);
        if (g == graph_.end() || f.next >= g->second.size()) {
          color[*f.node] = kBlack;
          stack.pop_back();
          continue;
        }
        const Edge& e = g->second[f.next++];
        const Color c = color[e.to];
        if (c == kGray) {
          // The cycle is the stack from e.to upwards, closed by e; it holds
          // at least one $ref (structure alone is a tree).
          const Edge* culprit = e.ref ? &e : nullptr;
          for (auto s = stack.rbegin(); culprit == nullptr && s != stack.rend(); ++s) {
            if (*s->node == e.to) break;
            if (s->via != nullptr && s->via->ref) culprit = s->via;
          }
          const JsonPath where = culprit != nullptr ? *culprit->ref : JsonPath{};
          refuse_keyword(where,
                         "unsupported recursion: this '$ref' leads back to the same schema "
                         "without going deeper into the instance, so validation would "
                         "never end");
        }
        if (c == kWhite) {
          color[e.to] = kGray;
          stack.push_back(Frame{&e.to, 0, &e});
        }
      }
    }
  }

  struct Edge {
    std::string to;
    std::optional<JsonPath> ref;  // the $ref keyword, for reference edges
  };
  struct Ref {
    JsonPath holder;  // the draft-7 schema object holding the "$ref"
    std::string value;
    JsonPath source;  // the $ref keyword in the 2020-12 document
  };

  const JsonDocument& doc_;
  std::map<std::string, JsonPath> moved_;           // 2020-12 pointer -> draft-7 path
  std::map<std::string, std::vector<Edge>> graph_;  // in-place applicators and refs
  std::vector<Ref> refs_;
  std::set<std::string> patterns_;
};

}  // namespace

Translation translate(const JsonDocument& doc) { return Translator(doc).run(); }

const std::vector<std::string>& supported_keywords() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v = kValidated;
    v.insert(v.end(), kAnnotations.begin(), kAnnotations.end());
    return v;
  }();
  return k;
}

const std::vector<std::string>& refused_keywords() { return kRefused; }

}  // namespace relctl::schema
