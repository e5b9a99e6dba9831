#include "cli/runtime.h"

#include "store/copy.h"
#include "store/open_store.h"

namespace keyward::cli {

Status Runtime::finish_opening(const store::ServerKeys& keys, const std::string& store_location) {
  protector_ = std::make_unique<crypto::CredentialProtector>(keys.pepper, keys.master_key);
  auto store = store::open_store(store_location, data_dir_);
  if (!store) return fail(store.error());
  store_ = std::move(*store);
  // Key policies shape the keys commands generate, so they must be the stored ones.
  auto settings = store_->get_settings();
  if (!settings) return fail(settings.error());
  settings_.put(*settings);
  return {};
}

Result<std::unique_ptr<Runtime>> Runtime::open(const std::filesystem::path& data_dir,
                                               const std::string& store_location) {
  std::unique_ptr<Runtime> rt(new Runtime(data_dir));
  auto keys = rt->data_dir_.load_keys();
  if (!keys) return fail(keys.error());
  if (auto s = rt->finish_opening(*keys, store_location); !s) return fail(s.error());
  return rt;
}

Result<std::unique_ptr<Runtime>> Runtime::create(const std::filesystem::path& data_dir,
                                                 const std::string& store_location) {
  std::unique_ptr<Runtime> rt(new Runtime(data_dir));
  if (!store_location.empty() && !rt->data_dir_.has_keys()) {
    // A store given by location may be shared with nodes that already serve it; new keys here
    // would make this node unable to read anything they wrote. Checked before anything is made.
    auto store = store::open_store(store_location, rt->data_dir_);
    if (!store) return fail(store.error());
    auto empty = store::is_empty(**store);
    if (!empty) return fail(empty.error());
    if (!*empty) {
      return fail(Errc::kAlreadyExists,
                  "the store " + store::describe_location(store_location, rt->data_dir_) +
                      " already holds Keyward data. To add a node that serves it, copy the pepper "
                      "and master.key files of a node's data directory into " +
                      rt->data_dir_.root().string() +
                      " (mode 0600, directory 0700) instead of running init");
    }
  }
  auto keys = rt->data_dir_.create_keys(rt->random_);
  if (!keys) return fail(keys.error());
  if (auto s = rt->finish_opening(*keys, store_location); !s) return fail(s.error());
  return rt;
}

}  // namespace keyward::cli
