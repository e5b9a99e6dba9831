// What wakes a node when another node commits a change, so it reads the change journal at once
// rather than at its next poll. A wake-up only: the journal (Store::changes_after) stays the
// source of truth, so a missed or coalesced wake-up costs time, never a change.
//
// PostgreSQL has one (store/postgres/change_listener.h, LISTEN/NOTIFY); SQLite and memory stores
// have none and are followed by polling alone (store/open_store.h: open_change_feed()).
//
// Threading: wait() is called by one thread at a time; stop() and connected() from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace keyward::store {

class ChangeFeed {
 public:
  struct Event {
    enum Kind {
      kTimeout,       // nothing happened
      kNotified,      // changes were committed; `position` is the newest one notified
      kConnected,     // (re)connected and listening: catch up, wake-ups may have been missed
      kDisconnected,  // the feed was lost, or an attempt to reconnect failed (`reason`)
      kStopped,       // stop() was called
    };
    Kind kind = kTimeout;
    std::int64_t position = 0;
    std::string reason;  // never contains a password
  };

  virtual ~ChangeFeed() = default;
  // Reports the next thing that happens within `timeout`.
  virtual Event wait(std::chrono::milliseconds timeout) = 0;
  // Makes the current (or next) wait() return kStopped at once, and every one after it.
  virtual void stop() = 0;
  virtual bool connected() const = 0;
};

}  // namespace keyward::store
