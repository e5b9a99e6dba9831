// A Keyward node running in the test's own process: a real SQLite store in a temporary directory,
// real HTTPS on a loopback port, and a ManualClock the test moves, so lockouts, sessions and
// emailed links can be aged without sleeping. Mail goes to SMTP when a URL is given, else to the
// outbox folder, exactly as `keyward serve` would send it. The node's store is wrapped in a
// FaultInjectingStore, so a test can make it fail as a broken disk or database would.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "core/clock.h"
#include "crypto/credential_protector.h"
#include "crypto/random.h"
#include "mail/smtp_mailer.h"
#include "node/node.h"
#include "service/bootstrap.h"
#include "service/credential_index.h"
#include "service/settings_cache.h"
#include "store/store.h"
#include "support/fault_injecting_store.h"
#include "support/https_client.h"
#include "support/temp_dir.h"

namespace keyward::testing {

class InProcessNode {
 public:
  struct Options {
    service::SignInPolicy sign_in;
    int auth_failures_per_minute = 1000;
    mail::SmtpSettings smtp;  // url empty: the outbox
    std::vector<std::string> trusted_proxies;
    std::chrono::milliseconds staleness_bound{5000};
    // How often the key lifecycle sweep runs and the webhook outbox is looked at (node/node.h);
    // a test of what falls due as the clock moves makes them short.
    std::chrono::milliseconds lifecycle_period{std::chrono::minutes(1)};
    std::chrono::milliseconds webhook_poll{1000};
  };

  InProcessNode() : InProcessNode(Options{}) {}
  explicit InProcessNode(Options options);
  ~InProcessNode();
  // Stops the node and starts a new one over the same store, as a process restart would (the
  // index is loaded afresh from the store; the URL changes).
  void restart();
  InProcessNode(const InProcessNode&) = delete;
  InProcessNode& operator=(const InProcessNode&) = delete;

  ManualClock& clock() { return clock_; }
  HttpClient client() const { return HttpClient(url_, (dir_ / "cert.pem").string()); }
  std::string url() const { return url_; }
  // The system administrator and their organization, as `keyward init` makes them.
  const service::Bootstrapped& first() const { return first_; }
  Headers admin_headers() const;
  service::ServiceContext context() {
    return {faults_, index_, settings_, clock_, random_, protector_};
  }
  // The node's store, as the node sees it: tell it to fail, and the node's reads and writes fail.
  FaultInjectingStore& faults() { return faults_; }
  const std::filesystem::path& data_dir() const { return dir_.path(); }
  std::filesystem::path outbox() const { return dir_ / "outbox"; }

 private:
  TempDir dir_;
  ManualClock clock_;
  crypto::SystemRandom random_;
  crypto::CredentialProtector protector_;
  std::unique_ptr<store::Store> store_;
  FaultInjectingStore faults_{*store_};
  service::CredentialIndex index_;
  service::SettingsCache settings_;
  std::unique_ptr<service::Mailer> mailer_;
  void start();

  Options options_;
  std::unique_ptr<node::Node> node_;
  std::thread thread_;
  std::string url_;
  service::Bootstrapped first_;
};

}  // namespace keyward::testing
