// Counters exported at GET /metrics in the Prometheus text format.
//
// Threading: every counter is a relaxed atomic; increments never block.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "http/server.h"

namespace keyward::api {

class Metrics {
 public:
  void count_response(unsigned status);
  void count_verification(bool valid) { (valid ? verify_valid_ : verify_invalid_)++; }
  void count_authentication_failure() { auth_failures_++; }

  // The exposition text; the arguments are gauges read at scrape time.
  std::string render(std::size_t indexed_keys, const http::ConnectionStats& connections,
                     bool index_fresh) const;

 private:
  std::array<std::atomic<std::uint64_t>, 6> responses_by_class_{};  // index = status / 100
  std::atomic<std::uint64_t> verify_valid_{0};
  std::atomic<std::uint64_t> verify_invalid_{0};
  std::atomic<std::uint64_t> auth_failures_{0};
};

}  // namespace keyward::api
