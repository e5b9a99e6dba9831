// A shared mutex that lets a waiting writer in before readers that come after it.
//
// std::shared_mutex is glibc's default rwlock, which prefers readers: while lookups on several
// threads keep it held shared without a gap, a writer waits for as long as they keep coming. For
// the verify index that writer is a revocation arriving through the journal, so under a steady
// load a deleted key could keep verifying. With writers first, a revocation waits for the
// lookups already in progress and no more.
//
// Not recursive: a thread that holds it shared must not take it shared again (with a writer
// waiting in between, that would deadlock).
#pragma once

#include <pthread.h>

namespace keyward::service {

class WriterFirstMutex {
 public:
  WriterFirstMutex() {
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&rw_, &attr);
    pthread_rwlockattr_destroy(&attr);
  }
  ~WriterFirstMutex() { pthread_rwlock_destroy(&rw_); }
  WriterFirstMutex(const WriterFirstMutex&) = delete;
  WriterFirstMutex& operator=(const WriterFirstMutex&) = delete;

  // SharedMutex, as std::unique_lock, std::scoped_lock and std::shared_lock use it.
  void lock() { pthread_rwlock_wrlock(&rw_); }
  bool try_lock() { return pthread_rwlock_trywrlock(&rw_) == 0; }
  void unlock() { pthread_rwlock_unlock(&rw_); }
  void lock_shared() { pthread_rwlock_rdlock(&rw_); }
  bool try_lock_shared() { return pthread_rwlock_tryrdlock(&rw_) == 0; }
  void unlock_shared() { pthread_rwlock_unlock(&rw_); }

 private:
  pthread_rwlock_t rw_;
};

}  // namespace keyward::service
