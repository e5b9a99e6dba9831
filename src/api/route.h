// What a route is to Keyward: who may call it, which API family's conventions it follows, how big
// a body it takes, and the handler, a plain function of a Call that returns a Reply or an Error.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "core/error.h"
#include "http/format.h"
#include "http/message.h"
#include "http/query.h"
#include "http/router.h"
#include "service/actor.h"
#include "service/principal.h"

namespace keyward::api {

// The API family, which decides the error envelope (see error_reply.h).
enum class Surface : std::uint8_t {
  kManagement,  // /api/v1, /healthz, /metrics: {"error": {"code", "message"}}
  kContrast,    // /Contrast/api/ng: {"success": false, "messages": [...]}
  kEngine,      // /Contrast/api/engine: as management
};

// Who may call a route. Every route names one; the role-by-route test walks the table.
enum class Access : std::uint8_t {
  kUnspecified,    // a route that forgot to say: served as 500, and failed by the route tests
  kPublic,         // no credentials needed
  kAnyPrincipal,   // any valid credentials, agents included (nginx auth_request)
  kAuthenticated,  // a user or a named key; agents are refused
  kOrgMember,      // ... who belongs to the {orgId} of the path (or the credentials' organization)
  kOrgAdmin,       // ... as an administrator (or with a secret key of it)
  kSystemAdmin,    // a system administrator's user credentials
  kUser,           // a user's own credentials or console session (not a named key, not an agent)
  kOrgUser,        // a user's own credentials, of someone who belongs to the {orgId} of the path
  kAgent,          // an organization's agent credentials only
};

std::string_view to_string(Access access);

struct Call {
  const http::Request& request;
  const http::ClientInfo& client;
  const http::PathParams& params;
  const http::Query& query;
  const service::Principal* principal;  // null on kPublic routes
  const boost::json::value& body;       // null when the request had no body
  bool body_text_values = false;        // XML or form body: numbers and booleans came as strings
  // The organization the call is about: the {orgId} of the path, else the credentials'.
  Uuid org_id;
  const service::Actor& actor;  // who, for the audit log
  std::string_view client_ip;   // the client's address (see http/trusted_proxies.h)
};

struct Reply {
  http::StatusCode status = http::StatusCode::ok;
  boost::json::value body;  // rendered as JSON or XML
  std::string xml_root = "response";
  std::string raw_body;  // when set, sent as is with raw_content_type
  std::string raw_content_type;
  // Empty: "no-store", which every API response gets since any may carry credentials. The
  // console's fingerprinted assets choose long-lived caching instead.
  std::string cache_control;
  std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = std::function<Result<Reply>(const Call&)>;

// Body limits by kind of route. A request's body is refused (413) before it is read when it
// declares more.
inline constexpr std::uint64_t kSmallBodyLimit = 16 * 1024;  // management requests: a few fields
inline constexpr std::uint64_t kNoBodyLimit = 4 * 1024;      // reads; bodies are ignored

struct Route {
  Access access = Access::kUnspecified;
  Surface surface = Surface::kManagement;
  // Whether the route changes anything: a key needs the write scope for it, and the read scope
  // for a route that does not. Contrast's PUT and POST filters are reads.
  bool writes = false;
  std::uint64_t body_limit = kNoBodyLimit;
  // A raw route (/metrics) answers in its own format whatever Accept says.
  bool raw = false;
  // The handler answers from memory alone (the verify index, counters) and never waits, so it is
  // served on the I/O thread; every other handler runs on the worker pool (see dispatcher.h).
  bool in_memory = false;
  // A named key presented here must also hold every scope named in the query
  // ("?scope=invoices:read&scope=..."; or several in one, separated by spaces or commas), which
  // is how a gateway in front of another API asks for one (/api/v1/auth).
  bool scopes_from_query = false;
  // The body is signed (a secret scanner's report): the dispatcher leaves it unparsed, whatever
  // its Content-Type, so the handler checks the signature over the bytes as they came before
  // anything reads them (Call::body is then null; the bytes are Call::request.body()).
  bool signed_body = false;
  Handler handler;
};

using Routes = http::Router<Route>;

// A reply with a JSON/XML document.
inline Reply document(boost::json::value body, std::string xml_root,
                      http::StatusCode status = http::StatusCode::ok) {
  Reply r;
  r.status = status;
  r.body = std::move(body);
  r.xml_root = std::move(xml_root);
  return r;
}

inline Reply no_content() {
  Reply r;
  r.status = http::StatusCode::no_content;
  return r;
}

}  // namespace keyward::api
