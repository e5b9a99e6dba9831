#include "core/reveal_grant.h"

namespace keyward {

std::string_view to_string(RevealedCredential what) {
  return what == RevealedCredential::kOrgApiKey ? "org_api_key" : "user_service_key";
}

}  // namespace keyward
