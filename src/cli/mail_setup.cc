#include "cli/mail_setup.h"

#include "mail/outbox_mailer.h"
#include "mail/smtp_mailer.h"

namespace keyward::cli {

std::unique_ptr<service::Mailer> make_mailer(const ServeConfig& config, Runtime& runtime) {
  if (config.smtp.url.empty()) {
    return std::make_unique<mail::OutboxMailer>(runtime.data_dir().root() / "outbox",
                                                runtime.clock(), runtime.random());
  }
  return std::make_unique<mail::SmtpMailer>(config.smtp, runtime.clock(), runtime.random());
}

service::MailPolicy mail_policy(const ServeConfig& config) {
  return {config.mail_from, config.emails_per_recipient_per_hour,
          config.emails_per_client_per_hour};
}

}  // namespace keyward::cli
