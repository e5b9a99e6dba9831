// "Sending" email without an SMTP server: each message becomes a file in the outbox folder of the
// data directory (<data dir>/outbox/<time>-<id>.eml, owner-only), for an operator to read or to
// hand to a mail system of their choosing.
#pragma once

#include <filesystem>
#include <mutex>

#include "core/clock.h"
#include "core/random_source.h"
#include "service/mailer.h"

namespace keyward::mail {

class OutboxMailer final : public service::Mailer {
 public:
  OutboxMailer(std::filesystem::path folder, const Clock& clock, RandomSource& random)
      : folder_(std::move(folder)), clock_(clock), random_(random) {}

  Status send(const service::EmailMessage& message) override;

 private:
  std::filesystem::path folder_;
  const Clock& clock_;
  RandomSource& random_;
};

}  // namespace keyward::mail
