#include "support/smtp_sink.h"

#include <fstream>
#include <stdexcept>
#include <thread>

#include <boost/json.hpp>

#include "http/tls.h"
#include "support/process.h"
#include <signal.h>

namespace keyward::testing {

SmtpSink::SmtpSink(Options options) : implicit_tls_(options.implicit_tls) {
  std::vector<std::string> argv{"/usr/bin/python3", SMTP_SINK_SCRIPT, "--dir",
                                dir_.path().string()};
  if (options.starttls || options.implicit_tls) {
    auto made = http::generate_self_signed_certificate(dir_ / "cert.pem", dir_ / "key.pem",
                                                       {"localhost", "127.0.0.1"});
    if (!made)
      throw std::runtime_error("cannot make the sink's certificate: " + made.error().message);
    argv.insert(argv.end(), {"--cert", ca_file(), "--key", (dir_ / "key.pem").string()});
    if (options.implicit_tls) argv.emplace_back("--implicit-tls");
  }
  if (!options.login.empty()) {
    argv.insert(argv.end(), {"--login", options.login, "--password", options.password});
  }
  { std::ofstream(dir_ / "stdin"); }
  pid_ = spawn_process(argv, dir_ / "stdin", dir_ / "sink.out", dir_ / "sink.err");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!std::filesystem::exists(dir_ / "port")) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("the SMTP sink did not start: " +
                               read_whole_file(dir_ / "sink.err"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  port_ = std::stoi(read_whole_file(dir_ / "port"));
}

SmtpSink::~SmtpSink() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    wait_for_process(pid_);
  }
}

std::vector<ReceivedMail> SmtpSink::messages() const {
  std::vector<ReceivedMail> all;
  for (int n = 1;; ++n) {
    const auto path = dir_ / (std::to_string(n) + ".json");
    if (!std::filesystem::exists(path)) break;
    const auto j = boost::json::parse(read_whole_file(path)).as_object();
    ReceivedMail m;
    m.from = j.at("from").as_string().c_str();
    for (const auto& to : j.at("to").as_array()) m.to.emplace_back(to.as_string().c_str());
    m.tls = j.at("tls").as_bool();
    if (j.at("login").is_string()) m.login = j.at("login").as_string().c_str();
    m.data = j.at("data").as_string().c_str();
    all.push_back(std::move(m));
  }
  return all;
}

std::vector<ReceivedMail> SmtpSink::wait_for(size_t count, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto all = messages();
  while (all.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    all = messages();
  }
  return all;
}

}  // namespace keyward::testing
