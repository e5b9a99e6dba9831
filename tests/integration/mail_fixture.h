// Security administration with mail: `keyward serve` configured for a real SMTP server on
// loopback that requires STARTTLS and a login, as a company mail relay would.
#pragma once

#include <string>

#include <boost/json.hpp>

#include "integration/security_fixture.h"
#include "support/smtp_sink.h"

namespace keyward::testing {

inline constexpr char kSinkLogin[] = "keyward-relay";
inline constexpr char kSinkPassword[] = "relay-password-7f3a";

// The [smtp] and [security] sections of a config file that sends through `url`.
inline std::string smtp_config(const std::string& url, const std::string& ca_file) {
  return "[smtp]\nurl = \"" + url + "\"\nusername = \"" + kSinkLogin + "\"\npassword = \"" +
         kSinkPassword + "\"\nstarttls = \"required\"\nca_file = \"" + ca_file +
         "\"\nfrom = \"keys@acme.example\"\n\n[security]\nemails_per_recipient_per_hour = 3\n";
}

// The token of the one-time link in a message, or empty.
inline std::string link_token(const std::string& message) {
  const std::string marker = "/console/reveal#token=";
  const auto at = message.find(marker);
  if (at == std::string::npos) return "";
  const auto start = at + marker.size();
  return message.substr(start, message.find_first_of("\r\n", start) - start);
}

// The key of a message that carries it ("The key is:", a blank line, the key indented).
inline std::string key_in(const std::string& message) {
  const std::string marker = "The key is:";
  auto at = message.find(marker);
  if (at == std::string::npos) return "";
  at = message.find_first_not_of(" \r\n", at + marker.size());
  return message.substr(at, message.find_first_of("\r\n", at) - at);
}

class MailTest : public SecurityTest {
 protected:
  // A relay that requires STARTTLS and a login, unless a suite says otherwise.
  explicit MailTest(SmtpSink::Options relay = {.starttls = true,
                                               .implicit_tls = false,
                                               .login = kSinkLogin,
                                               .password = kSinkPassword})
      : sink(std::move(relay)) {}

  KeywardServer::Options server_options() const override {
    KeywardServer::Options o;
    o.config = smtp_config(sink.url(), sink.ca_file());
    return o;
  }

  HttpResponse redeem(const std::string& token, const Headers& as) {
    auto client = server->client();
    return client.post_json("/api/v1/reveal",
                            boost::json::serialize(boost::json::object{{"token", token}}), as);
  }

  SmtpSink sink;
};

}  // namespace keyward::testing
