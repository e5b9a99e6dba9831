// The real `keyward` binary, driven as a user would: commands run to completion, and a server
// started on a free loopback port over a freshly initialized data directory.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "support/https_client.h"
#include "support/temp_dir.h"
#include <sys/types.h>

namespace keyward::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  boost::json::value json() const;  // stdout parsed as JSON
};

// Runs `keyward <args>` with `input` on its standard input.
CommandResult run_keyward(const std::vector<std::string>& args, const std::string& input = "");

// What `keyward init --json` printed.
struct InitResult {
  std::string admin_username;
  std::string admin_password;
  std::string admin_service_key;
  std::string org_id;
  std::string org_name;
  std::string org_api_key;
};

// base64(username:service_key), as Contrast clients send it.
std::string basic_credentials(const std::string& username, const std::string& service_key);

class KeywardServer {
 public:
  struct Options {
    bool plaintext = false;
    std::vector<std::string> serve_args;  // extra arguments for `keyward serve`
    std::string config;                   // TOML for `serve --config`, when not empty
    std::string store;                    // --store for `init` and `serve`, when not empty
    // An initialized data directory to serve instead of a fresh one (init() is then empty).
    std::filesystem::path data_dir;
  };

  KeywardServer() : KeywardServer(Options{}) {}
  // Initializes a data directory in a temporary directory and starts serving.
  explicit KeywardServer(Options options);
  ~KeywardServer();
  KeywardServer(const KeywardServer&) = delete;
  KeywardServer& operator=(const KeywardServer&) = delete;

  // Starts `keyward serve` (again, after stop()) and waits until it listens.
  void start();
  // SIGTERM, then waits; returns the exit status (0 for a graceful stop).
  int stop();
  // SIGKILL, as a crash or `kill -9` would end it, then waits.
  void kill_now();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  const InitResult& init() const { return init_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  std::string url() const { return url_; }
  std::string ca_file() const {
    return options_.plaintext ? "" : (data_dir_ / "tls" / "cert.pem").string();
  }
  HttpClient client() const { return HttpClient(url_, ca_file()); }
  // The server's standard error so far (its log).
  std::string log() const;

  // `keyward <args> --data-dir <this server's data directory>`.
  CommandResult cli(std::vector<std::string> args, const std::string& input = "") const;

  // Authorization and API-Key for the system administrator, Contrast style.
  Headers admin_headers() const;

  const std::filesystem::path& temp_dir() const { return temp_.path(); }

 private:
  Options options_;
  TempDir temp_;
  std::filesystem::path data_dir_;
  InitResult init_;
  pid_t pid_ = -1;
  std::string url_;
  int starts_ = 0;
};

}  // namespace keyward::testing
