#include "core/application.h"

namespace keyward {

std::string_view importance_description(int importance) {
  switch (importance) {
    case 0:
      return "UNIMPORTANT";
    case 1:
      return "LOW";
    case 3:
      return "HIGH";
    case 4:
      return "CRITICAL";
    default:
      return "MEDIUM";
  }
}

}  // namespace keyward
