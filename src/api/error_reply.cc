#include "api/error_reply.h"

#include <boost/json.hpp>

namespace keyward::api {

namespace {

Reply error_reply_with(http::StatusCode status, std::string_view code, std::string_view message,
                       const std::vector<std::string>& details, Surface surface) {
  Reply reply;
  reply.status = status;
  if (surface == Surface::kContrast) {
    boost::json::array messages;
    messages.emplace_back(message);
    for (const auto& d : details) messages.emplace_back(d);
    reply.body = {{"success", false}, {"messages", std::move(messages)}};
    reply.xml_root = "response";
    return reply;
  }
  boost::json::object inner{{"code", code}, {"message", message}};
  if (!details.empty()) {
    boost::json::array items;
    for (const auto& d : details) items.emplace_back(d);
    inner["details"] = std::move(items);
  }
  reply.body = boost::json::object{{"error", std::move(inner)}};
  reply.xml_root = "";  // <error><code>...</code><message>...</message></error>
  return reply;
}

}  // namespace

http::StatusCode status_of(Errc code) {
  switch (code) {
    case Errc::kInvalidArgument:
      return http::StatusCode::bad_request;
    case Errc::kNotFound:
      return http::StatusCode::not_found;
    case Errc::kAlreadyExists:
    case Errc::kConflict:
      return http::StatusCode::conflict;
    case Errc::kPolicyViolation:
      return http::StatusCode::unprocessable_entity;
    case Errc::kUnauthenticated:
      return http::StatusCode::unauthorized;
    case Errc::kPermissionDenied:
      return http::StatusCode::forbidden;
    case Errc::kResourceExhausted:
      return http::StatusCode::too_many_requests;
    case Errc::kUnavailable:
      return http::StatusCode::service_unavailable;
    case Errc::kUpstreamFailed:
      return http::StatusCode::bad_gateway;
    case Errc::kInternal:
      return http::StatusCode::internal_server_error;
  }
  return http::StatusCode::internal_server_error;
}

Reply failed_with_retry(const Error& error, std::chrono::seconds retry_after) {
  Reply r = error_reply(error, Surface::kManagement);
  if (error.code == Errc::kResourceExhausted) {
    r.headers.emplace_back("Retry-After", std::to_string(retry_after.count()));
  }
  return r;
}

Reply protocol_error(http::StatusCode status, std::string_view code, std::string_view message,
                     Surface surface) {
  return error_reply_with(status, code, message, {}, surface);
}

Reply error_reply(const Error& error, Surface surface) {
  std::string_view message = error.message;
  if (error.code == Errc::kInternal) message = "internal error; the server log has the details";
  if (error.code == Errc::kUnavailable) {
    message = "the service is temporarily unavailable; try again shortly";
  }
  if (error.code == Errc::kUnauthenticated) message = kAuthenticationFailed;
  return error_reply_with(status_of(error.code), errc_name(error.code), message, error.details,
                          surface);
}

Reply stale_reply(Surface surface) {
  Reply r = protocol_error(http::StatusCode::service_unavailable, "unavailable",
                           "this node cannot confirm that credentials are current (it has not "
                           "been able to read its store for too long); try again shortly or use "
                           "another node",
                           surface);
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

}  // namespace keyward::api
