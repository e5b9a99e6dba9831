// What the access log may show of a request, so the log is safe to read and to share.
#pragma once

#include <string>
#include <string_view>

namespace keyward::api {

// The request path as logged: every named-key token in it ("kw_sk_" or "kw_pk_" and the
// characters after it) reduced to its hint, "kw_sk_...x7Qa" (the last four characters belong to
// the checksum and reveal nothing), and every byte outside printable ASCII, and the backslash,
// written as \xHH, so a line is one line of plain text whatever a client sent.
std::string loggable_path(std::string_view path);

// The client address as logged: its network only (core/ip_mask.h) when `mask_failures` is set
// (the "Mask invalid IPs on login" policy) and the request failed.
std::string loggable_client(std::string_view address, unsigned status, bool mask_failures);

}  // namespace keyward::api
