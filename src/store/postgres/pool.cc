#include "store/postgres/pool.h"

namespace keyward::store::postgres {

ConnectionPool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

void ConnectionPool::give_back(std::unique_ptr<Connection> c) {
  const bool reusable = c->reusable();
  if (!reusable) c.reset();  // closed outside the lock
  std::lock_guard lock(mu_);
  if (reusable) {
    idle_.push_back(std::move(c));
  } else {
    --open_;
  }
  returned_.notify_one();
}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  std::unique_lock lock(mu_);
  const bool free = returned_.wait_for(lock, settings_.acquire_timeout,
                                       [this] { return !idle_.empty() || open_ < settings_.size; });
  if (!free) {
    return fail(Errc::kUnavailable, "all " + std::to_string(settings_.size) +
                                        " connections to PostgreSQL (" + description_ +
                                        ") stayed busy for " +
                                        std::to_string(settings_.acquire_timeout.count()) +
                                        " ms; raise pool_size or look for slow queries");
  }
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(c));
  }
  ++open_;
  lock.unlock();
  auto c = Connection::open(connection_);
  if (!c) {
    lock.lock();
    --open_;
    returned_.notify_one();
    return fail(c.error());
  }
  return Lease(*this, std::move(*c));
}

std::size_t ConnectionPool::open_connections() {
  std::lock_guard lock(mu_);
  return open_;
}

}  // namespace keyward::store::postgres
