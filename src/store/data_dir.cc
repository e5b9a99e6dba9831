#include "store/data_dir.h"

#include <cerrno>
#include <cstring>
#include <span>
#include <string>

#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace keyward::store {
namespace {

namespace fs = std::filesystem;

std::string describe_errno(const fs::path& path) {
  return path.string() + ": " + std::strerror(errno);
}

Status write_new_file(const fs::path& path, std::span<const std::uint8_t> data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return fail(Errc::kAlreadyExists, path.string() + " already exists");
    return fail(Errc::kUnavailable, "cannot create " + describe_errno(path));
  }
  const ssize_t n = ::write(fd, data.data(), data.size());
  const bool ok = n == static_cast<ssize_t>(data.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return fail(Errc::kUnavailable, "cannot write " + describe_errno(path));
  return {};
}

Status read_key_file(const fs::path& path, std::span<std::uint8_t> out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return fail(Errc::kNotFound, path.string() +
                                       " is missing: run `keyward init` to initialize the data "
                                       "directory");
    }
    return fail(Errc::kUnavailable, "cannot open " + describe_errno(path));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    return fail(Errc::kInvalidArgument,
                path.string() + " must be readable by its owner only (chmod 600 it)");
  }
  const ssize_t n = ::read(fd, out.data(), out.size());
  std::uint8_t extra = 0;
  const ssize_t more = ::read(fd, &extra, 1);
  ::close(fd);
  if (n != static_cast<ssize_t>(out.size()) || more != 0) {
    return fail(Errc::kInvalidArgument, path.string() + " is damaged: it must hold exactly " +
                                            std::to_string(out.size()) + " bytes");
  }
  return {};
}

}  // namespace

ServerKeys::~ServerKeys() {
  sodium_memzero(pepper.data(), pepper.size());
  sodium_memzero(master_key.data(), master_key.size());
}

bool DataDir::has_keys() const {
  std::error_code ec;
  return fs::exists(pepper_file(), ec) && fs::exists(master_key_file(), ec);
}

Result<ServerKeys> DataDir::create_keys(RandomSource& random) const {
  std::error_code ec;
  fs::create_directories(root_, ec);
  if (ec) return fail(Errc::kUnavailable, "cannot create " + root_.string() + ": " + ec.message());
  fs::permissions(root_, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (has_keys()) {
    return fail(Errc::kAlreadyExists, root_.string() + " is already initialized");
  }
  ServerKeys keys;
  random.fill(keys.pepper);
  random.fill(keys.master_key);
  if (auto s = write_new_file(pepper_file(), keys.pepper); !s) return fail(s.error());
  if (auto s = write_new_file(master_key_file(), keys.master_key); !s) return fail(s.error());
  return keys;
}

Result<ServerKeys> DataDir::load_keys() const {
  ServerKeys keys;
  if (auto s = read_key_file(pepper_file(), keys.pepper); !s) return fail(s.error());
  if (auto s = read_key_file(master_key_file(), keys.master_key); !s) return fail(s.error());
  return keys;
}

}  // namespace keyward::store
