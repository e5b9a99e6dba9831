// Sending email through an SMTP server with libcurl: smtp:// (with STARTTLS required, tried, or
// off) or smtps:// (TLS from the first byte), with optional credentials.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/random_source.h"
#include "service/mailer.h"

namespace keyward::mail {

struct SmtpSettings {
  std::string url;       // "smtp://mail.example.com:587", "smtps://mail.example.com:465"
  std::string username;  // empty: no authentication
  std::string password;
  // For smtp:// URLs: "required" (refuse to send in clear), "opportunistic", or "off".
  std::string starttls = "required";
  std::string ca_file;  // trust this CA for the server's certificate; empty: the system's
  long timeout_seconds = 20;
};

// Threading: send() may be called from any thread; each call uses its own connection.
class SmtpMailer final : public service::Mailer {
 public:
  SmtpMailer(SmtpSettings settings, const Clock& clock, RandomSource& random)
      : settings_(std::move(settings)), clock_(clock), random_(random) {}

  // kInvalidArgument for settings that cannot work (checked before anything is sent).
  static Status check(const SmtpSettings& settings);

  Status send(const service::EmailMessage& message) override;

 private:
  SmtpSettings settings_;
  const Clock& clock_;
  RandomSource& random_;
};

}  // namespace keyward::mail
