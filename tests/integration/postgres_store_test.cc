// Keyward on PostgreSQL through the real binary: a single-node SQLite installation copied into
// PostgreSQL keeps every key valid, commands take --store postgresql://..., a second node sharing
// the store and the first node's pepper and master key sees its changes (keys created, disabled,
// enabled, deleted), and passwords stay off command lines.
#include <filesystem>

#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/test_postgres.h"

namespace keyward::testing {
namespace {

class PostgresStoreTest : public ServerTest {
 protected:
  void SetUp() override {}  // each test starts the servers it needs

  static std::string key_token(const CommandResult& r) {
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return text(r.json().at("token"));
  }
  static std::string key_id(const CommandResult& r) { return text(r.json().at("id")); }
};

TEST_F(PostgresStoreTest, ACopiedInstallationServesEveryKeyFromPostgres) {
  TempDir temp;
  const auto dir = (temp / "data").string();
  const auto init = run_keyward({"init", "--data-dir", dir, "--json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  const std::string org = text(init.json().at("org").at("id"));
  auto create = [&](const char* kind) {
    return run_keyward({"key", "create", "--data-dir", dir, "--org", org, "--name", "before-copy",
                        "--kind", kind, "--json"});
  };
  const auto secret = create("secret");
  const auto published = create("public");
  const auto revoked = create("secret");
  ASSERT_EQ(
      run_keyward({"key", "delete", "--data-dir", dir, "--org", org, "--key", key_id(revoked)})
          .exit_code,
      0);

  TestSchema schema;
  const auto copied =
      run_keyward({"store", "copy", "--data-dir", dir, "--from", "sqlite:" + dir + "/keyward.db",
                   "--to", schema.uri(), "--json"});
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  EXPECT_EQ(copied.json().at("keys").as_int64(), 4);  // with the organization's default key
  EXPECT_EQ(copied.json().at("organizations").as_int64(), 1);
  const auto human = run_keyward({"store", "copy", "--data-dir", dir, "--to", schema.uri()});
  EXPECT_EQ(human.exit_code, 1);
  EXPECT_NE(human.err.find("already holds"), std::string::npos) << human.err;

  KeywardServer::Options options;
  options.store = schema.uri();
  options.data_dir = dir;
  KeywardServer on_postgres(options);
  auto client = on_postgres.client();
  EXPECT_TRUE(verifies(client, key_token(secret)));
  EXPECT_TRUE(verifies(client, key_token(published)));
  EXPECT_FALSE(verifies(client, key_token(revoked)));
  // The administrator and the organization came along: Contrast-style credentials still work.
  const auto apps = client.get(
      "/Contrast/api/ng/applications",
      {{"Authorization", basic_credentials(text(init.json().at("admin").at("username")),
                                           text(init.json().at("admin").at("service_key")))},
       {"API-Key", text(init.json().at("org").at("api_key"))}});
  EXPECT_EQ(apps.status, 200) << apps.body;

  // A command on the PostgreSQL store reaches the server serving it.
  const auto deleted = on_postgres.cli({"key", "delete", "--org", org, "--key", key_id(secret)});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_TRUE(eventually([&] { return !verifies(client, key_token(secret)); }));

  // Pruning the whole journal leaves a node that has read it serving, and following new changes.
  const auto pruned = on_postgres.cli({"store", "prune-journal", "--keep", "0", "--json"});
  ASSERT_EQ(pruned.exit_code, 0) << pruned.err;
  EXPECT_GE(pruned.json().at("deleted").as_int64(), 6);
  EXPECT_EQ(pruned.json().at("pruned_through"), pruned.json().at("last_change"));
  const auto later = on_postgres.cli(
      {"key", "create", "--org", org, "--name", "after-pruning", "--kind", "secret", "--json"});
  EXPECT_TRUE(eventually([&] { return verifies(client, key_token(later)); }));
}

TEST_F(PostgresStoreTest, ASecondNodeWithTheSameKeysFilesSharesTheStore) {
  TestSchema schema;
  KeywardServer::Options first_options;
  first_options.store = schema.uri();
  KeywardServer first(first_options);

  // A second data directory holding copies of the first one's pepper and master key.
  TempDir temp;
  const auto second_dir = temp / "node-b";
  std::filesystem::create_directories(second_dir);
  std::filesystem::permissions(second_dir, std::filesystem::perms::owner_all);
  for (const char* file : {"pepper", "master.key"}) {
    std::filesystem::copy_file(first.data_dir() / file, second_dir / file);
  }
  // Running init there instead would make keys no other node can read: it is refused.
  const auto init =
      run_keyward({"init", "--data-dir", (temp / "node-c").string(), "--store", schema.uri()});
  EXPECT_EQ(init.exit_code, 1);
  EXPECT_NE(init.err.find("already holds Keyward data"), std::string::npos) << init.err;
  EXPECT_FALSE(std::filesystem::exists(temp / "node-c" / "pepper"));

  KeywardServer::Options second_options;
  second_options.store = schema.uri();
  second_options.data_dir = second_dir;
  KeywardServer second(second_options);

  auto on_first = first.client();
  auto on_second = second.client();
  const auto created =
      on_first.post_json("/api/v1/orgs/" + first.init().org_id + "/keys",
                         R"({"name": "shared", "kind": "secret"})", first.admin_headers());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token = text(created.json().at("token"));
  const std::string id = text(created.json().at("id"));
  EXPECT_TRUE(eventually([&] { return verifies(on_second, token); }));
  // Disabled on one node: at once there, on the other once it reads the journal; and back.
  const std::string key_path = "/api/v1/orgs/" + first.init().org_id + "/keys/" + id;
  ASSERT_EQ(on_second.post_json(key_path + "/disable", "", first.admin_headers()).status, 200);
  EXPECT_FALSE(verifies(on_second, token));
  EXPECT_TRUE(eventually([&] { return !verifies(on_first, token); }));
  ASSERT_EQ(on_first.post_json(key_path + "/enable", "", first.admin_headers()).status, 200);
  EXPECT_TRUE(verifies(on_first, token));
  EXPECT_TRUE(eventually([&] { return verifies(on_second, token); }));
  const auto removed =
      on_second.del("/api/v1/orgs/" + first.init().org_id + "/keys/" + id, first.admin_headers());
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_FALSE(verifies(on_second, token));
  EXPECT_TRUE(eventually([&] { return !verifies(on_first, token); }));
}

TEST_F(PostgresStoreTest, APasswordInAStoreUriOnTheCommandLineIsRefusedUnrepeated) {
  TempDir temp;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"org", "list", "--data-dir", temp.path().string(), "--store",
                                 "postgresql://keyward:hunter2-secret@127.0.0.1/keyward"},
        std::vector<std::string>{"store", "copy", "--data-dir", temp.path().string(), "--to",
                                 "postgresql://keyward@127.0.0.1/keyward?password=hunter2-secret"},
        std::vector<std::string>{"serve", "--data-dir", temp.path().string(), "--store",
                                 "postgres://keyward:hunter2-secret@db/keyward"}}) {
    const auto r = run_keyward(args);
    EXPECT_EQ(r.exit_code, 2) << args.front() << ": " << r.err;
    EXPECT_NE(r.err.find("`ps`"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("passfile"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("hunter2-secret"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace keyward::testing
