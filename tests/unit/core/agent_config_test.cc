#include "core/agent_config.h"

#include <gtest/gtest.h>

namespace keyward {
namespace {

AgentConfig sample() {
  return {.url = "https://keys.example.com:8443/",
          .api_key = "ApiKey0123456789abcdefGHIJ",
          .user_name = "agent_1a2b3c4d@acme",
          .service_key = "Service0123456789abcdefKLMN",
          .organization_id = "1a2b3c4d-0000-4000-8000-000000000000",
          .written_at = from_epoch_ms(1'800'000'000'000)};
}

TEST(AgentConfigTest, WritesTheApiSectionContrastAgentsRead) {
  EXPECT_EQ(render_agent_config(sample()),
            "# Contrast agent configuration for organization "
            "1a2b3c4d-0000-4000-8000-000000000000,\n"
            "# written by Keyward at 2027-01-15T08:00:00Z.\n"
            "# It holds the organization's API key and agent service key: keep it as safe as "
            "they are.\n"
            "# Rotating either key makes it stop working; download it again afterwards.\n"
            "api:\n"
            "  url: \"https://keys.example.com:8443/Contrast\"\n"
            "  api_key: \"ApiKey0123456789abcdefGHIJ\"\n"
            "  user_name: \"agent_1a2b3c4d@acme\"\n"
            "  service_key: \"Service0123456789abcdefKLMN\"\n");
}

TEST(AgentConfigTest, NoValueCanChangeTheDocumentsStructure) {
  AgentConfig c = sample();
  c.url = "https://evil\"\n  api_key: \"x";
  c.user_name = "a\\b\tc";
  const std::string yaml = render_agent_config(c);
  EXPECT_NE(yaml.find("  url: \"https://evil\\\"\\x0A  api_key: \\\"x/Contrast\"\n"),
            std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("  user_name: \"a\\\\b\\x09c\"\n"), std::string::npos) << yaml;
  std::size_t lines = 0;
  for (char ch : yaml) lines += ch == '\n';
  EXPECT_EQ(lines, 9u);
}

}  // namespace
}  // namespace keyward
