#include "support/nginx.h"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/process.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

namespace keyward::testing {
namespace {

constexpr char kNginx[] = "/usr/sbin/nginx";

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

Nginx::Nginx(const std::string& http_block, int port) {
  const std::string d = dir_.path().string();
  // In the foreground, one process, every path in the temporary directory: nothing touches the
  // system's nginx configuration or needs root.
  std::ofstream(dir_ / "nginx.conf")
      << "daemon off;\nmaster_process off;\nworker_processes 1;\npid " << d << "/nginx.pid;\n"
      << "error_log " << d << "/error.log warn;\nevents { worker_connections 1024; }\n"
      << "http {\n  access_log off;\n  client_body_temp_path " << d << "/body;\n"
      << "  proxy_temp_path " << d << "/proxy;\n  fastcgi_temp_path " << d << "/fastcgi;\n"
      << "  uwsgi_temp_path " << d << "/uwsgi;\n  scgi_temp_path " << d << "/scgi;\n"
      << http_block << "\n}\n";
  pid_ = spawn_process({kNginx, "-p", d, "-c", d + "/nginx.conf", "-e", d + "/error.log"},
                       "/dev/null", dir_ / "stdout", dir_ / "stderr");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!accepts(port)) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("nginx did not start: " + error_log() +
                               read_whole_file(dir_ / "stderr"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Nginx::~Nginx() {
  if (pid_ > 0) {
    ::kill(pid_, SIGQUIT);
    wait_for_process(pid_);
  }
}

std::string Nginx::error_log() const { return read_whole_file(dir_ / "error.log"); }

}  // namespace keyward::testing
