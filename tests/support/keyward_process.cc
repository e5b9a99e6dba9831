#include "support/keyward_process.h"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <boost/json.hpp>

#include "crypto/base64.h"
#include "support/process.h"
#include <signal.h>
#include <sys/wait.h>

namespace keyward::testing {
namespace {

std::vector<std::string> binary_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv{KEYWARD_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

boost::json::value CommandResult::json() const { return boost::json::parse(out); }

CommandResult run_keyward(const std::vector<std::string>& args, const std::string& input) {
  TempDir io;
  { std::ofstream(io / "in") << input; }
  const pid_t pid = spawn_process(binary_argv(args), io / "in", io / "out", io / "err");
  CommandResult r;
  r.exit_code = wait_for_process(pid);
  r.out = read_whole_file(io / "out");
  r.err = read_whole_file(io / "err");
  return r;
}

std::string basic_credentials(const std::string& username, const std::string& service_key) {
  return crypto::base64_encode(username + ":" + service_key);
}

KeywardServer::KeywardServer(Options options)
    : options_(std::move(options)),
      data_dir_(options_.data_dir.empty() ? temp_ / "data" : options_.data_dir) {
  if (!options_.data_dir.empty()) {
    start();
    return;
  }
  std::vector<std::string> init{"init", "--data-dir", data_dir_.string(), "--json"};
  if (!options_.store.empty()) init.insert(init.end(), {"--store", options_.store});
  const auto r = run_keyward(init);
  if (r.exit_code != 0) throw std::runtime_error("keyward init failed: " + r.err);
  const auto j = r.json();
  init_.admin_username = j.at("admin").at("username").as_string().c_str();
  init_.admin_password = j.at("admin").at("password").as_string().c_str();
  init_.admin_service_key = j.at("admin").at("service_key").as_string().c_str();
  init_.org_id = j.at("org").at("id").as_string().c_str();
  init_.org_name = j.at("org").at("name").as_string().c_str();
  init_.org_api_key = j.at("org").at("api_key").as_string().c_str();
  start();
}

KeywardServer::~KeywardServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    wait_for_process(pid_);
  }
}

void KeywardServer::start() {
  const auto ready = temp_ / "ready";
  std::filesystem::remove(ready);
  { std::ofstream(temp_ / "empty"); }
  std::vector<std::string> args{"serve",       "--data-dir",   data_dir_.string(), "--listen",
                                "127.0.0.1:0", "--ready-file", ready.string()};
  if (options_.plaintext) args.push_back("--plaintext");
  if (!options_.store.empty()) args.insert(args.end(), {"--store", options_.store});
  if (!options_.config.empty()) {
    const auto config = temp_ / "keyward.toml";
    { std::ofstream(config) << options_.config; }
    std::filesystem::permissions(
        config, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    args.push_back("--config");
    args.push_back(config.string());
  }
  args.insert(args.end(), options_.serve_args.begin(), options_.serve_args.end());
  pid_ =
      spawn_process(binary_argv(args), temp_ / "empty", temp_ / "serve.out", temp_ / "serve.err");
  ++starts_;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!std::filesystem::exists(ready)) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("keyward serve exited at start: " + log());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("keyward serve did not start within 30 s: " + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  url_ = read_whole_file(ready);
  while (!url_.empty() && (url_.back() == '\n')) url_.pop_back();
}

int KeywardServer::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const int code = wait_for_process(pid_);
  pid_ = -1;
  return code;
}

void KeywardServer::kill_now() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  wait_for_process(pid_);
  pid_ = -1;
}

std::string KeywardServer::log() const { return read_whole_file(temp_ / "serve.err"); }

CommandResult KeywardServer::cli(std::vector<std::string> args, const std::string& input) const {
  args.push_back("--data-dir");
  args.push_back(data_dir_.string());
  if (!options_.store.empty()) args.insert(args.end(), {"--store", options_.store});
  return run_keyward(args, input);
}

Headers KeywardServer::admin_headers() const {
  return {{"Authorization", basic_credentials(init_.admin_username, init_.admin_service_key)},
          {"API-Key", init_.org_api_key}};
}

}  // namespace keyward::testing
