// Session-ticket keys that rotate. OpenSSL, left alone, seals every session ticket with one key
// made when the context is created and kept for the life of the process: whoever reads that key
// from memory can decrypt every resumed session since. Here tickets are sealed with the current
// key, tickets sealed with the previous key are still accepted (and replaced with fresh ones),
// and older tickets are not, so a key is useful for two rotation periods at most.
//
// Threading: OpenSSL calls the ticket callback on the I/O threads during handshakes; rotation
// happens on another thread. A mutex guards the keys (taken once per resumed handshake).
#pragma once

#include <boost/asio/ssl/context.hpp>

namespace keyward::http {

// Installs rotating ticket keys on a server context (with a fresh current key).
void install_ticket_keys(boost::asio::ssl::context& ctx);

// Makes a fresh current key; the current one becomes the previous. No-op on a context without
// installed keys.
void rotate_ticket_keys(boost::asio::ssl::context& ctx);

}  // namespace keyward::http
