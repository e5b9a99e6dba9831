#include "store/controls_columns.h"

namespace keyward::store {

KeyControls controls_of_row(std::string_view text, std::optional<std::int64_t> credits_remaining,
                            std::optional<Timestamp> credits_set_at) {
  if (text.empty()) return {};
  auto controls = decode_controls(text);
  if (!controls) return {};
  if (controls->credits) {
    controls->credits->remaining = credits_remaining.value_or(0);
    controls->credits->set_at = credits_set_at.value_or(Timestamp{});
  }
  return *controls;
}

}  // namespace keyward::store
