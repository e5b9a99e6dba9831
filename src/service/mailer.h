// The seam through which Keyward sends email. Implementations: mail/smtp_mailer.h (SMTP through
// libcurl) and mail/outbox_mailer.h (files in the data directory, when no SMTP server is set).
#pragma once

#include <string>

#include "core/error.h"

namespace keyward::service {

struct EmailMessage {
  std::string from;
  std::string to;
  std::string subject;
  std::string body;  // plain text, UTF-8
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // kUnavailable when the message could not be handed over. Threading: callable from any thread.
  virtual Status send(const EmailMessage& message) = 0;
};

}  // namespace keyward::service
