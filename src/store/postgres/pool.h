// A bounded pool of PostgreSQL connections, opened on demand.
//
// At most `size` connections exist at once. An operation borrows one for its duration (Lease);
// when all are busy it waits up to `acquire_timeout`, then fails with kUnavailable saying so,
// rather than queueing without bound. A connection that breaks (the server restarted, a network
// failure) or is returned inside a transaction is closed instead of reused, and the next borrower
// opens a fresh one, so the pool recovers by itself when the database comes back.
//
// Threading: acquire() may be called from any thread; a Lease is used by one thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/postgres/connection.h"
#include "store/postgres/location.h"

namespace keyward::store::postgres {

class ConnectionPool {
 public:
  ConnectionPool(Connection::Settings connection, PoolSettings settings, std::string description)
      : connection_(std::move(connection)),
        settings_(settings),
        description_(std::move(description)) {}

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> c)
        : pool_(&pool), connection_(std::move(c)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // A connection for the caller's exclusive use until the Lease is destroyed.
  Result<Lease> acquire();

  const PoolSettings& settings() const { return settings_; }
  // Connections open right now, idle or lent.
  std::size_t open_connections();

 private:
  void give_back(std::unique_ptr<Connection> c);

  const Connection::Settings connection_;
  const PoolSettings settings_;
  const std::string description_;
  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle + lent + being opened
};

}  // namespace keyward::store::postgres
