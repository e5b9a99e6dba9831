#include "core/agent_config.h"

namespace keyward {
namespace {

std::string quoted(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string render_agent_config(const AgentConfig& c) {
  std::string url = c.url;
  while (url.ends_with('/')) url.pop_back();
  std::string out;
  out += "# Contrast agent configuration for organization " + c.organization_id + ",\n";
  out += "# written by Keyward at " + format_rfc3339(c.written_at) + ".\n";
  out +=
      "# It holds the organization's API key and agent service key: keep it as safe as they are.\n";
  out += "# Rotating either key makes it stop working; download it again afterwards.\n";
  out += "api:\n";
  out += "  url: " + quoted(url + "/Contrast") + "\n";
  out += "  api_key: " + quoted(c.api_key) + "\n";
  out += "  user_name: " + quoted(c.user_name) + "\n";
  out += "  service_key: " + quoted(c.service_key) + "\n";
  return out;
}

}  // namespace keyward
