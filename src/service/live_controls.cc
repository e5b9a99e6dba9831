#include "service/live_controls.h"

#include <algorithm>

namespace keyward::service {
namespace {

std::int64_t epoch_seconds(Timestamp t) { return to_epoch_ms(t) / 1000; }

}  // namespace

std::string_view to_string(ControlVerdict verdict) {
  switch (verdict) {
    case ControlVerdict::kPassed:
      return "passed";
    case ControlVerdict::kIpNotAllowed:
      return "ip_not_allowed";
    case ControlVerdict::kInsufficientScope:
      return "insufficient_scope";
    case ControlVerdict::kRateLimited:
      return "rate_limited";
    case ControlVerdict::kUsageExceeded:
      return "usage_exceeded";
  }
  return "passed";
}

bool holds_scopes(Scopes builtin, std::span<const std::string> own,
                  std::span<const std::string_view> demanded) {
  for (const std::string_view scope : demanded) {
    if (scope == "read" && builtin.can_read()) continue;
    if (scope == "write" && builtin.can_write()) continue;
    if (!std::binary_search(own.begin(), own.end(), scope, std::less<>{})) return false;
  }
  return true;
}

LiveControls::LiveControls(KeyControls config)
    : checks_ip_(!config.allowed_ips.empty()),
      has_credits_(config.credits.has_value()),
      own_scopes_(config.scopes),
      config_(std::move(config)) {
  if (config_.allowed_ips.size() <= kInlineNetworks) {
    std::copy(config_.allowed_ips.begin(), config_.allowed_ips.end(), networks_.begin());
    inline_networks_ = static_cast<std::uint8_t>(config_.allowed_ips.size());
  }
  for (const RateLimit& limit : config_.rate_limits) {
    Window& w = windows_[window_count_++];
    w.limit = limit.limit;
    w.window_seconds = static_cast<std::int32_t>(limit.window_seconds);  // at most 30 days
  }
  if (config_.credits) {
    credits_ = config_.credits->remaining;
    period_start_ = config_.credits->set_at;
    stored_period_ = config_.credits->set_at;
    if (const auto& refill = config_.credits->refill) {
      refill_interval_ms_ = refill->interval_seconds * 1000;
      refill_amount_ = refill->amount;
    }
  }
}

void LiveControls::refill_locked(Timestamp now) {
  if (refill_interval_ms_ == 0) return;
  const std::int64_t since = to_epoch_ms(now) - to_epoch_ms(period_start_);
  if (since < refill_interval_ms_) return;
  // Refills are due every interval after the count was set; missed ones do not add up.
  period_start_ =
      from_epoch_ms(to_epoch_ms(period_start_) + since / refill_interval_ms_ * refill_interval_ms_);
  credits_ = refill_amount_;
  unflushed_ = 0;  // spending of an earlier period no longer matters
}

bool LiveControls::allows(std::string_view client_ip) const {
  const auto client = IpAddress::parse(client_ip);
  if (!client) return false;
  const std::span<const IpNetwork> networks =
      inline_networks_ > 0 ? std::span<const IpNetwork>(networks_.data(), inline_networks_)
                           : std::span<const IpNetwork>(config_.allowed_ips);
  return std::any_of(networks.begin(), networks.end(),
                     [&](const IpNetwork& n) { return n.contains(*client); });
}

Admission LiveControls::admit(Scopes builtin, const KeyDemands& demands, Timestamp now) {
  Admission out;
  if (checks_ip_ && !allows(demands.client_ip)) {
    out.verdict = ControlVerdict::kIpNotAllowed;
    return out;
  }
  if (!holds_scopes(builtin, own_scopes_, demands.scopes)) {
    out.verdict = ControlVerdict::kInsufficientScope;
    return out;
  }
  if (window_count_ > 0 || has_credits_) {
    std::lock_guard lock(mu_);
    out = count_locked(demands.cost, now);
    if (out.verdict != ControlVerdict::kPassed) return out;
  }
  if (demands.own_scope) {
    for (const std::string& name : own_scopes_) demands.own_scope(name);
  }
  return out;
}

Admission LiveControls::count_locked(std::int64_t cost, Timestamp now) {
  Admission out;
  const std::int64_t second = epoch_seconds(now);
  for (size_t i = 0; i < window_count_; ++i) {
    Window& w = windows_[i];
    const std::int64_t index = second / w.window_seconds;
    if (w.index != index) {
      w.index = index;
      w.count = 0;
      ++w.rolls;
    }
    if (w.count >= w.limit) {
      out.verdict = ControlVerdict::kRateLimited;
      // The longest wait among the windows that refuse.
      out.retry_after_s = std::max(out.retry_after_s, (index + 1) * w.window_seconds - second);
    }
  }
  if (out.verdict == ControlVerdict::kRateLimited) return out;
  if (has_credits_) {
    refill_locked(now);
    if (credits_ < cost) {
      out.verdict = ControlVerdict::kUsageExceeded;
      out.credits_remaining = credits_;
      return out;
    }
    credits_ -= cost;
    unflushed_ += cost;
    out.credits_remaining = credits_;
  }
  for (size_t i = 0; i < window_count_; ++i) ++windows_[i].count;
  return out;
}

std::int64_t LiveControls::credits_now(Timestamp now) {
  std::lock_guard lock(mu_);
  if (has_credits_) refill_locked(now);
  return credits_;
}

void LiveControls::carry_over(LiveControls& previous) {
  std::scoped_lock lock(mu_, previous.mu_);
  for (size_t i = 0; i < window_count_; ++i) {
    for (size_t j = 0; j < previous.window_count_; ++j) {
      const Window& before = previous.windows_[j];
      if (before.window_seconds != windows_[i].window_seconds) continue;
      windows_[i] = Window{windows_[i].limit, before.index, before.count, before.window_seconds,
                           before.rolls};
      if (previous.shared_) {
        if (!shared_) shared_ = std::make_unique<Shared[]>(window_count_);
        shared_[i] = previous.shared_[j];
      }
      break;  // windows of one length count alike: any of them will do
    }
  }
  if (config_.credits && previous.config_.credits &&
      config_.credits->set_at <= previous.period_start_) {
    credits_ = previous.credits_;
    period_start_ = previous.period_start_;
    stored_period_ = previous.stored_period_;
    unflushed_ = previous.unflushed_;
  }
}

LiveControls::Shared& LiveControls::shared_locked(std::size_t i) {
  // Made on first use, so that a node that shares nothing holds none.
  if (!shared_) shared_ = std::make_unique<Shared[]>(window_count_);
  return shared_[i];
}

void LiveControls::catch_up_locked(std::size_t i, std::int64_t current) {
  Window& w = windows_[i];
  Shared& s = shared_locked(i);
  if (current > w.index && s.index == current) {
    // The others already count in the window this node's clock is in, and this node has not
    // had a pass in it yet: it begins here, with their passes, before the verify path's next.
    w.index = current;
    w.count = 0;
    ++w.rolls;
  }
  if (s.rolls != w.rolls) {
    // Begun anew since the last look: the count holds this node's passes alone.
    s.rolls = w.rolls;
    s.included = 0;
    s.published = 0;
  }
  if (s.index == w.index && s.others > s.included) {
    w.count += s.others - s.included;
    s.included = s.others;
  }
}

std::size_t LiveControls::take_unpublished(Timestamp now,
                                           std::span<WindowCount, kMaxRateLimits> out) {
  if (window_count_ == 0) return 0;
  const std::int64_t second = epoch_seconds(now);
  std::size_t taken = 0;
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < window_count_; ++i) {
    const Window& w = windows_[i];
    if (w.index < 0 && !shared_) continue;  // nothing counted here or merged: nothing to make
    catch_up_locked(i, second / w.window_seconds);
    if (w.index < 0 || first_of_length(i) != i) continue;
    Shared& s = shared_[i];
    const std::int64_t own = w.count - s.included;
    const std::int64_t added = own - s.published;
    s.published = own;
    // A window that has ended needs telling no one.
    if (added <= 0 || (w.index + 1) * w.window_seconds <= second) continue;
    out[taken++] = WindowCount{w.window_seconds, w.index, added};
  }
  return taken;
}

