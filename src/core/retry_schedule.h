// When a webhook delivery that failed is tried again, and when it is given up on.
//
// The n-th failed try waits delays[n - 1] (the last delay again once the list is used up), plus a
// random quarter of it at most, so the receivers of many events that failed together (an outage)
// are not retried in lockstep. No try is scheduled later than `give_up_after` past the event:
// then the delivery is failed for good.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/random_source.h"
#include "core/time.h"

namespace keyward {

struct RetrySchedule {
  std::vector<std::chrono::milliseconds> delays{std::chrono::seconds(5), std::chrono::seconds(30),
                                                std::chrono::minutes(2), std::chrono::minutes(10),
                                                std::chrono::hours(1),   std::chrono::hours(3),
                                                std::chrono::hours(6)};
  std::chrono::milliseconds give_up_after{std::chrono::hours(24)};

  // kInvalidArgument unless there is at least one delay, every delay is positive, and the
  // period is.
  Status check() const;
};

// When to try again after the `failed_tries`-th failed try (1 for the first) made at `now`, of an
// event raised at `raised_at`; nullopt when that would be past the retry period.
std::optional<Timestamp> next_attempt_at(const RetrySchedule& schedule, Timestamp raised_at,
                                         Timestamp now, int failed_tries, RandomSource& random);

}  // namespace keyward
