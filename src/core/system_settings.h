// What a system administrator sets for the whole installation (System Settings -> Security ->
// Key Management), and how email delivers keys.
#pragma once

#include <cstdint>

#include "core/key_policy.h"

namespace keyward {

struct SystemSettings {
  KeyPolicy org_api_key = kDefaultKeyPolicy;      // organization API keys
  KeyPolicy application_key = kDefaultKeyPolicy;  // application keys
  // Store and show the client address of failed sign-ins and authentications masked to its
  // network (core/ip_mask.h).
  bool mask_invalid_ips = false;
  // Put the key itself in "email me the key" messages, as the Contrast seeds describe, instead of
  // a one-time link that reveals it after sign-in (the default: a mailbox is not a vault).
  bool email_key_in_message = false;
  std::int64_t version = 0;  // 0: never written; the defaults above apply
};

}  // namespace keyward
