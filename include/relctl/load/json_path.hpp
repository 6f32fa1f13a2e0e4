#pragma once
// A location inside a JSON document: the sequence of object keys and array
// indices from the root. Rendered the way the reference reports locations
// (`lanes[3].evidence[0]`), which is also the leading token of every
// diagnostic message.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace relctl {

class JsonPath {
 public:
  using Segment = std::variant<std::string, std::size_t>;

  JsonPath() = default;
  JsonPath(std::initializer_list<Segment> segments) : segments_(segments) {}

  [[nodiscard]] JsonPath key(std::string_view k) const {
    JsonPath p = *this;
    p.segments_.emplace_back(std::string(k));
    return p;
  }
  [[nodiscard]] JsonPath index(std::size_t i) const {
    JsonPath p = *this;
    p.segments_.emplace_back(i);
    return p;
  }
  void push_key(std::string_view k) { segments_.emplace_back(std::string(k)); }
  void push_index(std::size_t i) { segments_.emplace_back(i); }
  void pop() { segments_.pop_back(); }

  [[nodiscard]] const std::vector<Segment>& segments() const { return segments_; }
  [[nodiscard]] bool empty() const { return segments_.empty(); }
  [[nodiscard]] std::size_t size() const { return segments_.size(); }
  [[nodiscard]] bool starts_with(const JsonPath& prefix) const;

  // `lanes[3].evidence[0]`; keys that are not plain identifiers are quoted
  // (`scope["a b"]`); the root renders as `$`.
  [[nodiscard]] std::string str() const;
  // RFC 6901 JSON Pointer (`/lanes/3/evidence/0`), for machine consumers.
  [[nodiscard]] std::string pointer() const;

  friend bool operator==(const JsonPath&, const JsonPath&) = default;

 private:
  std::vector<Segment> segments_;
};

}  // namespace relctl
