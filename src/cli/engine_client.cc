#include "cli/engine_client.h"

#include <memory>

#include <boost/json.hpp>
#include <curl/curl.h>

#include "crypto/base64.h"

namespace keyward::cli {
namespace {

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

Result<EngineResponse> EngineClient::post(const std::string& path,
                                          const boost::json::value& body) const {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return fail(Errc::kInternal, "libcurl failed to initialize");
  const std::string url = options_.url + path;
  const std::string payload = boost::json::serialize(body);
  const std::string authorization =
      "Authorization: " +
      crypto::base64_encode(options_.agent_username + ":" + options_.agent_service_key);
  const std::string api_key = "API-Key: " + options_.api_key;
  curl_slist* raw_headers = nullptr;
  for (const auto& h : {authorization, api_key, std::string("Content-Type: application/json"),
                        std::string("Accept: application/json")}) {
    raw_headers = curl_slist_append(raw_headers, h.c_str());
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(raw_headers,
                                                                      curl_slist_free_all);
  std::string response;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(payload.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (options_.insecure) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    std::string hint;
    if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
      hint = " (a self-signed certificate? pass --ca-file <data dir>/tls/cert.pem, or --insecure)";
    }
    return fail(Errc::kUnavailable, "cannot reach " + url + ": " + curl_easy_strerror(rc) + hint);
  }
  EngineResponse out;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  if (!response.empty()) {
    boost::system::error_code ec;
    out.body = boost::json::parse(response, ec);
    if (ec) out.body = boost::json::string(response);
  }
  return out;
}

}  // namespace keyward::cli
