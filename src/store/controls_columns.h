// How a key's controls sit in a SQL row: their configuration as text (core/key_controls.h's
// encode_controls), and the credit count with when it was set in columns of their own, because
// the count changes with every flush of spent credits, without a new version of the key.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/key_controls.h"
#include "core/time.h"

namespace keyward::store {

// The controls a row holds; unreadable text (written by no Keyward) yields none rather than a key
// that cannot be loaded, since a key without controls is what it was before they were added.
KeyControls controls_of_row(std::string_view text, std::optional<std::int64_t> credits_remaining,
                            std::optional<Timestamp> credits_set_at);

// A put writes the credit count only when it sets it afresh (credits_set_at newer than the
// row's), so a put for another reason never undoes spending flushed since it was read. The
// SQL is the same on both stores, with ?/$ placeholders for the count and its time.
#define KEYWARD_CREDITS_UPDATE(REMAINING, SET_AT)                                              \
  "credits_remaining = CASE WHEN " REMAINING                                                   \
  " IS NULL THEN NULL WHEN credits_set_at IS NULL "                                            \
  "OR " SET_AT " > credits_set_at THEN " REMAINING                                             \
  " ELSE credits_remaining END, "                                                              \
  "credits_set_at = CASE WHEN " REMAINING                                                      \
  " IS NULL THEN NULL WHEN credits_set_at IS NULL OR " SET_AT " > credits_set_at THEN " SET_AT \
  " ELSE credits_set_at END"

}  // namespace keyward::store