void LiveControls::restore_unpublished(const WindowCount& taken) {
  std::lock_guard lock(mu_);
  const std::size_t i = first_of_length_seconds(taken.window_seconds);
  if (i == window_count_) return;
  catch_up_locked(i, -1);
  if (windows_[i].index == taken.index) {
    shared_[i].published = std::max<std::int64_t>(0, shared_[i].published - taken.count);
  }
}

void LiveControls::merge_others(const WindowCount& others, Timestamp now) {
  const std::int64_t second = epoch_seconds(now);
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < window_count_; ++i) {
    Shared& s = shared_locked(i);
    if (windows_[i].window_seconds != others.window_seconds || others.index < s.index) continue;
    s.others = others.index == s.index ? std::max(s.others, others.count) : others.count;
    s.index = others.index;
    catch_up_locked(i, second / others.window_seconds);
  }
}

std::size_t LiveControls::first_of_length_seconds(std::int64_t window_seconds) const {
  std::size_t i = 0;
  while (i < window_count_ && windows_[i].window_seconds != window_seconds) ++i;
  return i;
}

std::optional<LiveControls::Spent> LiveControls::take_spent(Timestamp now, bool small_may_wait) {
  if (!has_credits_) return std::nullopt;
  std::lock_guard lock(mu_);
  refill_locked(now);
  // A refill is written even when nothing was spent since, so the store's count follows it.
  if (unflushed_ == 0 && period_start_ == stored_period_) return std::nullopt;
  if (small_may_wait && period_start_ == stored_period_ &&
      unflushed_ * 100 <= credits_ + unflushed_) {
    return std::nullopt;
  }
  Spent spent{unflushed_, period_start_};
  unflushed_ = 0;
  return spent;
}

void LiveControls::settle(std::int64_t stored_remaining, Timestamp stored_set_at) {
  std::lock_guard lock(mu_);
  if (stored_set_at < period_start_) return;  // the store has not seen this period yet
  stored_period_ = stored_set_at;
  if (stored_set_at > period_start_) {
    period_start_ = stored_set_at;  // set afresh elsewhere, or refilled on another node first
    unflushed_ = 0;
  }
  credits_ = std::max<std::int64_t>(0, stored_remaining - unflushed_);
}

void LiveControls::restore(std::int64_t spent_taken, Timestamp period_start) {
  std::lock_guard lock(mu_);
  if (period_start == period_start_) unflushed_ += spent_taken;
}

}  // namespace keyward::service
