// Password hashing for console sign-in: Argon2id with libsodium's interactive limits (2 passes,
// 64 MiB), stored in the self-describing encoded form ("$argon2id$v=19$m=65536,t=2,p=1$...").
// Passwords are never used to authenticate API requests; service keys are.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace keyward::crypto {

// kUnavailable if the memory for hashing cannot be had.
Result<std::string> hash_password(std::string_view password);

// Constant-time in the password; false for any malformed hash.
bool verify_password(std::string_view encoded_hash, std::string_view password);

}  // namespace keyward::crypto
