#include "core/webhook_delivery.h"

namespace keyward {

std::string_view to_string(AttemptOutcome outcome) {
  switch (outcome) {
    case AttemptOutcome::kDelivered:
      return "delivered";
    case AttemptOutcome::kRetrying:
      return "retrying";
    case AttemptOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

std::optional<AttemptOutcome> parse_attempt_outcome(std::string_view text) {
  if (text == "delivered") return AttemptOutcome::kDelivered;
  if (text == "retrying") return AttemptOutcome::kRetrying;
  if (text == "failed") return AttemptOutcome::kFailed;
  return std::nullopt;
}

}  // namespace keyward
