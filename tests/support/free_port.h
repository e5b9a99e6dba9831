// Free TCP ports for servers a test starts itself.
#pragma once

namespace keyward::testing {

// A TCP port on 127.0.0.1 that nothing listens on at the time of the call.
int free_port();

}  // namespace keyward::testing
