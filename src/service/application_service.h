// Applications monitored by an organization's agents: registered and kept alive by the Engine
// API, read by the User API.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/application.h"
#include "service/actor.h"
#include "service/service_context.h"

namespace keyward::service {

// What an agent says about the application it instruments.
struct ApplicationRegistration {
  std::string name;
  std::string language;  // canonicalized ("JAVA" -> "Java")
  std::string path;
  std::vector<std::string> tags;
  std::optional<int> importance;
};

struct RegisteredApplication {
  Application app;
  bool created = false;  // false: it was registered before, and is now seen again
};

// Limits on what an agent may send, so one misbehaving agent cannot bloat the store.
inline constexpr size_t kMaxTags = 32;
inline constexpr size_t kMaxTagLength = 64;
inline constexpr size_t kMaxLanguageLength = 40;
inline constexpr size_t kMaxPathLength = 512;

class ApplicationService {
 public:
  explicit ApplicationService(ServiceContext ctx) : ctx_(ctx) {}

  // Idempotent by (name, language): registering again returns the same application, marked seen
  // now, with its path and tags updated when given. A new application gets an application key
  // that satisfies the application key policy.
  Result<RegisteredApplication> register_application(const Actor& actor, const Uuid& org_id,
                                                     const ApplicationRegistration& spec);
  // Marks the application seen now. kNotFound unless it belongs to `org_id`.
  Status heartbeat(const Uuid& org_id, const Uuid& app_id);

  // kNotFound unless it belongs to `org_id`.
  Result<Application> get(const Uuid& org_id, const Uuid& app_id);
  Result<Application> find(const Uuid& org_id, std::string_view name, std::string_view language);
  Result<std::vector<Application>> list(const Uuid& org_id) {
    return ctx_.store.list_applications(org_id);
  }
  Result<store::Page<Application>> query(const store::ApplicationQuery& query) {
    return ctx_.store.query_applications(query);
  }
  Result<std::vector<store::TraceCounts>> trace_counts(const Uuid& org_id) {
    return ctx_.store.count_traces(org_id);
  }

  // The application key in clear; nullopt when the application has none yet.
  Result<std::optional<std::string>> reveal_key(const Uuid& org_id, const Uuid& app_id);
  Result<std::string> rotate_key(const Actor& actor, const Uuid& org_id, const Uuid& app_id);
  // kPolicyViolation, with one detail per broken rule, when `value` breaks the policy.
  Status set_key(const Actor& actor, const Uuid& org_id, const Uuid& app_id,
                 const std::string& value);

 private:
  Status replace_key(const Actor& actor, const Uuid& org_id, const Uuid& app_id,
                     const std::string& value, const std::string& action);

  ServiceContext ctx_;
};

// Checks and normalizes tags: each a short name, at most kMaxTags, duplicates dropped.
Result<std::vector<std::string>> clean_tags(const std::vector<std::string>& tags);

}  // namespace keyward::service
