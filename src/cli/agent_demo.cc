// `keyward agent-demo`: plays an organization's instrumentation agent for a minute's demo. It
// registers an application and reports a few vulnerabilities through the Engine API, exactly as
// an agent would, so the User API has something to show. Running it again finds the same
// application and updates the same traces (their hashes are fixed), which shows reporting is
// idempotent.
#include <iostream>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "cli/engine_client.h"
#include "cli/output.h"

namespace keyward::cli {
namespace {

boost::json::object finding(const char* title, const char* rule, const char* severity,
                            const char* hash, const char* category) {
  return {{"title", title},   {"rule_name", rule},     {"severity", severity},
          {"hash", hash},     {"category", category},  {"confidence", "High"},
          {"impact", "High"}, {"likelihood", "Medium"}};
}

// A request the server refused: say what it said.
Error refused(const std::string& what, const EngineResponse& r) {
  std::string detail;
  if (const auto* obj = r.body.if_object()) {
    if (const auto* e = obj->if_contains("error"); e && e->is_object()) {
      if (const auto* m = e->as_object().if_contains("message"); m && m->is_string()) {
        detail = std::string(m->get_string());
      }
    }
  }
  return Error{Errc::kUnavailable,
               what + " was refused with HTTP " + std::to_string(r.status) +
                   (detail.empty() ? "" : ": " + detail),
               {}};
}

}  // namespace

int run_agent_demo(const AgentDemoOptions& o) {
  if (!o.url.starts_with("https://") && !o.url.starts_with("http://")) {
    return usage_error("--url must start with https:// (or http:// for a --plaintext server)");
  }
  std::string url = o.url;
  while (url.ends_with('/')) url.pop_back();
  // The agent configuration's api.url names the server with Contrast's "/Contrast" path.
  if (url.ends_with("/Contrast")) url.resize(url.size() - std::string_view("/Contrast").size());
  const EngineClient client(
      {url, o.api_key, o.agent_username, o.agent_service_key, o.ca_file, o.insecure});

  auto registered = client.post("/Contrast/api/engine/applications",
                                boost::json::object{{"name", "Keyward Demo Shop"},
                                                    {"language", "Java"},
                                                    {"path", "/shop"},
                                                    {"tags", boost::json::array{"demo"}}});
  if (!registered) return report(registered.error());
  if (registered->status != 200 && registered->status != 201) {
    return report(refused("registering the application", *registered));
  }
  const std::string app_id(registered->body.at("app_id").as_string());

  auto heartbeat = client.post("/Contrast/api/engine/applications/" + app_id + "/heartbeat", {});
  if (!heartbeat) return report(heartbeat.error());
  if (heartbeat->status != 204) return report(refused("the heartbeat", *heartbeat));

  const boost::json::array findings{
      finding("SQL Injection from \"q\" parameter on /shop/search", "sql-injection", "Critical",
              "demo-sqli-search", "Injection"),
      finding("Cross-Site Scripting in /shop/reviews", "reflected-xss", "High", "demo-xss-reviews",
              "Cross-Site Scripting"),
      finding("Weak hash algorithm MD5 used for session ids", "crypto-bad-mac", "Medium",
              "demo-md5-sessions", "Cryptography"),
      finding("Response without X-Content-Type-Options", "xcontenttype-header-missing", "Low",
              "demo-header-nosniff", "Configuration"),
  };
  auto reported = client.post("/Contrast/api/engine/applications/" + app_id + "/traces",
                              boost::json::object{{"traces", findings}});
  if (!reported) return report(reported.error());
  if (reported->status != 200) return report(refused("the trace report", *reported));

  if (o.json) {
    print_json(boost::json::object{{"app_id", app_id},
                                   {"application_created", registered->status == 201},
                                   {"report", reported->body}});
    return kExitOk;
  }
  const auto& r = reported->body.as_object();
  std::cout << (registered->status == 201 ? "Registered" : "Found the registered")
            << " application \"Keyward Demo Shop\" (app id " << app_id << ").\n"
            << "Reported " << r.at("received").as_int64()
            << " vulnerabilities: " << r.at("created").as_int64() << " new, "
            << r.at("updated").as_int64() << " seen before.\n"
            << "Read them through the User API at " << url
            << "/Contrast/api/ng/<organization id>/traces/" << app_id << "/filter\n";
  return kExitOk;
}

}  // namespace keyward::cli
