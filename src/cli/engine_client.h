// A small HTTPS client for the Engine API, as an agent uses it: agent credentials in
// Authorization, the organization's API key in API-Key, JSON both ways. Used by `agent-demo`.
#pragma once

#include <string>

#include <boost/json/value.hpp>

#include "core/error.h"

namespace keyward::cli {

struct EngineClientOptions {
  std::string url;  // "https://127.0.0.1:8443"
  std::string api_key;
  std::string agent_username;
  std::string agent_service_key;
  std::string ca_file;    // trust this certificate (e.g. the data directory's); empty: the system's
  bool insecure = false;  // accept any certificate (a self-signed one you have not copied)
};

struct EngineResponse {
  long status = 0;
  boost::json::value body;  // null when the response had none
};

class EngineClient {
 public:
  explicit EngineClient(EngineClientOptions options) : options_(std::move(options)) {}

  // POSTs `body` as JSON to `path`. kUnavailable when the server cannot be reached; any HTTP
  // status is a successful exchange, for the caller to judge.
  Result<EngineResponse> post(const std::string& path, const boost::json::value& body) const;

 private:
  EngineClientOptions options_;
};

}  // namespace keyward::cli
