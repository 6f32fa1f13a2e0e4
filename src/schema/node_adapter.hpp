#pragma once
// relctl's valijson adapter, for relctl::JsonNode: valijson reads the
// translated schema (copied into a document, JsonDocument::from_json) and
// validates the instance's parsed nodes where they are, through it. It
// follows valijson's own adapter recipe: a light value wrapper (NodeValue)
// handed to valijson's BasicAdapter, which supplies the type-casting rules
// every adapter shares.
//
// Numbers: an integer the parser stored as int64 (or as uint64 that fits) is
// an integer; everything else is a double. Whether 1.0 counts as an integer
// (it does in 2020-12) is decided by the type check, not here.
//
// Where a value sits travels with its adapter, as a chain of Where links
// up to the root, instead of in valijson's context (a vector of strings
// that every visitor copies): the location is spelled out only for a
// failure (validate.cpp).
#include <cstdint>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>

#include "relctl/load/json_document.hpp"

namespace relctl::schema::detail {

class NodeAdapter;
class NodeArrayIterator;
class NodeMemberIterator;

using NodeMember = std::pair<std::string, NodeAdapter>;

// One step from a value up to its container: the member name or the index
// of the value there. A link lives on the stack of the check that
// validates its value, so it outlives every visit below it. The root has
// none (nullptr).
struct Where {
  const Where* parent = nullptr;
  std::string_view key;   // a member's name
  std::size_t index = 0;  // an element's index, when is_index
  bool is_index = false;
};

class NodeArray {
 public:
  using const_iterator = NodeArrayIterator;
  using iterator = NodeArrayIterator;

  NodeArray() : v_(&JsonNode::empty_object()) {}
  explicit NodeArray(const JsonNode& v) : v_(&v) {}

  [[nodiscard]] NodeArrayIterator begin() const;
  [[nodiscard]] NodeArrayIterator end() const;
  [[nodiscard]] std::size_t size() const { return v_->size(); }

 private:
  const JsonNode* v_;
};

class NodeObject {
 public:
  using const_iterator = NodeMemberIterator;
  using iterator = NodeMemberIterator;

  NodeObject() : v_(&JsonNode::empty_object()) {}
  explicit NodeObject(const JsonNode& v) : v_(&v) {}

  [[nodiscard]] NodeMemberIterator begin() const;
  [[nodiscard]] NodeMemberIterator end() const;
  [[nodiscard]] NodeMemberIterator find(const std::string& name) const;
  [[nodiscard]] std::size_t size() const { return v_->size(); }

 private:
  const JsonNode* v_;
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
class NodeValue {
 public:
  NodeValue() : v_(&JsonNode::empty_object()) {}
  explicit NodeValue(const JsonNode& v) : v_(&v) {}

  // A frozen value outlives the document: it holds an nlohmann copy.
  [[nodiscard]] valijson::adapters::FrozenValue* freeze() const {
    return new JsonFrozenValue(v_->to_json());
  }

  [[nodiscard]] opt::optional<NodeArray> getArrayOptional() const {
    if (v_->is_array()) return opt::make_optional(NodeArray(*v_));
    return {};
  }
  [[nodiscard]] opt::optional<NodeObject> getObjectOptional() const {
    if (v_->is_object()) return opt::make_optional(NodeObject(*v_));
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
    out = v_->boolean();
    return true;
  }
  bool getDouble(double& out) const {
    if (!isDouble()) return false;
    out = v_->number();
    return true;
  }
  bool getInteger(std::int64_t& out) const {
    if (!isInteger()) return false;
    out = v_->is_number_unsigned() ? static_cast<std::int64_t>(v_->uint64()) : v_->int64();
    return true;
  }
  bool getString(std::string& out) const {
    if (!v_->is_string()) return false;
    out = v_->str();
    return true;
  }

  static bool hasStrictTypes() { return true; }

  [[nodiscard]] bool isArray() const { return v_->is_array(); }
  [[nodiscard]] bool isBool() const { return v_->is_boolean(); }
  [[nodiscard]] bool isInteger() const {
    if (v_->is_number_unsigned()) {
      return v_->uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    }
    return v_->is_number_integer();
  }
  [[nodiscard]] bool isDouble() const { return v_->is_number() && !isInteger(); }
  [[nodiscard]] bool isNull() const { return v_->is_null(); }
  [[nodiscard]] bool isNumber() const { return v_->is_number(); }
  [[nodiscard]] bool isObject() const { return v_->is_object(); }
  [[nodiscard]] bool isString() const { return v_->is_string(); }

