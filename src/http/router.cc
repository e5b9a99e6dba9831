#include "http/router.h"

namespace keyward::http {

PathPattern::PathPattern(std::string_view pattern) : text_(pattern) {
  while (!pattern.empty()) {
    if (pattern.front() == '/') pattern.remove_prefix(1);
    const size_t slash = pattern.find('/');
    const std::string_view segment = pattern.substr(0, slash);
    pattern = slash == std::string_view::npos ? std::string_view() : pattern.substr(slash);
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      segments_.push_back({std::string(segment.substr(1, segment.size() - 2)), true});
    } else if (!segment.empty()) {
      segments_.push_back({std::string(segment), false});
    }
  }
}

bool PathPattern::match(std::string_view path, PathParams& params) const {
  params.clear();
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  bool slash_left = false;  // a '/' after the last segment consumed ("/a/b/" against "/a/b")
  for (const auto& segment : segments_) {
    if (path.empty()) return false;  // the pattern is longer than the path
    const size_t slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    slash_left = slash != std::string_view::npos;
    path = slash_left ? path.substr(slash + 1) : std::string_view();
    if (segment.is_param) {
      if (part.empty() || !params.add(segment.text, part)) return false;
    } else if (part != segment.text) {
      return false;
    }
  }
  return path.empty() && !slash_left;
}

}  // namespace keyward::http
