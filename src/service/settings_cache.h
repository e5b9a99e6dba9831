// This node's copy of the system settings (key policies, address masking, email mode): read on
// requests that need them without a database round trip, kept current like the credential index
// (on commit, and from the journal).
//
// Threading: a mutex guards one small value; get() copies it out.
#pragma once

#include <mutex>

#include "core/system_settings.h"

namespace keyward::service {

class SettingsCache {
 public:
  SystemSettings get() const {
    std::lock_guard lock(mu_);
    return settings_;
  }
  // Ignored when older than what is held, as the index ignores stale entities.
  void put(const SystemSettings& settings) {
    std::lock_guard lock(mu_);
    if (settings.version >= settings_.version) settings_ = settings;
  }

 private:
  mutable std::mutex mu_;
  SystemSettings settings_;
};

}  // namespace keyward::service
