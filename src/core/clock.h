// The source of "now". Production code reads SystemClock; tests inject ManualClock so expiry,
// grace periods, lockouts and throttles are exact rather than slept for.
#pragma once

#include <atomic>
#include <chrono>

#include "core/time.h"

namespace keyward {

class Clock {
 public:
  virtual ~Clock() = default;
  // Thread-safe.
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
  }
};

// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : ms_(to_epoch_ms(start)) {}
  Timestamp now() const override { return from_epoch_ms(ms_.load()); }
  void set(Timestamp t) { ms_.store(to_epoch_ms(t)); }
  void advance(std::chrono::milliseconds d) { ms_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> ms_;
};

}  // namespace keyward
