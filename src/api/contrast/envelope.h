// Contrast's success envelope: every body carries "success": true and "messages": [] first.
#pragma once

#include <boost/json.hpp>

#include "api/route.h"

namespace keyward::api::contrast {

inline Reply ok(boost::json::object fields) {
  boost::json::object body{{"success", true}, {"messages", boost::json::array{}}};
  for (auto& member : fields) body[member.key()] = std::move(member.value());
  return document(std::move(body), "response");
}

}  // namespace keyward::api::contrast
