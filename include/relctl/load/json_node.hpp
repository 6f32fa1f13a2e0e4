#pragma once
// One value of a parsed JSON document, as the parser left it.
//
// A JsonDocument keeps its values in one flat array of 16-byte nodes; a
// string is a view into the file's text (or, when it had escapes, into the
// document's store of decoded strings); a container points at its table of
// children. Nothing is copied, nothing is allocated per value, and a node
// lives exactly as long as its document. Rules and models read documents
// through this type; the few places that need a mutable tree (writing
// status.json back, the schema validator) ask the document for one
// (JsonDocument::json()).
//
// The interface follows nlohmann::json's names where they mean the same
// (is_string, size, type_name...), so reading code looks the same; strings
// are read as std::string_view (str()).
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace relctl {

using Json = nlohmann::ordered_json;

class JsonNode;

// A child of a container: the member name (empty for array elements) and
// the value.
struct JsonMember {
  std::string_view key;
  const JsonNode* value = nullptr;
};

class JsonNode {
 public:
  using value_t = Json::value_t;

  [[nodiscard]] value_t type() const { return type_; }
  [[nodiscard]] bool is_null() const { return type_ == value_t::null; }
  [[nodiscard]] bool is_boolean() const { return type_ == value_t::boolean; }
  [[nodiscard]] bool is_string() const { return type_ == value_t::string; }
  [[nodiscard]] bool is_array() const { return type_ == value_t::array; }
  [[nodiscard]] bool is_object() const { return type_ == value_t::object; }
  [[nodiscard]] bool is_structured() const { return is_array() || is_object(); }
  [[nodiscard]] bool is_number() const { return is_number_integer() || is_number_float(); }
  // Integers (signed or unsigned), as nlohmann counts them.
  [[nodiscard]] bool is_number_integer() const {
    return type_ == value_t::number_integer || type_ == value_t::number_unsigned;
  }
  [[nodiscard]] bool is_number_unsigned() const { return type_ == value_t::number_unsigned; }
  [[nodiscard]] bool is_number_float() const { return type_ == value_t::number_float; }
  // nlohmann's names: "null", "boolean", "number", "string", "array", "object".
  [[nodiscard]] const char* type_name() const;

  // The text of a string (empty for anything else).
  [[nodiscard]] std::string_view str() const {
    return is_string() ? std::string_view(u_.str, n_) : std::string_view();
  }
  [[nodiscard]] bool boolean() const { return is_boolean() && u_.b; }
  // Any number as a double (integers converted); 0 for anything else.
  [[nodiscard]] double number() const;
  [[nodiscard]] std::int64_t int64() const { return u_.i; }    // when number_integer
  [[nodiscard]] std::uint64_t uint64() const { return u_.u; }  // when number_unsigned
  // nlohmann's get<T>() for the types the code reads: bool, double, the
  // integers (a float truncated, as nlohmann does) and std::string (a
  // copy). The caller has checked the type.
  template <class T>
  [[nodiscard]] T get() const {
    if constexpr (std::is_same_v<T, bool>) {
      return u_.b;
    } else if constexpr (std::is_same_v<T, std::string>) {
      return std::string(str());
    } else if constexpr (std::is_floating_point_v<T>) {
      return static_cast<T>(number());
    } else {
      static_assert(std::is_integral_v<T>);
      switch (type_) {
        case value_t::number_integer:
          return static_cast<T>(u_.i);
        case value_t::number_unsigned:
          return static_cast<T>(u_.u);
        case value_t::number_float:
          return static_cast<T>(u_.d);
        case value_t::boolean:
          return static_cast<T>(u_.b);
        default:
          return T{};
      }
    }
  }

  // Elements of an array or members of an object; 0 for anything else.
  [[nodiscard]] std::size_t size() const { return is_structured() ? n_ : 0; }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] std::span<const JsonMember> members() const {
    return is_structured() ? std::span<const JsonMember>(u_.kids, n_)
                           : std::span<const JsonMember>();
  }
  // The value of member `key` (the first, duplicates having been merged by
  // the parser); nullptr when absent or when this is not an object.
  [[nodiscard]] const JsonNode* find(std::string_view key) const;
  [[nodiscard]] bool contains(std::string_view key) const { return find(key) != nullptr; }
  // Element (or member) i; i < size().
  [[nodiscard]] const JsonNode& operator[](std::size_t i) const { return *u_.kids[i].value; }

  // Iterates the values of an array's elements or an object's members.
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = JsonNode;
    using difference_type = std::ptrdiff_t;
    using pointer = const JsonNode*;
    using reference = const JsonNode&;
    const_iterator() = default;
    explicit const_iterator(const JsonMember* m) : m_(m) {}
    reference operator*() const { return *m_->value; }
    pointer operator->() const { return m_->value; }
    const_iterator& operator++() {
      ++m_;
      return *this;
    }
    const_iterator operator++(int) {
      auto t = *this;
      ++m_;
      return t;
    }
    [[nodiscard]] std::string_view key() const { return m_->key; }
    friend bool operator==(const_iterator a, const_iterator b) { return a.m_ == b.m_; }

   private:
    const JsonMember* m_ = nullptr;
  };
  [[nodiscard]] const_iterator begin() const { return const_iterator(members().data()); }
  [[nodiscard]] const_iterator end() const {
    return const_iterator(members().data() + members().size());
  }

  // A shared `{}`, for code that reads an absent object as an empty one.
  [[nodiscard]] static const JsonNode& empty_object();
  // A string value viewing `s`, which must outlive it (the validator checks
  // member names as values). Longer than 4 GiB is cut there.
  [[nodiscard]] static JsonNode string_view_of(std::string_view s);

  // The value as an nlohmann tree (a copy).
  [[nodiscard]] Json to_json() const;
  // The same value as the plain nlohmann::json, objects sorted by key (a
  // key given twice keeps its last value, as nlohmann's parser does): for
  // values relctl reads back from its own caches.
  [[nodiscard]] nlohmann::json to_plain_json() const;
  // Compact JSON text, as nlohmann's dump() writes it.
  [[nodiscard]] std::string dump() const { return to_json().dump(); }

 private:
  friend class JsonDocument;
  friend class JsonTapeBuilder;
  value_t type_ = value_t::null;
  std::uint32_t n_ = 0;  // string length, or number of children
  union U {
    bool b;
    std::int64_t i;
    std::uint64_t u;
    double d;
    const char* str;
    const JsonMember* kids;
    std::uint64_t index;  // while parsing: where the children or the decoded string start
  } u_{};
};
static_assert(sizeof(JsonNode) == 16);

}  // namespace relctl
