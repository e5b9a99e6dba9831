// Every bound the server enforces, each with the reason for its default. Body limits are per
// route and come from the RequestHandler (see server.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace keyward::http {

struct Limits {
  // Request line plus headers. Real clients send under 2 KiB; more is abuse or a bug (431).
  std::uint32_t header_bytes = 8 * 1024;
  // A TLS handshake that has not finished by then is a stalled or hostile client.
  std::chrono::seconds handshake_timeout{10};
  // How long a keep-alive connection may wait for its next request.
  std::chrono::seconds idle_timeout{60};
  // How long reading one request (its header and body) may take once it has begun.
  std::chrono::seconds read_timeout{30};
  // How long writing one response may take.
  std::chrono::seconds write_timeout{30};
  // Connections beyond this are closed as soon as they are accepted, which protects memory and
  // file descriptors from a flood.
  std::size_t max_connections = 4096;
  // Connections from one client (one IPv4 address, or one IPv6 /64) beyond this are closed as
  // soon as they are accepted: one client holding thousands of idle connections must not take
  // the server's capacity from everyone else. Generous for a proxy in front of Keyward.
  std::size_t max_connections_per_client = 512;
  // On SIGINT/SIGTERM, requests in progress get this long to finish before the server stops.
  std::chrono::seconds shutdown_grace{10};
};

}  // namespace keyward::http
