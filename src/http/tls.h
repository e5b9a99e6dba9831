// TLS for the server: the context it serves with, and the self-signed certificate it makes for
// itself on first start when the operator configured none.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "core/error.h"

namespace keyward::http {

// Writes a new self-signed certificate (ECDSA P-256, valid 825 days, the limit browsers accept)
// for `hostnames` (DNS names or IP addresses, the first also the common name), and its private key
// with mode 0600. Refuses to overwrite either file.
Status generate_self_signed_certificate(const std::filesystem::path& certificate,
                                        const std::filesystem::path& private_key,
                                        const std::vector<std::string>& hostnames);

// How long a session ticket may resume a session: two rotations of the ticket keys
// (http/ticket_keys.h), which the serving node performs every hour.
inline constexpr std::chrono::seconds kTicketLifetime{2 * 60 * 60};

// A server context for TLS 1.3 and 1.2 only: in 1.2, ECDHE key exchange with AEAD ciphers only
// (GCM, ChaCha20-Poly1305), in the server's order; renegotiation and compression off; session
// resumption by tickets whose keys rotate (http/ticket_keys.h), no server-side session cache.
Result<std::shared_ptr<boost::asio::ssl::context>> make_server_tls_context(
    const std::filesystem::path& certificate_chain, const std::filesystem::path& private_key);

// "SHA256 Fingerprint=AB:CD:..." of the first certificate in a PEM file, for people to compare.
Result<std::string> certificate_fingerprint(const std::filesystem::path& certificate);

}  // namespace keyward::http
