#include "support/postgres_server.h"

#include <stdexcept>

#include "support/process.h"

namespace keyward::testing {

PostgresServer::PostgresServer() {
  script("start");
  uri_ = read_whole_file(state_ / "uri");
  while (!uri_.empty() && uri_.back() == '\n') uri_.pop_back();
}

PostgresServer::~PostgresServer() {
  try {
    script("stop");
  } catch (const std::exception&) {
    // Nothing more can be done; the directory goes with state_.
  }
}

void PostgresServer::down() { script("down"); }
void PostgresServer::up() { script("up"); }

void PostgresServer::script(const std::string& action) {
  const auto log = state_ / "script.log";
  const pid_t pid = spawn_process({"/bin/bash", POSTGRES_CLUSTER_SCRIPT, action, state_.path()},
                                  "/dev/null", log, log);
  if (wait_for_process(pid) != 0) {
    throw std::runtime_error("postgres-cluster.sh " + action + " failed: " + read_whole_file(log));
  }
}

}  // namespace keyward::testing
