// Writes named keys' last uses to the store. Verification records a use in the key's own slot of
// the index (service/key_table.h); this walks the index a bounded batch at a time and writes the
// uses that are due, off the request path.
//
// A use is due when it is `granularity` or more past what the store holds for the key (or the
// store holds none): with keys drawn at random from millions, writing every second of every key
// would be tens of thousands of rows a second for a value people read as "last used about when".
// The key views merge in the node's own newer value, so an answer from this node is exact to the
// second; the store, and so other nodes, may lag by `granularity` plus a pass over the index.
//
// Threading: flush() and flush_all() are called from one background thread at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include "core/error.h"
#include "service/key_table.h"
#include "store/store.h"

namespace keyward::service {

class UsageFlusher {
 public:
  struct Options {
    // Rows written per flush at most: a flush is a short transaction, never a stall.
    std::size_t batch = 5000;
    std::chrono::seconds granularity{60};
  };

  UsageFlusher(store::Store& store, KeyTable& keys, Options options)
      : store_(store), keys_(keys), options_(options) {}
  UsageFlusher(store::Store& store, KeyTable& keys) : UsageFlusher(store, keys, Options{}) {}

  // Writes up to one batch of due uses; returns how many. What fails to be written stays due.
  Result<std::size_t> flush();
  // Writes every use the store does not hold yet, whatever the granularity (at shutdown).
  Status flush_all();

 private:
  Result<std::size_t> write(std::size_t max, bool all);

  store::Store& store_;
  KeyTable& keys_;
  Options options_;
  std::vector<PendingUse> pending_;
  std::vector<store::KeyUsage> rows_;
};

}  // namespace keyward::service
