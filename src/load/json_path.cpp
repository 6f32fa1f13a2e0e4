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

JsonPath::~JsonPath() {
  // Unlink a long chain one node at a time instead of recursively.
  while (node_ != nullptr && node_.use_count() == 1) {
    std::shared_ptr<const Node> parent = node_->parent;
    node_ = std::move(parent);
  }
}

std::vector<JsonPath::Segment> JsonPath::segments() const {
  std::vector<Segment> out(size());
  std::size_t i = out.size();
  for (const Node* n = node_.get(); n != nullptr; n = n->parent.get()) out[--i] = n->segment;
  return out;
}

namespace {

// Both chains, from nodes of equal depth up to the root, hold equal segments.
template <class Node>
bool same_chain(const Node* a, const Node* b) {
  for (; a != b; a = a->parent.get(), b = b->parent.get()) {
    if (a->segment != b->segment) return false;
  }
  return true;
}

}  // namespace

bool operator==(const JsonPath& a, const JsonPath& b) {
  return a.size() == b.size() && same_chain(a.node_.get(), b.node_.get());
}

bool JsonPath::starts_with(const JsonPath& prefix) const {
  if (prefix.size() > size()) return false;
  const Node* n = node_.get();
  for (std::size_t k = size(); k > prefix.size(); --k) n = n->parent.get();
  return same_chain(n, prefix.node_.get());
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
