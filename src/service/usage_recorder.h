// Gathers named keys' last-use times in memory and writes them in batches, so verifying a key
// never writes to the database.
//
// Threading: record() and flush() may be called from any thread; a mutex guards the pending map.
// record() allocates only the first time a key is seen between two flushes.
#pragma once

#include <mutex>
#include <unordered_map>

#include "core/error.h"
#include "store/store.h"

namespace keyward::service {

class UsageRecorder {
 public:
  void record(const Uuid& key_id, Timestamp when);
  // Writes everything pending. On failure the usage is kept for the next flush.
  Status flush(store::Store& store);
  size_t pending() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<Uuid, Timestamp, UuidHash> pending_;
};

}  // namespace keyward::service
