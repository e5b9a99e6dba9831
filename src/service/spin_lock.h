// A one-byte lock for counters guarded for a few comparisons at a time (a key's rate-limit
// windows and credits, live_controls.h).
//
// Why not std::mutex: it is 40 bytes, and on the verify path the lock sits in the cache line the
// counters are in; with keys drawn at random from many, a lock of its own is one more cache miss
// per verification, and pthread_mutex_lock/unlock cost a call each even when free. Held for
// nanoseconds, a lock that spins briefly and then yields the processor loses nothing to a
// sleeping one. Not for anything held across I/O or an allocation.
//
// Lockable, as std::lock_guard and std::scoped_lock use it.
#pragma once

#include <atomic>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace keyward::service {

class SpinLock {
 public:
  void lock() {
    for (int spins = 0; !try_lock(); ++spins) {
      // Wait on a plain load, so a waiter does not take the line from the holder on every turn.
      while (held_.load(std::memory_order_relaxed)) {
        if (++spins < kSpinsBeforeYield) {
          relax();
        } else {
          std::this_thread::yield();  // the holder may have been preempted
        }
      }
    }
  }
  bool try_lock() { return !held_.exchange(true, std::memory_order_acquire); }
  void unlock() { held_.store(false, std::memory_order_release); }

 private:
  static constexpr int kSpinsBeforeYield = 64;

  static void relax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
  }

  std::atomic<bool> held_{false};
};

}  // namespace keyward::service
