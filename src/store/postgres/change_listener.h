// The node's ear on the database: a dedicated connection that LISTENs on the channel every
// committing write notifies (PostgresStore::kChannel, payload: the newest journal position), so a
// change made on any node reaches this one in milliseconds instead of at the next journal poll.
//
// A notification is only a wake-up. The journal stays the source of truth: on kNotified, and
// after every kConnected (notifications sent while disconnected are lost for good), the reader
// reads Store::changes_after() from its own position, so nothing is missed or applied twice.
//
// The listener notices a lost connection even when the network drops it silently: after
// `heartbeat` without traffic it sends a query, and a connection that does not answer within
// `heartbeat_timeout` is given up. It reconnects by itself, retrying after `reconnect_min`, then
// backing off to `reconnect_max`.
//
// Typical use, on a thread of its own:
//
//   auto listener = ChangeListener::create(location);
//   for (;;) {
//     const auto event = (*listener)->wait(std::chrono::milliseconds(100));
//     if (event.kind == ChangeListener::Event::kStopped) break;
//     if (event.kind != ChangeListener::Event::kDisconnected) follower.catch_up();
//   }
//
// Threading: wait() is called by one thread at a time; stop() and connected() from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/change_feed.h"
#include "store/postgres/connection.h"
#include "store/postgres/location.h"

namespace keyward::store::postgres {

class ChangeListener final : public ChangeFeed {
 public:
  struct Options {
    // Half the default staleness bound: a dead connection is noticed with time to spare.
    std::chrono::milliseconds heartbeat{1000};
    std::chrono::milliseconds heartbeat_timeout{1500};
    // Retry quickly once (a server restart takes about a second), then without hammering.
    std::chrono::milliseconds reconnect_min{100};
    std::chrono::milliseconds reconnect_max{2000};
    std::string application_name = "keyward-listener";  // shown in pg_stat_activity
  };

  using Event = ChangeFeed::Event;

  // kInvalidArgument for a malformed location. Does not connect: the first wait() does.
  static Result<std::unique_ptr<ChangeListener>> create(std::string_view location, Options options);
  static Result<std::unique_ptr<ChangeListener>> create(std::string_view location) {
    return create(location, Options{});
  }
  ~ChangeListener() override;
  ChangeListener(const ChangeListener&) = delete;
  ChangeListener& operator=(const ChangeListener&) = delete;

  // Reports the next thing that happens within `timeout`: connects first when not connected
  // (which may take up to libpq's connect_timeout), and coalesces notifications that arrive
  // together into one kNotified.
  Event wait(std::chrono::milliseconds timeout) override;

  // Makes the current (or next) wait() return kStopped at once, and every one after it.
  void stop() override;
  bool connected() const override { return connected_.load(); }
  // The server process of the listening connection (0 when not connected).
  int backend_pid() const { return backend_pid_.load(); }

 private:
  using Clock = std::chrono::steady_clock;
  ChangeListener(Location location, Options options, int stop_fd);
  Event connect();
  Event lose(std::string reason);
  // Reads what the server sent; false when the connection failed.
  bool consume();
  // Sleeps until `until` or a stop(); true when stopped.
  bool sleep_until(Clock::time_point until);

  const Location location_;
  const Options options_;
  const int stop_fd_;  // an eventfd stop() writes to, so poll() wakes
  std::atomic<bool> stopped_{false};
  std::atomic<bool> connected_{false};
  std::atomic<int> backend_pid_{0};
  std::unique_ptr<Connection> connection_;
  std::chrono::milliseconds backoff_{0};
  Clock::time_point next_attempt_{};
  Clock::time_point last_heard_{};
  std::optional<Clock::time_point> probe_sent_;
  std::int64_t pending_position_ = 0;
  bool pending_notification_ = false;
};

}  // namespace keyward::store::postgres
