// A real nginx (Debian's nginx-light) on loopback ports, for tests of Keyward behind a gateway:
// `auth_request` to Keyward in front of an upstream that nginx itself serves.
#pragma once

#include <string>

#include "support/free_port.h"
#include "support/temp_dir.h"
#include <sys/types.h>

namespace keyward::testing {

class Nginx {
 public:
  // Starts nginx with `http_block` as the body of its `http { }` block (server blocks, maps), and
  // waits until `port` accepts connections. The temporary paths nginx needs are set here.
  Nginx(const std::string& http_block, int port);
  ~Nginx();
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  // The error log so far, for failure messages.
  std::string error_log() const;

 private:
  TempDir dir_;
  pid_t pid_ = -1;
};

}  // namespace keyward::testing
