// Which URLs an organization may register as webhook endpoints.
//
// Deliveries carry no secret, but they say what happens to an organization's keys, so they go over
// TLS: https:// only, except plain http:// to this machine's loopback (127.0.0.0/8, ::1,
// "localhost"), for receivers on the same host and for tests. A URL carrying a user name or
// password is refused (it would be stored and shown in clear), and so is a fragment.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/error.h"

namespace keyward {

inline constexpr std::size_t kMaxWebhookUrlLength = 2048;

// kInvalidArgument with a sentence a person can act on.
Status check_webhook_url(std::string_view url);

// Whether `host` (as a URL has it, IPv6 in brackets) names the loopback interface.
bool is_loopback_host(std::string_view host);

}  // namespace keyward
