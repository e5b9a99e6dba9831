// The lifecycle sweep: expiry reminders, key.expiring and key.expired events, and unused keys
// disabled after a warning (core/key_lifecycle.h has the rules). A serving node runs it once at
// start and then every minute or so (node/node.h).
//
// Each notice is given once: its record (core/key_reminder.h) goes into the same batch as its
// event (and, for an unused key, as the disable), and the store refuses a second record, so a
// node that finds the notice given by another, or by itself before a restart, does nothing.
// The email to the key's creator and the organization's administrators goes out after that batch
// commits, from the node whose batch it was: a node that dies between the two loses that email
// (the event and record stand); no email is ever sent twice.
//
// Reads every organization's keys and notices per pass: a few queries per organization.
//
// Threading: run() waits on the store and the mail server and must not run on an I/O thread;
// calls must not overlap (one thread makes them). stop() may be called from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

#include "core/error.h"
#include "core/key_lifecycle.h"
#include "core/user.h"
#include "service/key_service.h"
#include "service/mailer.h"
#include "service/service_context.h"

namespace keyward::service {

struct SweepReport {
  std::size_t reminders = 0;  // key.expiring notices: expiry, grace, unused-key warnings
  std::size_t expired = 0;    // key.expired events
  std::size_t disabled = 0;   // unused keys disabled
  std::size_t mail_failures = 0;
};

// Who the sweep acts as in the audit log when it disables an unused key.
inline Actor lifecycle_actor() { return Actor{"system (unused keys)", std::nullopt, "local"}; }

class LifecycleSweeper {
 public:
  // `keys` and `mailer` must outlive the sweeper. `mail_from` is the From of the notices.
  LifecycleSweeper(ServiceContext ctx, KeyService& keys, Mailer& mailer, std::string mail_from)
      : ctx_(ctx), keys_(keys), mailer_(mailer), mail_from_(std::move(mail_from)) {}

  // Gives every notice due now, organization by organization, until done or stop() is called.
  // kUnavailable when the store could not be read: what was given before stands, and the next
  // run gives the rest.
  Result<SweepReport> run();
  void stop() { stopped_.store(true, std::memory_order_relaxed); }

 private:
  Status sweep(const Organization& org, const std::vector<User>& users, SweepReport& report);
  // Whether the notice was given by this call (false: given already, by this node or another).
  Result<bool> give(const Organization& org, const NamedKey& key, const LifecycleNotice& notice);
  void email(const Organization& org, const NamedKey& key, const LifecycleNotice& notice,
             const std::vector<User>& users, SweepReport& report);
  bool stopped() const { return stopped_.load(std::memory_order_relaxed); }

  ServiceContext ctx_;
  KeyService& keys_;
  Mailer& mailer_;
  std::string mail_from_;
  std::atomic<bool> stopped_{false};
};

}  // namespace keyward::service
