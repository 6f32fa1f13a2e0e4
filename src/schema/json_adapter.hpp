#pragma once
// A valijson adapter for relctl::Json (nlohmann::ordered_json).
//
// valijson ships an adapter for nlohmann::json only, and the two types are
// unrelated: ordered_json keeps members in document order in a vector. This
// adapter lets valijson read our documents in place (no conversion, no copy
// of the instance). It follows valijson's own adapter recipe: a light value
// wrapper (JsonValue) that knows how to read one JSON value, handed to
// valijson's BasicAdapter, which supplies the type-casting rules every
// adapter shares.
//
// Numbers: an integer the parser stored as int64 (or as uint64 that fits) is
// an integer; everything else is a double. Whether 1.0 counts as an integer
// (it does in 2020-12) is decided by the type check, not here.
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>

#include "relctl/load/json_document.hpp"

namespace relctl::schema::detail {

class JsonAdapter;
class JsonArrayIterator;
class JsonMemberIterator;

using JsonMember = std::pair<std::string, JsonAdapter>;

// Shared empty values for default-constructed wrappers.
inline const Json& empty_json_object() {
  static const Json v = Json::object();
  return v;
}
inline const Json& empty_json_array() {
  static const Json v = Json::array();
  return v;
}

class JsonArray {
 public:
  using const_iterator = JsonArrayIterator;
  using iterator = JsonArrayIterator;

  JsonArray() : v_(&empty_json_array()) {}
  explicit JsonArray(const Json& v) : v_(&v) {}

  [[nodiscard]] JsonArrayIterator begin() const;
  [[nodiscard]] JsonArrayIterator end() const;
  [[nodiscard]] std::size_t size() const { return v_->size(); }

 private:
  const Json* v_;
};

class JsonObject {
 public:
  using const_iterator = JsonMemberIterator;
  using iterator = JsonMemberIterator;

  JsonObject() : v_(&empty_json_object()) {}
  explicit JsonObject(const Json& v) : v_(&v) {}

  [[nodiscard]] JsonMemberIterator begin() const;
  [[nodiscard]] JsonMemberIterator end() const;
  [[nodiscard]] JsonMemberIterator find(const std::string& name) const;
  [[nodiscard]] std::size_t size() const { return v_->size(); }

 private:
  const Json* v_;
};

// A copy of a schema value (enum and const members) that outlives the
// schema document. The checks read the copy back through value().
class JsonFrozenValue final : public valijson::adapters::FrozenValue {
 public:
  explicit JsonFrozenValue(Json v) : v_(std::move(v)) {}
  [[nodiscard]] FrozenValue* clone() const override { return new JsonFrozenValue(v_); }
  bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override;
  [[nodiscard]] const Json& value() const { return v_; }

 private:
  Json v_;
};

// What valijson's BasicAdapter needs from a value: type tests and typed reads.
class JsonValue {
 public:
  JsonValue() : v_(&empty_json_object()) {}
  explicit JsonValue(const Json& v) : v_(&v) {}

  [[nodiscard]] valijson::adapters::FrozenValue* freeze() const { return new JsonFrozenValue(*v_); }

  [[nodiscard]] opt::optional<JsonArray> getArrayOptional() const {
    if (v_->is_array()) return opt::make_optional(JsonArray(*v_));
    return {};
  }
  [[nodiscard]] opt::optional<JsonObject> getObjectOptional() const {
    if (v_->is_object()) return opt::make_optional(JsonObject(*v_));
    return {};
  }
  bool getArraySize(std::size_t& out) const {
    if (!v_->is_array()) return false;
    out = v_->size();
    return true;
  }
  bool getObjectSize(std::size_t& out) const {
    if (!v_->is_object()) return false;
    out = v_->size();
    return true;
  }
  bool getBool(bool& out) const {
    if (!v_->is_boolean()) return false;
    out = v_->get<bool>();
    return true;
  }
  bool getDouble(double& out) const {
    if (!isDouble()) return false;
    out = v_->get<double>();
    return true;
  }
  bool getInteger(std::int64_t& out) const {
    if (!isInteger()) return false;
    out = v_->is_number_unsigned() ? static_cast<std::int64_t>(v_->get<std::uint64_t>())
                                   : v_->get<std::int64_t>();
    return true;
  }
  bool getString(std::string& out) const {
    if (!v_->is_string()) return false;
    out = v_->get_ref<const std::string&>();
    return true;
  }

