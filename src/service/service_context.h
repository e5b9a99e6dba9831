// What every use case needs: the store, this node's credential index, the injected clock and
// randomness, and the server's credential protector.
#pragma once

#include "core/clock.h"
#include "core/random_source.h"
#include "crypto/credential_protector.h"
#include "service/credential_index.h"
#include "service/settings_cache.h"
#include "store/store.h"

namespace keyward::service {

struct ServiceContext {
  store::Store& store;
  CredentialIndex& index;
  SettingsCache& settings;
  const Clock& clock;
  RandomSource& random;
  const crypto::CredentialProtector& protector;

  // Applies `batch` to the store and, once it has committed, to this node's index and settings,
  // so a change is visible to the next request here without waiting for the journal.
  Status commit(const store::WriteBatch& batch) const {
    if (auto s = store.apply(batch); !s) return s;
    index.apply(batch);
    if (batch.settings) settings.put(*batch.settings);
    return {};
  }
};

// Runs a read-modify-write `attempt` again when it lost a race, up to three times in all: a
// version check failed (kConflict), or a concurrent writer created the same unique thing first
// (kAlreadyExists; the next attempt reads and updates it instead).
template <class Attempt>
auto retry_on_race(Attempt attempt) -> decltype(attempt()) {
  for (int i = 0;; ++i) {
    auto result = attempt();
    if (result || i == 2) return result;
    const Errc code = result.error().code;
    if (code != Errc::kConflict && code != Errc::kAlreadyExists) return result;
  }
}

}  // namespace keyward::service
