// The "try it now" lines `init` and `quickstart` print: ready-to-paste curl commands.
#pragma once

#include <string>

namespace keyward::cli {

struct QuickstartFacts {
  std::string program;           // how to invoke keyward: "build/keyward", "keyward"
  std::string base_url;          // "https://127.0.0.1:8443"
  std::string certificate_path;  // for curl --cacert; empty with plain HTTP
  std::string username;
  std::string service_key;
  std::string org_id;
  std::string org_api_key;
  std::string agent_username;
  std::string agent_service_key;
  std::string public_key;  // the organization's default public key; may be empty
  std::string password;    // the administrator's console password; empty when not known
};

// The Contrast-style request of the seed, the demo agent, reading what it reported, a named-key
// verification, and last, the console's address with the administrator's username and password
// (or how to get a password when it is not known).
std::string quickstart_text(const QuickstartFacts& facts);

}  // namespace keyward::cli
