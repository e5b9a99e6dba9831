// TLS for the server: the context it serves with, and the self-signed certificate it makes for
// itself on first start when the operator configured none.
#pragma once

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

// A server context with TLS 1.2 as the floor, renegotiation off and the server's cipher order.
Result<std::shared_ptr<boost::asio::ssl::context>> make_server_tls_context(
    const std::filesystem::path& certificate_chain, const std::filesystem::path& private_key);

// "SHA256 Fingerprint=AB:CD:..." of the first certificate in a PEM file, for people to compare.
Result<std::string> certificate_fingerprint(const std::filesystem::path& certificate);

}  // namespace keyward::http
