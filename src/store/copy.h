// Moving an installation from one store to another (`keyward store copy`), and telling whether a
// store is still empty (which `keyward init` and the copy require of their target).
#pragma once

#include <cstddef>

#include "core/error.h"
#include "core/time.h"
#include "store/store.h"

namespace keyward::store {

// False once anything was written: an organization, a user, saved settings or an audit record.
Result<bool> is_empty(Store& store);

struct CopyCounts {
  std::size_t organizations = 0;
  std::size_t users = 0;
  std::size_t keys = 0;  // revoked ones included
  std::size_t applications = 0;
  std::size_t traces = 0;
  std::size_t sessions = 0;  // the ones still active at `now`
  std::size_t audit_records = 0;
  std::size_t webhooks = 0;  // endpoints not deleted
};

// Copies everything `from` holds into `to`, in one batch, so the target holds all of it or none:
// organizations, users with their memberships, keys (revoked ones and last-used times included),
// applications, traces, webhook endpoints not deleted, saved settings, sessions still active at
// `now`, and the audit log (in order; the target numbers the records afresh). Credentials are
// copied as stored (lookup hashes and sealed copies), so they stay valid wherever the same pepper
// and master key are used. Versions restart at 1 in the target, which is a new history. One-time
// reveal links are not copied: they live ten minutes and can be asked for again.
//
// Refuses with kAlreadyExists a target that is not empty; nothing is written then.
Result<CopyCounts> copy_store(Store& from, Store& to, Timestamp now);

}  // namespace keyward::store
