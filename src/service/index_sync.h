// Keeps a CredentialIndex in step with the store: a full load at start, then the change journal.
//
// The server calls catch_up() on a short timer (every 100 ms by default), which is how a key
// deleted with the `keyward` command, or on another node, stops verifying here too.
//
// Threading: load() and catch_up() serialize on an internal mutex; call them from any thread.
#pragma once

#include <cstdint>
#include <mutex>

#include "core/clock.h"
#include "core/error.h"
#include "service/credential_index.h"
#include "service/settings_cache.h"
#include "store/store.h"

namespace keyward::service {

class IndexSync {
 public:
  IndexSync(store::Store& store, CredentialIndex& index, SettingsCache& settings,
            const Clock& clock)
      : store_(store), index_(index), settings_(settings), clock_(clock) {}

  // Replaces the index with everything the store holds.
  Status load();
  // Applies journal entries written since the last load() or catch_up(); returns how many.
  Result<size_t> catch_up();

 private:
  store::Store& store_;
  CredentialIndex& index_;
  SettingsCache& settings_;
  const Clock& clock_;
  std::mutex mu_;
  std::int64_t seen_ = 0;
};

}  // namespace keyward::service
