// The `keyward` command as an operator uses it: output shapes, exit codes, clear errors, and a
// running server that sees what the command changed.
#include <gtest/gtest.h>

#include "core/key_token.h"
#include "integration/integration_fixture.h"
#include <sys/stat.h>

namespace keyward::testing {
namespace {

class CliTest : public ServerTest {};

TEST(CliInit, PrintsTheAdministratorAndOrganizationAndRefusesToRunTwice) {
  TempDir temp;
  const auto dir = (temp / "data").string();
  const auto first = run_keyward({"init", "--data-dir", dir, "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto j = first.json();
  for (const char* field : {"username", "password", "service_key"}) {
    EXPECT_FALSE(j.at("admin").at(field).as_string().empty()) << field;
  }
  for (const char* field : {"id", "name", "api_key"}) {
    EXPECT_FALSE(j.at("org").at(field).as_string().empty()) << field;
  }
  struct stat st {};
  ASSERT_EQ(::stat((temp / "data" / "keyward.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u) << "the database must be private to its owner";
  const auto second = run_keyward({"init", "--data-dir", dir});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("already initialized"), std::string::npos) << second.err;
}

TEST(CliInit, HumanOutputIncludesAReadyToPasteCurl) {
  TempDir temp;
  const auto r = run_keyward({"init", "--data-dir", (temp / "d").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("curl --cacert"), std::string::npos);
  EXPECT_NE(r.out.find("API-Key: "), std::string::npos);
  EXPECT_NE(r.out.find("/Contrast/api/ng/applications"), std::string::npos);
}

TEST(CliInit, ABadUsernameChangesNothing) {
  TempDir temp;
  const auto dir = temp / "d";
  const auto r = run_keyward({"init", "--data-dir", dir.string(), "--admin", "bad:name"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("username"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "pepper"));
  EXPECT_EQ(run_keyward({"init", "--data-dir", dir.string()}).exit_code, 0);
}

TEST(CliUsage, WrongCommandLinesExitWithTwoAndSayWhy) {
  TempDir temp;
  const auto dir = (temp / "d").string();
  ASSERT_EQ(run_keyward({"init", "--data-dir", dir}).exit_code, 0);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"frobnicate"}, "frobnicate"},
      {{"key", "create", "--data-dir", dir, "--name", "x", "--kind", "secret"}, "--org"},
      {{"key", "create", "--data-dir", dir, "--org", "nope", "--name", "x", "--kind", "secret"},
       "UUID"},
      {{"key", "create", "--data-dir", dir, "--org", "00000000-0000-4000-8000-000000000000",
        "--name", "x", "--kind", "shared"},
       "kind"},
      {{"key", "create", "--data-dir", dir, "--org", "00000000-0000-4000-8000-000000000000",
        "--name", "x", "--kind", "secret", "--expires-at", "soon"},
       "RFC 3339"},
      {{"user", "create", "--data-dir", dir, "--org", "00000000-0000-4000-8000-000000000000",
        "--username", "u@example.com", "--role", "owner"},
       "role"},
      {{"serve", "--data-dir", dir, "--listen", "example.com:80"}, "HOST:PORT"},
      {{"key", "roll", "--data-dir", dir, "--org", "00000000-0000-4000-8000-000000000000", "--key",
        "00000000-0000-4000-8000-000000000000", "--grace-seconds", "-1"},
       "grace"},
  };
  for (const auto& [args, expected] : cases) {
    const auto r = run_keyward(args);
    EXPECT_EQ(r.exit_code, 2) << args.front() << ": " << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  }
}

TEST(CliUsage, AnUninitializedDirectorySaysToRunInit) {
  TempDir temp;
  const auto r = run_keyward({"key", "list", "--data-dir", (temp / "none").string(), "--org",
                              "00000000-0000-4000-8000-000000000000"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("keyward init"), std::string::npos) << r.err;
}

TEST_F(CliTest, OrgAndUserCreatePrintTheirCredentials) {
  const auto org = server->cli({"org", "create", "--name", "Acme", "--json"});
  ASSERT_EQ(org.exit_code, 0) << org.err;
  const auto o = org.json();
  for (const char* f :
       {"id", "name", "api_key", "agent_username", "agent_service_key", "default_public_key"}) {
    EXPECT_TRUE(o.at(f).is_string()) << f;
  }
  EXPECT_EQ(parse_key_token(o.at("default_public_key").as_string()), KeyKind::kPublic);
  const auto user = server->cli({"user", "create", "--org", text(o.at("id")), "--username",
                                 "ada@acme.example", "--role", "admin", "--json"});
  ASSERT_EQ(user.exit_code, 0) << user.err;
  for (const char* f : {"id", "username", "password", "service_key"}) {
    EXPECT_TRUE(user.json().at(f).is_string()) << f;
  }
  const auto dup =
      server->cli({"user", "create", "--org", text(o.at("id")), "--username", "ADA@acme.example"});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_NE(dup.err.find("already exists"), std::string::npos);
}

TEST_F(CliTest, KeysManagedFromTheCommandReachTheRunningServer) {
  auto client = server->client();
  const auto created = server->cli({"key", "create", "--org", server->init().org_id, "--name",
                                    "from-cli", "--kind", "secret", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const auto k = created.json();
  for (const char* f : {"id", "token", "kind", "expires_at"})
    EXPECT_TRUE(k.as_object().contains(f));
  const std::string token = text(k.at("token"));
  ASSERT_TRUE(eventually([&] { return verifies(client, token); }));

  const auto listed = server->cli({"key", "list", "--org", server->init().org_id, "--json"});
  ASSERT_EQ(listed.exit_code, 0);
  EXPECT_EQ(listed.out.find(token), std::string::npos) << "a secret token was listed";
  EXPECT_EQ(listed.json().as_array().size(), 2u);

  const auto verified = server->cli({"key", "verify", "--json"}, token + "\n");
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_TRUE(verified.json().at("valid").as_bool());
  EXPECT_EQ(server->cli({"key", "verify", "kw_sk_nope"}).exit_code, 1);

  const auto rolled = server->cli({"key", "roll", "--org", server->init().org_id, "--key",
                                   text(k.at("id")), "--grace-seconds", "0", "--json"});
  ASSERT_EQ(rolled.exit_code, 0) << rolled.err;
  const std::string successor = text(rolled.json().at("token"));
  ASSERT_TRUE(eventually([&] { return verifies(client, successor) && !verifies(client, token); }));

  const auto removed = server->cli(
      {"key", "delete", "--org", server->init().org_id, "--key", text(rolled.json().at("id"))});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_TRUE(eventually([&] { return !verifies(client, successor); }, std::chrono::seconds(2)));
}

TEST_F(CliTest, AKeysControlsAreSetAndChangedFromTheCommandAndHoldOnTheRunningServer) {
  auto client = server->client();
  const std::string org = server->init().org_id;
  const auto created = server->cli({"key",          "create",        "--org",        org,
                                    "--name",       "metered",       "--kind",       "secret",
                                    "--scope",      "invoices:read", "--rate-limit", "100/1s",
                                    "--rate-limit", "5000/1d",       "--credits",    "3",
                                    "--refill",     "3/1d",          "--allow-ip",   "127.0.0.0/8",
                                    "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string id = text(created.json().at("id"));
  const std::string token = text(created.json().at("token"));
  const auto shown = server->cli({"key", "show", "--org", org, "--key", id, "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.json().at("scopes"), boost::json::parse(R"(["invoices:read"])"));
  EXPECT_EQ(shown.json().at("rate_limits"), boost::json::parse(R"(["100/1s", "5000/86400s"])"));
  EXPECT_EQ(shown.json().at("credits").as_int64(), 3);
  EXPECT_EQ(shown.json().at("allowed_ips"), boost::json::parse(R"(["127.0.0.0/8"])"));
  const auto ask = [&](const std::string& body) {
    return client.post_json("/api/v1/keys/verify", R"({"key": ")" + token + "\"" + body + "}")
        .json();
  };
  ASSERT_TRUE(eventually([&] {
    return ask(R"(, "client_ip": "127.0.0.9", "scopes": ["invoices:read"])").at("valid").as_bool();
  }));
  EXPECT_EQ(ask(R"(, "client_ip": "10.0.0.1")").at("code"), "ip_not_allowed");

  const auto updated = server->cli({"key", "update", "--org", org, "--key", id, "--any-ip",
                                    "--no-credits", "--scope", "reports:read"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_NE(updated.out.find("reports:read"), std::string::npos) << updated.out;
  EXPECT_TRUE(eventually([&] {
    const auto a = ask(R"(, "client_ip": "10.0.0.1", "scopes": ["reports:read"])");
    return a.at("valid").as_bool() && !a.as_object().contains("credits_remaining");
  }));

  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{"--rate-limit", "100"}, "COUNT/WINDOW"},        {{"--refill", "5/1d"}, "--credits"},
      {{"--allow-ip", "10.0.0.1/8"}, "--allow-ip"},     {{"--scope", "Bad Scope"}, "--scope"},
      {{"--credits", "1", "--no-credits"}, "not both"}, {{}, "nothing to change"},
  };
  for (const auto& [extra, message] : bad) {
    std::vector<std::string> args{"key", "update", "--org", org, "--key", id};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = server->cli(args);
    EXPECT_EQ(r.exit_code, 2) << message;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  }
}

TEST_F(CliTest, AKeyDisabledFromTheCommandFailsOnTheRunningServerUntilEnabled) {
  auto client = server->client();
  const std::string org = server->init().org_id;
  const auto created = server->cli(
      {"key", "create", "--org", org, "--name", "partner", "--kind", "secret", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string id = text(created.json().at("id"));
  const std::string token = text(created.json().at("token"));
  ASSERT_TRUE(eventually([&] { return verifies(client, token); }));

  const auto disabled = server->cli({"key", "disable", "--org", org, "--key", id});
  ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
  EXPECT_NE(disabled.out.find("Disabled key " + id), std::string::npos) << disabled.out;
  EXPECT_TRUE(eventually([&] { return !verifies(client, token); }, std::chrono::seconds(2)));
  EXPECT_EQ(server->cli({"key", "verify"}, token + "\n").exit_code, 1);

  // list and show say so, and show when.
  const auto listed = server->cli({"key", "list", "--org", org, "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  bool found = false;
  const auto keys = listed.json();
  for (const auto& k : keys.as_array()) {
    if (text(k.at("id")) != id) continue;
    found = true;
    EXPECT_EQ(text(k.at("status")), "disabled");
    EXPECT_TRUE(parse_rfc3339(k.at("disabled_at").as_string()));
  }
  EXPECT_TRUE(found) << listed.out;
  const auto table = server->cli({"key", "list", "--org", org});
  EXPECT_NE(table.out.find(id + "  secret  disabled  "), std::string::npos) << table.out;
  const auto shown = server->cli({"key", "show", "--org", org, "--key", id, "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(text(shown.json().at("status")), "disabled");
  EXPECT_EQ(shown.out.find(token), std::string::npos) << "a secret token was shown";
  const auto human = server->cli({"key", "show", "--org", org, "--key", id});
  EXPECT_NE(human.out.find("status:    disabled"), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("disabled:  20"), std::string::npos) << human.out;
  // The server's listing agrees.
  EXPECT_EQ(text(client.get(org_path("/keys/" + id), server->admin_headers()).json().at("status")),
            "disabled");

  // A disabled key is not rolled; disabling again changes nothing.
  const auto roll = server->cli({"key", "roll", "--org", org, "--key", id});
  EXPECT_EQ(roll.exit_code, 1);
  EXPECT_NE(roll.err.find("enable the key before rolling it"), std::string::npos) << roll.err;
  const auto again = server->cli({"key", "disable", "--org", org, "--key", id, "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.json().at("disabled_at"), shown.json().at("disabled_at"));

  const auto enabled = server->cli({"key", "enable", "--org", org, "--key", id, "--json"});
  ASSERT_EQ(enabled.exit_code, 0) << enabled.err;
  EXPECT_EQ(text(enabled.json().at("status")), "active");
  EXPECT_TRUE(enabled.json().at("disabled_at").is_null());
  EXPECT_TRUE(eventually([&] { return verifies(client, token); }, std::chrono::seconds(2)));
  const auto audit = client.get(org_path("/audit?action=key.disable"), server->admin_headers());
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(audit.json().at("events").as_array().size(), 1u) << audit.body;
  EXPECT_EQ(text(audit.json().at("events").as_array()[0].at("actor")), "command");
}

TEST_F(CliTest, DisablingSomethingThatIsNotAKeyOfTheOrganizationSaysWhy) {
  const std::string org = server->init().org_id;
  const auto bad_id = server->cli({"key", "disable", "--org", org, "--key", "nope"});
  EXPECT_EQ(bad_id.exit_code, 2);
  EXPECT_NE(bad_id.err.find("--key must be a key id"), std::string::npos) << bad_id.err;
  const auto bad_org = server->cli({"key", "enable", "--org", "acme", "--key", org});
  EXPECT_EQ(bad_org.exit_code, 2);
  EXPECT_NE(bad_org.err.find("--org must be an organization id"), std::string::npos);
  const auto unknown = server->cli(
      {"key", "disable", "--org", org, "--key", "00000000-0000-4000-8000-000000000000"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("not found"), std::string::npos) << unknown.err;
  const auto missing = server->cli({"key", "disable", "--org", org});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--key"), std::string::npos) << missing.err;
}

TEST_F(CliTest, OrgSettingsAreShownAndChangedFromTheCommandAndTheServerAgrees) {
  auto client = server->client();
  const std::string org = server->init().org_id;
  const auto shown = server->cli({"org", "settings", "--org", org});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("expiry reminders: 7,1 days before"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("unused keys: never disabled"), std::string::npos) << shown.out;

  const auto changed = server->cli({"org", "settings", "--org", org, "--reminder-days", "1,14",
                                    "--unused-key-days", "90", "--json"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_EQ(boost::json::serialize(changed.json()),
            R"({"reminder_days":[14,1],"unused_key_days":90})");
  // The running server reads the organization from the store.
  EXPECT_TRUE(eventually([&] {
    const auto r = client.get(org_path("/settings"), server->admin_headers());
    return r.status == 200 && r.json().at("unused_key_days") == 90;
  }));

  const auto bad = server->cli({"org", "settings", "--org", org, "--unused-key-days", "0"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unused_key_days must be between 1 and 3650"), std::string::npos)
      << bad.err;
  const auto junk = server->cli({"org", "settings", "--org", org, "--reminder-days", "7;1"});
  EXPECT_EQ(junk.exit_code, 2);
  EXPECT_NE(junk.err.find("--reminder-days"), std::string::npos) << junk.err;
  const auto off = server->cli(
      {"org", "settings", "--org", org, "--reminder-days", "none", "--unused-key-days", "off"});
  ASSERT_EQ(off.exit_code, 0) << off.err;
  EXPECT_NE(off.out.find("expiry reminders: none"), std::string::npos) << off.out;
  EXPECT_NE(off.out.find("never disabled"), std::string::npos) << off.out;
  const auto audit = client.get(org_path("/audit?action=org.settings"), server->admin_headers());
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json().at("events").as_array().size(), 2u) << "the refusal changed nothing";
}

TEST_F(CliTest, QuickstartPrintsWorkingCredentials) {
  const auto r = server->cli({"quickstart", "--url", server->url()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(server->init().org_api_key), std::string::npos);
  EXPECT_NE(r.out.find(
                basic_credentials(server->init().admin_username, server->init().admin_service_key)),
            std::string::npos);
  EXPECT_NE(r.out.find("reset-password"), std::string::npos);
  EXPECT_NE(r.out.find("Open the console at " + server->url() + "/console/"), std::string::npos);
  EXPECT_NE(r.out.find("  username: " + server->init().admin_username), std::string::npos);
}

TEST_F(CliTest, QuickstartCanSetAndPrintAConsolePasswordThatSignsIn) {
  const auto r = server->cli({"quickstart", "--url", server->url(), "--reset-password"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string marker = "  password: ";
  const auto at = r.out.rfind(marker);
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string password =
      r.out.substr(at + marker.size(), r.out.find('\n', at) - at - marker.size());
  EXPECT_NE(password, server->init().admin_password);
  auto client = server->client();
  const auto signed_in = client.post_json(
      "/api/v1/session", boost::json::serialize(boost::json::object{
                             {"username", server->init().admin_username}, {"password", password}}));
  EXPECT_EQ(signed_in.status, 201) << signed_in.body;
  const auto old = client.post_json(
      "/api/v1/session",
      boost::json::serialize(boost::json::object{{"username", server->init().admin_username},
                                                 {"password", server->init().admin_password}}));
  EXPECT_EQ(old.status, 401);
}

TEST_F(CliTest, ResetPasswordPrintsANewOne) {
  const auto r = server->cli(
      {"user", "reset-password", "--username", server->init().admin_username, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(text(r.json().at("password")), server->init().admin_password);
}

TEST_F(CliTest, MigrateReportsTheSchemaVersion) {
  const auto r = server->cli({"migrate", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(r.json().at("schema_version").as_int64(), 1);
}

}  // namespace
}  // namespace keyward::testing
