#include "cli/runtime.h"

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
  auto keys = rt->data_dir_.create_keys(rt->random_);
  if (!keys) return fail(keys.error());
  if (auto s = rt->finish_opening(*keys, store_location); !s) return fail(s.error());
  return rt;
}

}  // namespace keyward::cli
