// docs/openapi.yaml must describe exactly the routes the server serves: every route documented,
// nothing documented that is not served.
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "unit/api/api_fixture.h"

namespace keyward::api {
namespace {

// (METHOD, path) pairs under `paths:`: a path is a two-space-indented key starting with '/', an
// operation a four-space-indented HTTP method key beneath it.
std::set<std::string> documented_operations() {
  std::ifstream in(std::string(KEYWARD_SOURCE_DIR) + "/docs/openapi.yaml");
  EXPECT_TRUE(in) << "docs/openapi.yaml is missing";
  std::set<std::string> out;
  std::string line, path;
  bool in_paths = false;
  static const std::set<std::string> methods{"get", "put", "post", "delete", "patch", "head"};
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ') break;  // the next top-level section
    if (line.starts_with("  /") && line.ends_with(":")) {
      path = line.substr(2, line.size() - 3);
    } else if (line.starts_with("    ") && line[4] != ' ' && line.ends_with(":")) {
      const std::string key = line.substr(4, line.size() - 5);
      if (methods.contains(key)) {
        std::string upper = key;
        for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.insert(upper + " " + path);
      }
    }
  }
  return out;
}

class OpenApiTest : public testing::ApiTest {};

TEST_F(OpenApiTest, DescribesExactlyTheServedRoutes) {
  std::set<std::string> served;
  for (const auto& e : routes.entries()) {
    served.insert(std::string(http::beast_http::to_string(e.method)) + " " + e.pattern.text());
  }
  const auto documented = documented_operations();
  for (const auto& op : served) EXPECT_TRUE(documented.contains(op)) << op << " is not documented";
  for (const auto& op : documented) EXPECT_TRUE(served.contains(op)) << op << " is not served";
  EXPECT_FALSE(served.empty());
}

}  // namespace
}  // namespace keyward::api
