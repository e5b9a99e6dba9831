// `keyward store copy`: moves an installation into another store (a single node's SQLite
// database into the PostgreSQL several nodes will share), with every credential still valid.
#include <iostream>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/runtime.h"
#include "service/organization_service.h"
#include "store/copy.h"
#include "store/open_store.h"

namespace keyward::cli {
namespace {

// Credentials are copied as stored, so they are only valid with the pepper and master key the
// source was made with. Reveal one organization's API key and hash it again: if both keys are
// the right ones, the result is the stored lookup hash.
Status check_keys_match(Runtime& rt) {
  auto orgs = rt.store().list_organizations();
  if (!orgs) return fail(orgs.error());
  if (orgs->empty()) return {};
  const auto& org = orgs->front();
  auto creds = service::OrganizationService(rt.context()).reveal_credentials(org.id);
  if (!creds || rt.protector().lookup_hash(creds->api_key) != org.api_key.lookup) {
    return fail(Errc::kInvalidArgument,
                "the pepper and master.key in " + rt.data_dir().root().string() +
                    " are not the ones this store was made with; pass the data directory of the "
                    "installation being copied with --data-dir");
  }
  return {};
}

}  // namespace

int run_store_copy(const StoreCopyOptions& o) {
  auto rt = Runtime::open(o.data_dir, o.from);
  if (!rt) return report(rt.error());
  const auto& dir = (*rt)->data_dir();
  const std::string from = store::describe_location(o.from, dir);
  auto empty = store::is_empty((*rt)->store());
  if (!empty) return report(empty.error());
  if (*empty) return report(Error{Errc::kNotFound, from + " holds nothing to copy", {}});
  if (auto s = check_keys_match(**rt); !s) return report(s.error());
  const std::string to = store::describe_location(o.to, dir);
  auto target = store::open_store(o.to, dir);
  if (!target) return report(target.error());
  auto counts = store::copy_store((*rt)->store(), **target, (*rt)->clock().now());
  if (!counts) {
    auto e = counts.error();
    if (e.code == Errc::kAlreadyExists) e.message = to + ": " + e.message;
    return report(e);
  }
  const auto& c = *counts;
  if (o.json) {
    print_json(boost::json::object{{"from", from},
                                   {"to", to},
                                   {"organizations", c.organizations},
                                   {"users", c.users},
                                   {"keys", c.keys},
                                   {"applications", c.applications},
                                   {"traces", c.traces},
                                   {"sessions", c.sessions},
                                   {"audit_records", c.audit_records},
                                   {"pepper", dir.pepper_file().string()},
                                   {"master_key", dir.master_key_file().string()}});
    return kExitOk;
  }
  std::cout << "Copied " << from << " to " << to << ":\n"
            << "  organizations: " << c.organizations << "\n"
            << "  users:         " << c.users << "\n"
            << "  keys:          " << c.keys << "\n"
            << "  applications:  " << c.applications << "\n"
            << "  traces:        " << c.traces << "\n"
            << "  sessions:      " << c.sessions << "\n"
            << "  audit records: " << c.audit_records << "\n\n"
            << "Every key stays valid with this data directory's pepper and master key. Each node "
               "that serves\n"
            << to << " needs both files in its own data directory:\n\n"
            << "  install -d -m 700 /path/to/node/data\n"
            << "  install -m 600 " << dir.pepper_file().string() << " "
            << dir.master_key_file().string() << " /path/to/node/data/\n\n"
            << "then `keyward serve --data-dir /path/to/node/data --store " << to << "`.\n";
  return kExitOk;
}

int run_store_prune_journal(const PruneJournalOptions& o) {
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto& st = (*rt)->store();
  auto last = st.last_change();
  if (!last) return report(last.error());
  auto pruned = st.prune_changes(*last - o.keep);
  if (!pruned) return report(pruned.error());
  auto through = st.pruned_through();
  if (!through) return report(through.error());
  if (o.json) {
    print_json(boost::json::object{
        {"deleted", *pruned}, {"pruned_through", *through}, {"last_change", *last}});
    return kExitOk;
  }
  std::cout << "Deleted " << *pruned << " journal entries; positions up to " << *through
            << " are gone, the newest is " << *last << ".\n";
  return kExitOk;
}

}  // namespace keyward::cli
