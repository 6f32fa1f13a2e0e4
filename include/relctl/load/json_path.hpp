#pragma once
// A location inside a JSON document: the sequence of object keys and array
// indices from the root. Rendered the way the reference reports locations
// (`lanes[3].evidence[0]`), which is also the leading token of every
// diagnostic message.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace relctl {

class JsonPath {
 public:
  using Segment = std::variant<std::string, std::size_t>;

  JsonPath() = default;
  JsonPath(std::initializer_list<Segment> segments) {
    for (const auto& s : segments) push(s);
  }
  JsonPath(const JsonPath& o) noexcept : node_(o.node_) {
    if (node_ != nullptr) ++node_->refs;
  }
  JsonPath(JsonPath&& o) noexcept : node_(o.node_) { o.node_ = nullptr; }
  JsonPath& operator=(const JsonPath& o) noexcept {
    if (o.node_ != nullptr) ++o.node_->refs;
    release(node_);
    node_ = o.node_;
    return *this;
  }
  JsonPath& operator=(JsonPath&& o) noexcept {
    if (this != &o) {
      release(node_);
      node_ = o.node_;
      o.node_ = nullptr;
    }
    return *this;
  }
  ~JsonPath() { release(node_); }

  [[nodiscard]] JsonPath key(std::string_view k) const {
    JsonPath p = *this;
    p.emplace<0>(k);
    return p;
  }
  [[nodiscard]] JsonPath index(std::size_t i) const {
    JsonPath p = *this;
    p.emplace<1>(i);
    return p;
  }
  void push_key(std::string_view k) { emplace<0>(k); }
  void push_index(std::size_t i) { emplace<1>(i); }
  void pop() {
    Node* parent = node_->parent;
    if (parent != nullptr) ++parent->refs;
    release(node_);
    node_ = parent;
  }

  // The segments from the root (built on each call).
  [[nodiscard]] std::vector<Segment> segments() const;
  // The last segment; the path must not be empty.
  [[nodiscard]] const Segment& back() const { return node_->segment; }
  [[nodiscard]] bool empty() const { return node_ == nullptr; }
  [[nodiscard]] std::size_t size() const { return node_ == nullptr ? 0 : node_->size; }
  [[nodiscard]] bool starts_with(const JsonPath& prefix) const;

  // `lanes[3].evidence[0]`; keys that are not plain identifiers are quoted
  // (`scope["a b"]`); the root renders as `$`.
  [[nodiscard]] std::string str() const;
  // RFC 6901 JSON Pointer (`/lanes/3/evidence/0`), for machine consumers.
  [[nodiscard]] std::string pointer() const;

  friend bool operator==(const JsonPath& a, const JsonPath& b);

 private:
  // Paths share their prefixes: a path is its last segment and a link to
  // its parent, so copying one, or extending it by a key (which every model
  // field does), costs one small allocation instead of a copy of the list.
  // The count is a plain integer, not an atomic: a path never crosses to
  // another thread while the first one still uses it.
  struct Node {
    Node* parent;  // holds one reference
    Segment segment;
    std::size_t size;
    mutable std::size_t refs;
  };
  // The new node takes over our reference to the old one; the segment is
  // built in place.
  template <std::size_t I, class Arg>
  void emplace(Arg&& arg) {
    const std::size_t n = size() + 1;
    node_ = new Node{node_, Segment(std::in_place_index<I>, std::forward<Arg>(arg)), n, 1};
  }
  void push(const Segment& s) {
    const std::size_t n = size() + 1;
    node_ = new Node{node_, s, n, 1};
  }
  // Drops one reference; frees the chain iteratively (no deep recursion).
  static void release(Node* n) noexcept;
  Node* node_ = nullptr;
};

}  // namespace relctl
