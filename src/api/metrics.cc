#include "api/metrics.h"

namespace keyward::api {

void Metrics::count_response(unsigned status) {
  const unsigned cls = status / 100;
  if (cls < responses_by_class_.size()) {
    responses_by_class_[cls].fetch_add(1, std::memory_order_relaxed);
  }
}

std::string Metrics::render(std::size_t indexed_keys, const http::ConnectionStats& connections,
                            bool index_fresh) const {
  std::string out;
  out += "# HELP keyward_http_responses_total HTTP responses sent, by status class.\n";
  out += "# TYPE keyward_http_responses_total counter\n";
  for (unsigned cls = 1; cls < responses_by_class_.size(); ++cls) {
    out += "keyward_http_responses_total{class=\"" + std::to_string(cls) + "xx\"} " +
           std::to_string(responses_by_class_[cls].load(std::memory_order_relaxed)) + "\n";
  }
  out += "# HELP keyward_key_verifications_total Named keys checked at /api/v1/keys/verify.\n";
  out += "# TYPE keyward_key_verifications_total counter\n";
  out += "keyward_key_verifications_total{result=\"valid\"} " +
         std::to_string(verify_valid_.load(std::memory_order_relaxed)) + "\n";
  out += "keyward_key_verifications_total{result=\"invalid\"} " +
         std::to_string(verify_invalid_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP keyward_authentication_failures_total Requests refused with 401.\n";
  out += "# TYPE keyward_authentication_failures_total counter\n";
  out += "keyward_authentication_failures_total " +
         std::to_string(auth_failures_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP keyward_indexed_keys Named keys in this node's verify index.\n";
  out += "# TYPE keyward_indexed_keys gauge\n";
  out += "keyward_indexed_keys " + std::to_string(indexed_keys) + "\n";
  out += "# HELP keyward_open_connections Client connections open now.\n";
  out += "# TYPE keyward_open_connections gauge\n";
  out += "keyward_open_connections " + std::to_string(connections.open) + "\n";
  out +=
      "# HELP keyward_connections_refused_total Connections closed on accept: the server, or "
      "their client, at its connection limit.\n";
  out += "# TYPE keyward_connections_refused_total counter\n";
  out += "keyward_connections_refused_total " + std::to_string(connections.refused) + "\n";
  out +=
      "# HELP keyward_accept_pauses_total Times accepting paused for lack of file descriptors.\n";
  out += "# TYPE keyward_accept_pauses_total counter\n";
  out += "keyward_accept_pauses_total " + std::to_string(connections.accept_pauses) + "\n";
  out +=
      "# HELP keyward_index_fresh 1 while the verify index is current enough to answer for "
      "credentials, 0 once it may be stale.\n";
  out += "# TYPE keyward_index_fresh gauge\n";
  out += std::string("keyward_index_fresh ") + (index_fresh ? "1" : "0") + "\n";
  return out;
}

}  // namespace keyward::api
