// How a key's controls sit in a SQL store: their configuration as text in the key's row
// (core/key_controls.h's encode_controls), and the credit count with when it was set in a narrow
// table of its own, key_credits. The count changes with every flush of spent credits, without a
// new version of the key, so a flush rewrites a row of three columns, not the key's wide row
// (updating 20,000 keys' counts in SQLite took half the CPU that way, and far fewer pages).
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

// A put writes the credit count only when it sets it afresh (set_at newer than the stored one),
// so a put for another reason never undoes spending flushed since it was read. The same SQL on
// both stores, with ?/$ placeholders for the key, the count and its time.
#define KEYWARD_PUT_CREDITS(KEY, REMAINING, SET_AT)                                             \
  "INSERT INTO key_credits (key_id, remaining, set_at) VALUES (" KEY ", " REMAINING ", " SET_AT \
  ") ON CONFLICT (key_id) DO UPDATE SET remaining = excluded.remaining, "                       \
  "set_at = excluded.set_at WHERE excluded.set_at > key_credits.set_at"
// A put of a key without credits.
#define KEYWARD_DROP_CREDITS(KEY) "DELETE FROM key_credits WHERE key_id = " KEY

}  // namespace keyward::store
