// `keyward serve --config FILE`: the whole reading of a configuration file (toml++'s parser, the
// unknown-setting check, every type and range check, the SMTP settings). The input is written to
// a file readable by its owner only, as an operator's would be, and read back through
// resolve_serve_config. Nothing crashes or throws, every refusal says what is wrong, and a
// configuration that is accepted holds only values the server can use.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/serve_config.h"
#include <unistd.h>

namespace {

// The file every input is written to, removed when the process ends.
struct ConfigFile {
  ConfigFile()
      : path((std::filesystem::temp_directory_path() /
              ("keyward-fuzz-" + std::to_string(::getpid()) + ".toml"))
                 .string()) {}
  ~ConfigFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  std::string path;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ConfigFile file;
  const std::string& path = file.path;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  keyward::cli::ServeOptions options;
  options.config_file = path;
  const auto config = keyward::cli::resolve_serve_config(options);
  if (!config) {
    if (config.error().message.empty()) std::abort();
    return 0;
  }
  const auto& c = *config;
  if (c.threads > 256) std::abort();
  if (c.limits.header_bytes < 1024 || c.limits.header_bytes > 1024 * 1024) std::abort();
  if (c.limits.max_connections < 1) std::abort();
  if (c.journal_poll.count() <= 0 || c.usage_flush.count() <= 0) std::abort();
  if (c.sign_in.lockout.count() <= 0 || c.sign_in.max_failed_logins < 1) std::abort();
  if (c.auth_failures_per_minute < 1 || c.auth_failures_per_minute > 100'000) std::abort();
  if (c.tls_certificate.empty() != c.tls_private_key.empty()) std::abort();
  return 0;
}
