// Maps (method, path) to a route. Patterns are literal segments and {name} parameters, written as
// in OpenAPI: "/api/v1/orgs/{orgId}/keys/{keyId}". One trailing slash on a request path is ignored.
//
// Threading: build the router completely before serving; match() is then const and thread-safe.
// Matching allocates nothing: parameters are views into the request path.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace keyward::http {

inline constexpr size_t kMaxPathParams = 4;

class PathParams {
 public:
  // The value of {name}; empty when the pattern has no such parameter.
  std::string_view get(std::string_view name) const {
    for (size_t i = 0; i < size_; ++i) {
      if (items_[i].first == name) return items_[i].second;
    }
    return {};
  }
  bool add(std::string_view name, std::string_view value) {
    if (size_ == kMaxPathParams) return false;
    items_[size_++] = {name, value};
    return true;
  }
  void clear() { size_ = 0; }

 private:
  std::array<std::pair<std::string_view, std::string_view>, kMaxPathParams> items_{};
  size_t size_ = 0;
};

class PathPattern {
 public:
  explicit PathPattern(std::string_view pattern);
  // True when `path` has this shape; fills `params` with views into `path`.
  bool match(std::string_view path, PathParams& params) const;
  const std::string& text() const { return text_; }

 private:
  struct Segment {
    std::string text;  // the literal, or the parameter name
    bool is_param = false;
  };
  std::string text_;
  std::vector<Segment> segments_;
};

template <class Payload>
class Router {
 public:
  struct Entry {
    Method method;
    PathPattern pattern;
    Payload payload;
  };

  struct Match {
    const Entry* entry = nullptr;  // null: no route for this method (see path_known)
    PathParams params;
    bool path_known = false;  // the path matched some route, under another method (405)
    std::string allow;        // those methods, for the Allow header of a 405
  };

  void add(Method method, std::string_view pattern, Payload payload) {
    entries_.push_back(Entry{method, PathPattern(pattern), std::move(payload)});
  }

  Match match(Method method, std::string_view path) const {
    if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    Match m;
    for (const auto& e : entries_) {
      PathParams params;
      if (!e.pattern.match(path, params)) continue;
      if (e.method == method) {
        m.entry = &e;
        m.params = params;
        return m;
      }
      m.path_known = true;
      const auto name = beast_http::to_string(e.method);
      bool listed = false;
      for (std::string_view rest = m.allow; !rest.empty() && !listed;) {
        const size_t comma = rest.find(", ");
        listed = rest.substr(0, comma) == std::string_view(name.data(), name.size());
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
      }
      if (!listed) {
        if (!m.allow.empty()) m.allow += ", ";
        m.allow.append(name.data(), name.size());
      }
    }
    return m;
  }

  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

}  // namespace keyward::http
