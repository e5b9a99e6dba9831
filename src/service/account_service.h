// Users: creation with a generated password and service key, password resets, service keys.
#pragma once

#include <optional>
#include <string>

#include "core/user.h"
#include "service/actor.h"
#include "service/service_context.h"

namespace keyward::service {

struct NewUser {
  std::string username;
  std::optional<Membership> membership;
  bool system_admin = false;
};

// Shown once, to whoever created the user.
struct CreatedUser {
  User user;
  std::string password;
  std::string service_key;
};

class AccountService {
 public:
  explicit AccountService(ServiceContext ctx) : ctx_(ctx) {}

  // Builds a user with fresh credentials without storing them.
  Result<CreatedUser> make(const NewUser& spec);
  Result<CreatedUser> create(const Actor& actor, const NewUser& spec);
  Result<User> get(const Uuid& user_id);
  Result<User> find(std::string_view username);
  // Sets a fresh generated password, unlocks the account, and returns the password.
  Result<std::string> reset_password(const Actor& actor, const Uuid& user_id);
  Result<std::string> reveal_service_key(const Uuid& user_id);
  // A new service key; the old one fails at once.
  Result<std::string> rotate_service_key(const Actor& actor, const Uuid& user_id);

 private:
  ServiceContext ctx_;
};

}  // namespace keyward::service
