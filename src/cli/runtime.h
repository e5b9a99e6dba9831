// Everything a command needs to act on a data directory: its keys, its store, and the services
// over them. Commands that change data use the same services the server does, so a key created
// from the command line is exactly like one created over HTTP.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "crypto/credential_protector.h"
#include "crypto/random.h"
#include "service/credential_index.h"
#include "service/service_context.h"
#include "service/settings_cache.h"
#include "store/data_dir.h"
#include "store/store.h"

namespace keyward::cli {

class Runtime {
 public:
  // Opens an initialized data directory (kNotFound when `keyward init` has not run there).
  // `store_location` as for store::open_store.
  static Result<std::unique_ptr<Runtime>> open(const std::filesystem::path& data_dir,
                                               const std::string& store_location);
  // Initializes a data directory: fresh keys, then the store. Refuses an initialized one.
  static Result<std::unique_ptr<Runtime>> create(const std::filesystem::path& data_dir,
                                                 const std::string& store_location);

  const store::DataDir& data_dir() const { return data_dir_; }
  store::Store& store() { return *store_; }
  service::CredentialIndex& index() { return index_; }
  service::SettingsCache& settings() { return settings_; }
  const Clock& clock() const { return clock_; }
  const crypto::CredentialProtector& protector() const { return *protector_; }
  RandomSource& random() { return random_; }
  service::ServiceContext context() {
    return service::ServiceContext{*store_, index_, settings_, clock_, random_, *protector_};
  }

 private:
  explicit Runtime(std::filesystem::path data_dir) : data_dir_(std::move(data_dir)) {}
  Status finish_opening(const store::ServerKeys& keys, const std::string& store_location);

  store::DataDir data_dir_;
  crypto::SystemRandom random_;
  SystemClock clock_;
  std::unique_ptr<crypto::CredentialProtector> protector_;
  std::unique_ptr<store::Store> store_;
  service::CredentialIndex index_;
  service::SettingsCache settings_;
};

}  // namespace keyward::cli
