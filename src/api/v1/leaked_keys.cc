#include "api/v1/leaked_keys.h"

#include <boost/json.hpp>

#include "api/error_reply.h"

namespace keyward::api::v1 {
namespace {

// A report nests two levels (the list, its objects).
constexpr unsigned kMaxReportDepth = 4;
// Longer than any token format a scanner matches; longer strings are not tokens of anyone's.
constexpr size_t kMaxReportedTokenLength = 1024;
constexpr size_t kMaxReportedTypeLength = 256;

Reply not_enabled() {
  return protocol_error(http::StatusCode::service_unavailable, "unavailable",
                        "leaked-key reports are not enabled on this server: its operator lists "
                        "the scanner's public keys in [leak_reports] public_keys_file of "
                        "keyward serve's config (docs/operations.md)",
                        Surface::kManagement);
}

Reply refused() {
  return protocol_error(http::StatusCode::unauthorized, "unauthenticated",
                        "the report is not signed by a key this server trusts; send it with " +
                            std::string(kScannerKeyIdentifierHeader) + " and " +
                            std::string(kScannerSignatureHeader) + " headers",
                        Surface::kManagement);
}

Result<std::string> optional_text(const boost::json::object& item, std::string_view name,
                                  size_t max, size_t index) {
  const auto* v = item.if_contains(name);
  if (!v || v->is_null()) return std::string();
  if (!v->is_string() || v->get_string().size() > max) {
    return fail(Errc::kInvalidArgument, "[" + std::to_string(index) + "]." + std::string(name) +
                                            " must be a string of at most " + std::to_string(max) +
                                            " characters");
  }
  return std::string(v->get_string());
}

// The report's findings, or what is wrong with it. Fields other than these four are ignored: a
// scanner may add some.
Result<std::vector<service::LeakSighting>> sightings_of(std::string_view body) {
  boost::json::parse_options options;
  options.max_depth = kMaxReportDepth;
  boost::system::error_code ec;
  const boost::json::value report = boost::json::parse(body, ec, {}, options);
  const auto* list = ec ? nullptr : report.if_array();
  if (!list || list->empty() || list->size() > kMaxLeakReportTokens) {
    return fail(Errc::kInvalidArgument, "the report must be a JSON list of 1 to " +
                                            std::to_string(kMaxLeakReportTokens) +
                                            " objects {\"token\", \"type\", \"url\", \"source\"}");
  }
  std::vector<service::LeakSighting> out;
  out.reserve(list->size());
  for (size_t i = 0; i < list->size(); ++i) {
    const auto* item = (*list)[i].if_object();
    const auto* token = item ? item->if_contains("token") : nullptr;
    if (!token || !token->is_string() || token->get_string().empty() ||
        token->get_string().size() > kMaxReportedTokenLength) {
      return fail(Errc::kInvalidArgument,
                  "[" + std::to_string(i) +
                      "] must be an object whose \"token\" is a string of 1 "
                      "to " +
                      std::to_string(kMaxReportedTokenLength) + " characters");
    }
    service::LeakSighting s;
    s.token = std::string(token->get_string());
    for (auto [name, field, max] :
         {std::tuple{"type", &s.type, kMaxReportedTypeLength},
          std::tuple{"url", &s.url, service::kMaxLeakUrlLength},
          std::tuple{"source", &s.source, service::kMaxLeakSourceLength}}) {
      auto text = optional_text(*item, name, max, i);
      if (!text) return fail(text.error());
      *field = std::move(*text);
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<Reply> report_leaks(const ApiContext& ctx, const Call& call) {
  if (!ctx.leak_reports || !ctx.scanner_keys || ctx.scanner_keys->empty()) return not_enabled();
  const auto& request = call.request;
  if (!ctx.scanner_keys->verify(request[kScannerKeyIdentifierHeader],
                                request[kScannerSignatureHeader], request.body())) {
    return refused();
  }
  auto sightings = sightings_of(request.body());
  if (!sightings) return fail(sightings.error());
  // Whether a key still works is read from this node's index: one that may be stale does not
  // answer for any.
  if (!ctx.staleness.fresh()) return stale_reply(Surface::kManagement);
  auto labels = ctx.leak_reports->handle(*sightings, call.actor.client_ip);
  if (!labels) return fail(labels.error());
  boost::json::array answers;
  answers.reserve(sightings->size());
  for (size_t i = 0; i < sightings->size(); ++i) {
    answers.push_back(boost::json::object{{"token_raw", (*sightings)[i].token},
                                          {"token_type", (*sightings)[i].type},
                                          {"label", service::to_string((*labels)[i])}});
  }
  return document(std::move(answers), "labels");
}

}  // namespace

void add_leaked_key_routes(Routes& routes, const ApiContext& ctx) {
  // On the worker pool (not in_memory): a report writes audit records, revokes and sends mail.
  routes.add(http::Method::post, "/api/v1/keys/leaked",
             {.access = Access::kPublic,
              .writes = true,
              .body_limit = kLeakReportBodyLimit,
              .signed_body = true,
              .handler = with(ctx, report_leaks)});
}

}  // namespace keyward::api::v1
