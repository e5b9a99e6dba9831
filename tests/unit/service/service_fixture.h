// A complete service stack over a MemoryStore, with a manual clock, seeded randomness and fixed
// server keys, so every service test is exact and repeatable.
#pragma once

#include <array>
#include <memory>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "crypto/base64.h"
#include "crypto/credential_protector.h"
#include "service/actor.h"
#include "service/authenticator.h"
#include "service/credential_index.h"
#include "service/network_locks.h"
#include "service/organization_service.h"
#include "service/service_context.h"
#include "service/settings_cache.h"
#include "service/usage_flusher.h"
#include "store/memory/memory_store.h"
#include "support/fault_injecting_store.h"
#include "support/seeded_random.h"

namespace keyward::testing {

inline constexpr std::array<std::uint8_t, 32> kTestPepper{1, 2, 3, 4, 5, 6, 7, 8};
inline constexpr std::array<std::uint8_t, 32> kTestMasterKey{9, 8, 7, 6, 5, 4, 3, 2, 1};

class ServiceTest : public ::testing::Test {
 protected:
  ServiceTest() : ServiceTest(5, std::chrono::minutes(15)) {}
  // For sign-in tests with a policy of their own: the network locks count by it.
  ServiceTest(int max_failed_logins, std::chrono::seconds lockout)
      : clock(from_epoch_ms(1'800'000'000'000)),
        random(7),
        protector(kTestPepper, kTestMasterKey),
        store(memory),
        network_locks(max_failed_logins, lockout),
        authenticator(index, protector, clock, &network_locks) {}

  service::ServiceContext context() {
    return service::ServiceContext{store, index, settings, clock, random, protector};
  }

  // The id of a new organization named `name` (with what every organization is created with).
  Uuid new_organization(const std::string& name) {
    auto made = service::OrganizationService(context()).create(actor, name);
    EXPECT_TRUE(made) << made.error().message;
    return made ? made->org.id : Uuid{};
  }

  // Contrast-style credentials for authenticate().
  static std::string basic(const std::string& username, const std::string& secret) {
    return crypto::base64_encode(username + ":" + secret);
  }

  ManualClock clock;
  SeededRandom random;
  crypto::CredentialProtector protector;
  store::MemoryStore memory;
  FaultInjectingStore store;
  service::CredentialIndex index;
  service::SettingsCache settings;
  // Who the tests act as, for the audit log.
  const service::Actor actor{"test", std::nullopt, "192.0.2.1"};
  service::NetworkLocks network_locks;  // shared by the authenticator and SessionServices
  service::Authenticator authenticator;
};

}  // namespace keyward::testing
