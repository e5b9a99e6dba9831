// How Keyward sends email, shared by `keyward serve` and the commands that email keys: SMTP when
// the config sets smtp.url, else a file per message in <data dir>/outbox (mail/outbox_mailer.h).
#pragma once

#include <memory>

#include "cli/runtime.h"
#include "cli/serve_config.h"
#include "service/key_mail.h"
#include "service/mailer.h"

namespace keyward::cli {

// The mailer for `config`; it uses `runtime`'s clock and randomness, so must not outlive it.
std::unique_ptr<service::Mailer> make_mailer(const ServeConfig& config, Runtime& runtime);

// The sender address and hourly limits of "email me the key" messages.
service::MailPolicy mail_policy(const ServeConfig& config);

}  // namespace keyward::cli