  static bool hasStrictTypes() { return true; }

  [[nodiscard]] bool isArray() const { return v_->is_array(); }
  [[nodiscard]] bool isBool() const { return v_->is_boolean(); }
  [[nodiscard]] bool isInteger() const {
    if (v_->is_number_unsigned()) {
      return v_->get<std::uint64_t>() <=
             static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    }
    return v_->is_number_integer();
  }
  [[nodiscard]] bool isDouble() const { return v_->is_number() && !isInteger(); }
  [[nodiscard]] bool isNull() const { return v_->is_null(); }
  [[nodiscard]] bool isNumber() const { return v_->is_number(); }
  [[nodiscard]] bool isObject() const { return v_->is_object(); }
  [[nodiscard]] bool isString() const { return v_->is_string(); }

 private:
  const Json* v_;
};

class JsonAdapter : public valijson::adapters::BasicAdapter<JsonAdapter, JsonArray, JsonMember,
                                                            JsonObject, JsonValue> {
 public:
  JsonAdapter() = default;
  explicit JsonAdapter(const Json& v) : BasicAdapter(JsonValue(v)), json_(&v) {}

  // The wrapped value, for checks that read the JSON directly.
  [[nodiscard]] const Json& json() const { return *json_; }

 private:
  const Json* json_ = &empty_json_object();
};

class JsonArrayIterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = JsonAdapter;
  using difference_type = std::ptrdiff_t;
  using pointer = JsonAdapter*;
  using reference = JsonAdapter&;

  explicit JsonArrayIterator(Json::const_iterator it) : it_(it) {}

  JsonAdapter operator*() const { return JsonAdapter(*it_); }
  valijson::adapters::DerefProxy<JsonAdapter> operator->() const {
    return valijson::adapters::DerefProxy<JsonAdapter>(**this);
  }
  bool operator==(const JsonArrayIterator& o) const { return it_ == o.it_; }
  bool operator!=(const JsonArrayIterator& o) const { return it_ != o.it_; }
  const JsonArrayIterator& operator++() {
    ++it_;
    return *this;
  }
  JsonArrayIterator operator++(int) {
    JsonArrayIterator before = *this;
    ++it_;
    return before;
  }
  const JsonArrayIterator& operator--() {
    --it_;
    return *this;
  }
  void advance(std::ptrdiff_t n) { it_ += n; }

 private:
  Json::const_iterator it_;
};

class JsonMemberIterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = JsonMember;
  using difference_type = std::ptrdiff_t;
  using pointer = JsonMember*;
  using reference = JsonMember&;

  explicit JsonMemberIterator(Json::const_iterator it) : it_(it) {}

  JsonMember operator*() const { return JsonMember(it_.key(), JsonAdapter(it_.value())); }
  valijson::adapters::DerefProxy<JsonMember> operator->() const {
    return valijson::adapters::DerefProxy<JsonMember>(**this);
  }
  bool operator==(const JsonMemberIterator& o) const { return it_ == o.it_; }
  bool operator!=(const JsonMemberIterator& o) const { return it_ != o.it_; }
  const JsonMemberIterator& operator++() {
    ++it_;
    return *this;
  }
  JsonMemberIterator operator++(int) {
    JsonMemberIterator before = *this;
    ++it_;
    return before;
  }
  const JsonMemberIterator& operator--() {
    --it_;
    return *this;
  }

 private:
  Json::const_iterator it_;
};

inline JsonArrayIterator JsonArray::begin() const { return JsonArrayIterator(v_->cbegin()); }
inline JsonArrayIterator JsonArray::end() const { return JsonArrayIterator(v_->cend()); }
inline JsonMemberIterator JsonObject::begin() const { return JsonMemberIterator(v_->cbegin()); }
inline JsonMemberIterator JsonObject::end() const { return JsonMemberIterator(v_->cend()); }
inline JsonMemberIterator JsonObject::find(const std::string& name) const {
  return JsonMemberIterator(v_->find(name));
}

inline bool JsonFrozenValue::equalTo(const valijson::adapters::Adapter& other, bool strict) const {
  return JsonAdapter(v_).equalTo(other, strict);
}

}  // namespace relctl::schema::detail

template <>
struct valijson::adapters::AdapterTraits<relctl::schema::detail::JsonAdapter> {
  using DocumentType = relctl::Json;
  static std::string adapterName() { return "relctl::schema::detail::JsonAdapter"; }
};
