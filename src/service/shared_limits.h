// Limits that several nodes over one store count together: the authentication-failure throttle,
// the key-email limits, the sign-in lockout, the chosen-API-key limit and, on a store with a
// change feed, keys' own rate limits.
//
// Each limit counts in memory (SharedCounts: WindowLimiter, NetworkLocks, RateLimitCounts) and is
// asked in memory, on the request path, without waiting on anything. sync(), which a node's
// background thread runs every few hundred milliseconds, publishes what this node counted since
// the last sync (store LimitCount rows, per limit, key, node and bucket, added to) and merges what
// the other nodes published since the last position it read. Rows carry absolute counts per
// (node, bucket), so merging one twice changes nothing, and positions follow commit order
// (Store::limit_counts_after) so no row is missed however the nodes' clocks differ.
//
// The bound: a node learns of another's events at its next sync after they were published, which
// is at most two sync periods after they happened (one until their node publishes, one until
// this one reads), so an attacker spreading requests across N nodes can exceed a limit by at most
// what the other N - 1 nodes let through in two sync periods plus the store's latency (and a node
// that has not yet synced since it started counts only its own). A failing store makes each node
// count its own, as if alone; counts it could not publish are kept and published once the store
// answers.
//
// Keys go to the store as keyed hashes (crypto/short_hash.h, keyed from the pepper every node
// has) where they may be client addresses, and as they are where they are user, organization or
// key ids; never a credential. So with mask_invalid_ips on, no full address reaches the store. Keys
// that are not short printable ASCII are counted here only.
//
// Threading: construct before the node serves; sync() from one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/random_source.h"
#include "crypto/credential_protector.h"
#include "crypto/short_hash.h"
#include "service/shared_counts.h"
#include "store/store.h"

namespace keyward::service {

class SharedLimits {
 public:
  // Rows read per query; a sync reads at most kMaxPages of them and the rest at the next.
  static constexpr std::size_t kPage = 1000;
  static constexpr int kMaxPages = 50;
  static constexpr std::size_t kMaxKeyLength = 200;

  struct Shared {
    std::string name;  // the LimitCount::limiter of its rows; the same on every node
    SharedCounts* counts = nullptr;
  };

  // `store`, `clock` and every `counts` must outlive this. Starts each limit sharing, with a key
  // hash derived from `protector`'s pepper. The node is told apart from the others by an id
  // drawn from `random`.
  SharedLimits(store::Store& store, const Clock& clock, RandomSource& random,
               const crypto::CredentialProtector& protector, std::vector<Shared> shared);

  // Publishes, then reads and merges. On failure nothing is lost: unpublished counts are kept for
  // the next sync, and the read resumes where it stopped.
  Status sync();

  std::int64_t origin() const { return origin_; }
  // How long the store must keep a bucket: the longest any shared limit needs one.
  std::chrono::milliseconds retention() const;

 private:
  Status publish(Timestamp now);
  Status read(Timestamp now);
  SharedCounts* find(std::string_view name) const;

  store::Store& store_;
  const Clock& clock_;
  const std::int64_t origin_;
  const crypto::ShortHash key_hash_;
  std::vector<Shared> shared_;
  std::int64_t read_through_ = 0;  // the newest position read
};

}  // namespace keyward::service
