// The CredentialIndex under concurrent use, as a serving node has it: request threads look
// credentials up while commits and the journal catch-up apply batches and reloads replace
// everything. A lookup never misses a live key, never finds one whose revocation was applied
// before it began, and never sees a half-applied batch. Run under ThreadSanitizer by `make test`.
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "service/credential_index.h"
#include "unit/store/entities.h"

namespace keyward::service {
namespace {

constexpr int kReaders = 4;
constexpr int kChurn = 600;
constexpr int kRotations = 300;  // API key and service key rotations while the readers run  // keys
                                 // created and revoked while the readers run

// Returns once the readers have made some lookups, so the writer's work overlaps theirs even
// where threads start slowly.
void wait_for_readers(const std::atomic<long>& lookups) {
  while (lookups.load() < kReaders * 100) std::this_thread::yield();
}

// Replaces the index's contents, as IndexSync::load does (the keys built aside, then swapped in).
void reload(CredentialIndex& index, const std::vector<Organization>& orgs,
            const std::vector<User>& users, const std::vector<NamedKey>& keys) {
  KeyTable table;
  for (const auto& key : keys) table.put(key);
  index.reset(orgs, users, table, {});
}

// Any moment will do: the keys here never expire.
const Timestamp kNow = from_epoch_ms(1'800'000'000'000);

store::WriteBatch batch_of(std::vector<NamedKey> keys) {
  store::WriteBatch b;
  b.keys = std::move(keys);
  return b;
}

TEST(CredentialIndexConcurrency, LookupsAreExactWhileBatchesAndReloadsApply) {
  testing::EntityFactory make;
  const Organization org = make.organization();
  std::vector<NamedKey> stable;
  for (int i = 0; i < 100; ++i) stable.push_back(make.key(org.id));
  std::vector<NamedKey> churn;
  for (int i = 0; i < kChurn; ++i) churn.push_back(make.key(org.id));

  CredentialIndex index;
  reload(index, {org}, {}, stable);
  // Index i of `churn` whose revocation has been applied, plus one; readers check below it.
  std::atomic<int> revoked_below{0};
  std::atomic<bool> done{false};
  std::atomic<long> lookups{0}, misses{0}, stale{0};

  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      size_t i = static_cast<size_t>(r);
      while (!done.load(std::memory_order_acquire)) {
        const NamedKey& live = stable[i++ % stable.size()];
        const auto found = index.find_key(live.token_hash, kNow);
        if (!found || found->key_id != live.id) misses.fetch_add(1);
        const int below = revoked_below.load(std::memory_order_acquire);
        if (below > 0) {
          const NamedKey& gone =
              churn[static_cast<size_t>(below - 1) - i % static_cast<size_t>(below)];
          if (index.find_key(gone.token_hash, kNow)) stale.fetch_add(1);
        }
        lookups.fetch_add(1, std::memory_order_relaxed);
        // A request does more than look up; without a gap, readers that always overlap keep
        // glibc's reader-preferring lock from ever letting the writer in.
        std::this_thread::yield();
      }
    });
  }

  wait_for_readers(lookups);
  // The writer: each churn key is created, then revoked in a later batch (a newer version);
  // every 150 keys the whole index is reloaded, as IndexSync::load does.
  for (int i = 0; i < kChurn; ++i) {
    NamedKey created = churn[static_cast<size_t>(i)];
    index.apply(batch_of({created}));
    NamedKey revoked = created;
    revoked.revoked_at = make.at(i);
    revoked.version = created.version + 1;
    index.apply(batch_of({revoked}));
    churn[static_cast<size_t>(i)] = revoked;
    revoked_below.store(i + 1, std::memory_order_release);
    std::this_thread::yield();  // let the readers in between batches, on few cores too
    if (i % 150 == 149) {
      std::vector<NamedKey> all = stable;
      all.insert(all.end(), churn.begin(), churn.begin() + i + 1);
      reload(index, {org}, {}, all);
    }
  }
  // An old copy of a revoked key arriving late (the journal and the commit path race) must not
  // bring it back.
  index.apply(batch_of({make.key(org.id)}));
  NamedKey late = churn.front();
  late.revoked_at.reset();
  late.version = 1;
  index.apply(batch_of({late}));
  done.store(true, std::memory_order_release);
  for (auto& t : readers) t.join();

  EXPECT_GT(lookups.load(), 0);
  EXPECT_EQ(misses.load(), 0) << "a live key was not found during an update";
  EXPECT_EQ(stale.load(), 0) << "a revoked key was found after its revocation was applied";
  EXPECT_FALSE(index.find_key(churn.front().token_hash, kNow));
  EXPECT_EQ(index.key_count(), stable.size() + 1);
}

TEST(CredentialIndexConcurrency, OrganizationAndUserLookupsFollowRotation) {
  testing::EntityFactory make;
  Organization org = make.organization();
  User user = make.user("ada@acme.example", org.id, Role::kAdmin);
  CredentialIndex index;
  reload(index, {org}, {user}, {});
  std::atomic<bool> done{false};
  std::atomic<long> inconsistent{0}, lookups{0};
  // `applying` is set before a rotation is applied, `generation` once it has been.
  std::atomic<int> applying{0}, generation{0};
  // Every generation's credentials are made before the threads start; readers only read them.
  std::vector<ProtectedSecret> api_keys{org.api_key};
  std::vector<ProtectedSecret> service_keys{user.service_key};
  for (int i = 0; i < kRotations; ++i) {
    api_keys.push_back(make.secret());
    service_keys.push_back(make.secret());
  }

  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      while (!done.load(std::memory_order_acquire)) {
        const int g = generation.load();
        // The current credentials (or a newer pair) always resolve to the same org and user.
        const auto o = index.find_org_by_api_key(api_keys[static_cast<size_t>(g)].lookup);
        const auto u =
            index.find_user("ada@acme.example", service_keys[static_cast<size_t>(g)].lookup);
        const bool newer = applying.load() != g;  // a rotation may have replaced them
        if (!newer && (!o || o->org_id != org.id || !u || u->user_id != user.id)) {
          inconsistent.fetch_add(1);
        }
        if (u && !index.role_of(user.id, org.id)) inconsistent.fetch_add(1);
        lookups.fetch_add(1, std::memory_order_relaxed);
        std::this_thread::yield();
      }
    });
  }
  wait_for_readers(lookups);
  for (int i = 0; i < kRotations; ++i) {
    applying.store(i + 1);
    org.api_key = api_keys[static_cast<size_t>(i + 1)];
    org.version += 1;
    user.service_key = service_keys[static_cast<size_t>(i + 1)];
    user.version += 1;
    store::WriteBatch b;
    b.organizations.push_back(org);
    b.users.push_back(user);
    index.apply(b);
    generation.store(i + 1);
    std::this_thread::yield();
  }
  done.store(true, std::memory_order_release);
  for (auto& t : readers) t.join();
  EXPECT_GT(lookups.load(), kReaders * 100);
  EXPECT_EQ(inconsistent.load(), 0);
  EXPECT_TRUE(index.find_org_by_api_key(api_keys.back().lookup));
}

}  // namespace
}  // namespace keyward::service
