// What a limit shares with the other nodes over one store (service/shared_limits.h): the events
// it counted here, per key and time bucket, and the other nodes' counts, merged in.
//
// Threading: implementations guard their state; every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/time.h"
#include "crypto/short_hash.h"

namespace keyward::service {

// One node's count of the events of one key in the bucket that starts at bucket_ms. Counts are
// absolute (everything that node counted there so far), so merging one twice changes nothing.
struct BucketCount {
  std::string key;
  std::int64_t bucket_ms = 0;
  std::int64_t count = 0;
};

class SharedCounts {
 public:
  virtual ~SharedCounts() = default;

  // From now on, events are remembered for take_unpublished() too. With `hash` (which must
  // outlive this), keys that may be client addresses are kept, here and in the store, as their
  // keyed hash, so the store holds no address; the same on every node, since all share the key.
  virtual void start_sharing(const crypto::ShortHash* hash) = 0;
  // This node's counts added since the last take, per (key, bucket), each as an increment;
  // buckets that no longer matter at `now` are dropped.
  virtual std::vector<BucketCount> take_unpublished(Timestamp now) = 0;
  // Gives back increments a failed publish did not write, to go with the next take.
  virtual void restore_unpublished(std::span<const BucketCount> counts) = 0;
  // Another node's (`origin`) absolute count of a bucket.
  virtual void merge(const BucketCount& count, std::int64_t origin, Timestamp now) = 0;
  // How long a bucket matters once it has begun: the longest window and one bucket more.
  virtual std::chrono::milliseconds retention() const = 0;
};

}  // namespace keyward::service
