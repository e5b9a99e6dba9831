#include "core/retry_schedule.h"

#include <algorithm>

namespace keyward {

Status RetrySchedule::check() const {
  if (delays.empty()) return fail(Errc::kInvalidArgument, "the retry schedule needs a delay");
  for (const auto d : delays) {
    if (d.count() <= 0) return fail(Errc::kInvalidArgument, "retry delays must be positive");
  }
  if (give_up_after.count() <= 0) {
    return fail(Errc::kInvalidArgument, "the retry period must be positive");
  }
  return {};
}

std::optional<Timestamp> next_attempt_at(const RetrySchedule& schedule, Timestamp raised_at,
                                         Timestamp now, int failed_tries, RandomSource& random) {
  if (schedule.delays.empty() || failed_tries < 1) return std::nullopt;
  const auto index =
      std::min(static_cast<std::size_t>(failed_tries - 1), schedule.delays.size() - 1);
  const std::chrono::milliseconds delay = schedule.delays[index];
  // Up to a quarter more, in thousandths of the delay: never sooner than the schedule says.
  const auto jitter = delay * random.uniform(251) / 1000;
  const Timestamp next = now + delay + jitter;
  if (next > raised_at + schedule.give_up_after) return std::nullopt;
  return next;
}

}  // namespace keyward