 private:
  const JsonNode* v_;
};

class NodeAdapter : public valijson::adapters::BasicAdapter<NodeAdapter, NodeArray, NodeMember,
                                                            NodeObject, NodeValue> {
 public:
  NodeAdapter() = default;
  explicit NodeAdapter(const JsonNode& v, const Where* where = nullptr)
      : BasicAdapter(NodeValue(v)), node_(&v), where_(where) {}

  // The wrapped value, for checks that read the node directly.
  [[nodiscard]] const JsonNode& node() const { return *node_; }
  // Where it sits (nullptr: the root).
  [[nodiscard]] const Where* where() const { return where_; }

 private:
  const JsonNode* node_ = &JsonNode::empty_object();
  const Where* where_ = nullptr;
};

// Walks the children of a container: the elements of an array, or the
// members of an object (with their names).
class NodeArrayIterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = NodeAdapter;
  using difference_type = std::ptrdiff_t;
  using pointer = NodeAdapter*;
  using reference = NodeAdapter&;

  explicit NodeArrayIterator(const relctl::JsonMember* m) : m_(m) {}

  NodeAdapter operator*() const { return NodeAdapter(*m_->value); }
  valijson::adapters::DerefProxy<NodeAdapter> operator->() const {
    return valijson::adapters::DerefProxy<NodeAdapter>(**this);
  }
  bool operator==(const NodeArrayIterator& o) const { return m_ == o.m_; }
  bool operator!=(const NodeArrayIterator& o) const { return m_ != o.m_; }
  const NodeArrayIterator& operator++() {
    ++m_;
    return *this;
  }
  NodeArrayIterator operator++(int) {
    NodeArrayIterator before = *this;
    ++m_;
    return before;
  }
  const NodeArrayIterator& operator--() {
    --m_;
    return *this;
  }
  void advance(std::ptrdiff_t n) { m_ += n; }

 private:
  const relctl::JsonMember* m_;
};

class NodeMemberIterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = NodeMember;
  using difference_type = std::ptrdiff_t;
  using pointer = NodeMember*;
  using reference = NodeMember&;

  explicit NodeMemberIterator(const relctl::JsonMember* m) : m_(m) {}

  NodeMember operator*() const { return NodeMember(std::string(m_->key), NodeAdapter(*m_->value)); }
  valijson::adapters::DerefProxy<NodeMember> operator->() const {
    return valijson::adapters::DerefProxy<NodeMember>(**this);
  }
  bool operator==(const NodeMemberIterator& o) const { return m_ == o.m_; }
  bool operator!=(const NodeMemberIterator& o) const { return m_ != o.m_; }
  const NodeMemberIterator& operator++() {
    ++m_;
    return *this;
  }
  NodeMemberIterator operator++(int) {
    NodeMemberIterator before = *this;
    ++m_;
    return before;
  }
  const NodeMemberIterator& operator--() {
    --m_;
    return *this;
  }

 private:
  const relctl::JsonMember* m_;
};

inline NodeArrayIterator NodeArray::begin() const {
  return NodeArrayIterator(v_->members().data());
}
inline NodeArrayIterator NodeArray::end() const {
  return NodeArrayIterator(v_->members().data() + v_->members().size());
}
inline NodeMemberIterator NodeObject::begin() const {
  return NodeMemberIterator(v_->members().data());
}
inline NodeMemberIterator NodeObject::end() const {
  return NodeMemberIterator(v_->members().data() + v_->members().size());
}
inline NodeMemberIterator NodeObject::find(const std::string& name) const {
  const auto members = v_->members();
  for (const auto& m : members) {
    if (m.key == name) return NodeMemberIterator(&m);
  }
  return end();
}

// valijson's own const, enum and uniqueItems checks ask this; relctl's
// replace them (validate.cpp), so it is here for the interface's sake.
inline bool JsonFrozenValue::equalTo(const valijson::adapters::Adapter& other, bool strict) const {
  const JsonDocument doc = JsonDocument::from_json(v_, "frozen value");
  return NodeAdapter(doc.root()).equalTo(other, strict);
}

}  // namespace relctl::schema::detail

template <>
struct valijson::adapters::AdapterTraits<relctl::schema::detail::NodeAdapter> {
  using DocumentType = relctl::JsonNode;
  static std::string adapterName() { return "relctl::schema::detail::NodeAdapter"; }
};
