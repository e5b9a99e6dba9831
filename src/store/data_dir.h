// The data directory: everything one Keyward node keeps on disk.
//
//   <root>/keyward.db       the SQLite store (with -wal and -shm beside it)
//   <root>/pepper           32 random bytes: the HMAC key of every credential lookup hash
//   <root>/master.key       32 random bytes: the AEAD key of every credential shown again
//   <root>/tls/cert.pem     the server certificate (generated, self-signed, when none is set)
//   <root>/tls/key.pem      its private key
//
// The directory is 0700 and the secret files 0600. Losing the pepper or master key makes every
// stored credential unusable, so back them up with the database, and never with it on the same
// medium an attacker might steal.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>

#include "core/error.h"
#include "core/random_source.h"

namespace keyward::store {

struct ServerKeys {
  std::array<std::uint8_t, 32> pepper{};
  std::array<std::uint8_t, 32> master_key{};

  ServerKeys() = default;
  ServerKeys(const ServerKeys&) = default;
  ServerKeys& operator=(const ServerKeys&) = default;
  ~ServerKeys();  // wipes both keys
};

class DataDir {
 public:
  explicit DataDir(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path database() const { return root_ / "keyward.db"; }
  std::filesystem::path pepper_file() const { return root_ / "pepper"; }
  std::filesystem::path master_key_file() const { return root_ / "master.key"; }
  std::filesystem::path tls_certificate() const { return root_ / "tls" / "cert.pem"; }
  std::filesystem::path tls_private_key() const { return root_ / "tls" / "key.pem"; }

  // True once create_keys() has succeeded here.
  bool has_keys() const;

  // Creates the directory (0700) if needed and writes fresh keys with mode 0600. Refuses with
  // kAlreadyExists rather than ever overwrite existing keys.
  Result<ServerKeys> create_keys(RandomSource& random) const;

  // Reads the keys. kNotFound when the directory was never initialized; kInvalidArgument when a
  // key file is damaged or readable by others than its owner.
  Result<ServerKeys> load_keys() const;

 private:
  std::filesystem::path root_;
};

}  // namespace keyward::store
