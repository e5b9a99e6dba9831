#include "cli/quickstart_text.h"

#include "crypto/base64.h"

namespace keyward::cli {

std::string quickstart_text(const QuickstartFacts& f) {
  const std::string curl =
      f.certificate_path.empty() ? "curl" : "curl --cacert " + f.certificate_path;
  const std::string authorization = crypto::base64_encode(f.username + ":" + f.service_key);
  std::string out;
  out += "List the demo organization's applications, as a Contrast client would:\n\n";
  out += "  " + curl + " -H 'Accept: application/json' \\\n";
  out += "    -H 'API-Key: " + f.org_api_key + "' \\\n";
  out += "    -H 'Authorization: " + authorization + "' \\\n";
  out += "    " + f.base_url + "/Contrast/api/ng/applications\n";
  out += "\nSend demo data as the organization's agent would (an application, four findings):\n\n";
  out += "  " + f.program + " agent-demo --url " + f.base_url + " \\\n";
  out += "    --api-key " + f.org_api_key + " \\\n";
  out += "    --agent-user " + f.agent_username + " \\\n";
  out += "    --agent-key " + f.agent_service_key;
  out += f.certificate_path.empty() ? "\n" : " --ca-file " + f.certificate_path + "\n";
  out += "\nThen list the organization's vulnerabilities, most severe first:\n\n";
  out += "  " + curl + " -H 'API-Key: " + f.org_api_key + "' \\\n";
  out += "    -H 'Authorization: " + authorization + "' \\\n";
  out +=
      "    '" + f.base_url + "/Contrast/api/ng/" + f.org_id + "/orgtraces/filter?sort=-severity'\n";
  if (!f.public_key.empty()) {
    out += "\nVerify the organization's default public key:\n\n";
    out += "  " + curl + " -H 'Content-Type: application/json' \\\n";
    out += "    -d '{\"key\": \"" + f.public_key + "\"}' " + f.base_url + "/api/v1/keys/verify\n";
  }
  out += "\nOpen the console at " + f.base_url + "/console/ and sign in:\n\n";
  out += "  username: " + f.username + "\n";
  if (f.password.empty()) {
    out += "  password: the one `" + f.program + " init` printed (" + f.program +
           " quickstart --reset-password sets and prints a new one)\n";
  } else {
    out += "  password: " + f.password + "\n";
  }
  if (!f.certificate_path.empty()) {
    out += "\nThe certificate is self-signed (" + f.certificate_path +
           "): your browser asks you to accept it once.\n";
  }
  return out;
}

}  // namespace keyward::cli
