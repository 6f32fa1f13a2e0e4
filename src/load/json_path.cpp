#include "relctl/load/json_path.hpp"

#include <string>

namespace relctl {
namespace {

bool is_identifier(const std::string& k) {
  if (k.empty()) return false;
  for (char c : k) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '$';
    if (!ok) return false;
  }
  return true;
}

void append_quoted(std::string& out, const std::string& k) {
  out += "[\"";
  for (char c : k) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += "\"]";
}

}  // namespace

void JsonPath::release(Node* n) noexcept {
  while (n != nullptr && --n->refs == 0) {
    Node* parent = n->parent;
    delete n;
    n = parent;
  }
}

std::vector<JsonPath::Segment> JsonPath::segments() const {
  std::vector<Segment> out(size());
  std::size_t i = out.size();
  for (const Node* n = node_; n != nullptr; n = n->parent) out[--i] = n->segment;
  return out;
}

namespace {

// Both chains, from nodes of equal depth up to the root, hold equal segments.
template <class Node>
bool same_chain(const Node* a, const Node* b) {
  for (; a != b; a = a->parent, b = b->parent) {
    if (a->segment != b->segment) return false;
  }
  return true;
}

}  // namespace

bool operator==(const JsonPath& a, const JsonPath& b) {
  return a.size() == b.size() && same_chain(a.node_, b.node_);
}

bool JsonPath::starts_with(const JsonPath& prefix) const {
  if (prefix.size() > size()) return false;
  const Node* n = node_;
  for (std::size_t k = size(); k > prefix.size(); --k) n = n->parent;
  return same_chain(n, prefix.node_);
}

std::string JsonPath::str() const {
  if (empty()) return "$";
  std::string out;
  bool first = true;
  for (const auto& seg : segments()) {
    if (const auto* k = std::get_if<std::string>(&seg)) {
      if (is_identifier(*k)) {
        if (!first) out += '.';
        out += *k;
      } else {
        append_quoted(out, *k);
      }
    } else {
      out += '[';
      out += std::to_string(std::get<std::size_t>(seg));
      out += ']';
    }
    first = false;
  }
  return out;
}

std::string JsonPath::pointer() const {
  std::string out;
  for (const auto& seg : segments()) {
    out += '/';
    if (const auto* k = std::get_if<std::string>(&seg)) {
      for (char c : *k) {
        if (c == '~') {
          out += "~0";
        } else if (c == '/') {
          out += "~1";
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

}  // namespace relctl
