// A real SMTP server on a loopback port (tests/support/smtp_sink.py, on Debian's aiosmtpd) that
// keeps every message it receives, for tests of the mail Keyward sends.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include <sys/types.h>

namespace keyward::testing {

struct ReceivedMail {
  std::string from;
  std::vector<std::string> to;
  bool tls = false;   // sent after STARTTLS
  std::string login;  // the AUTH user, when the client authenticated
  std::string data;   // headers and body, as sent
};

class SmtpSink {
 public:
  struct Options {
    bool starttls = true;  // offer STARTTLS (with a fresh self-signed certificate) and require it
    bool implicit_tls = false;  // instead, TLS from the first byte, as smtps:// expects
    std::string login;          // require AUTH with these credentials when not empty
    std::string password;
  };

  SmtpSink() : SmtpSink(Options{}) {}
  explicit SmtpSink(Options options);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  std::string url() const {
    return (implicit_tls_ ? "smtps://127.0.0.1:" : "smtp://127.0.0.1:") + std::to_string(port_);
  }
  // The certificate it presents, for the client's CA file.
  std::string ca_file() const { return (dir_ / "cert.pem").string(); }

  std::vector<ReceivedMail> messages() const;
  // Waits up to `timeout` until at least `count` messages have arrived; all of them.
  std::vector<ReceivedMail> wait_for(size_t count,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  bool implicit_tls_ = false;
};

}  // namespace keyward::testing
