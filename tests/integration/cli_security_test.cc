// The organization-security commands through the real binary: what each prints (text and
// --json), and what a running server makes of the change over HTTPS, where the store's journal
// carries it within a fraction of a second.
#include <algorithm>
#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/read_file.h"
#include "support/smtp_sink.h"

namespace keyward::testing {
namespace {

constexpr auto npos = std::string::npos;
// The server reads the journal every 100 ms; a loaded machine gets some slack.
constexpr auto kPickedUp = std::chrono::seconds(2);
// The same policy rules the default policy (32 characters, 2 of each class) breaks in "short-key!".
const std::vector<std::string> kShortKeyRules{"must be at least 32 characters long, has 10",
                                              "needs at least 2 numerals, has 0",
                                              "needs at least 2 upper-case letters, has 0",
                                              "may contain only letters A-Z, a-z and digits 0-9"};

// The outbox's messages, oldest first (their names start with the time in milliseconds, then a
// random id, so two in the same millisecond may sort either way).
std::vector<std::filesystem::path> outbox_files(const std::filesystem::path& data_dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir / "outbox", ec)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The one-time token of the link in a message ("" when there is none).
std::string link_token_at(const std::string& message, const std::string& base_url) {
  const std::regex link(
      std::regex_replace(base_url, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
      "/console/reveal#token=([A-Za-z0-9_-]+)");
  std::smatch m;
  return std::regex_search(message, m, link) ? m[1].str() : "";
}

class CliSecurityTest : public ServerTest {
 protected:
  const InitResult& init() const { return server->init(); }
  const std::string& org() const { return init().org_id; }

  // Runs the command, expecting success.
  CommandResult run_ok(const std::vector<std::string>& args, const std::string& input = "") {
    auto r = server->cli(args, input);
    EXPECT_EQ(r.exit_code, 0) << args.front() << " " << args.at(1) << ": " << r.err;
    return r;
  }
  // Runs the command with --json, expecting success, and returns what it printed.
  boost::json::value json_of(std::vector<std::string> args, const std::string& input = "") {
    args.push_back("--json");
    const auto r = run_ok(args, input);
    if (r.exit_code != 0) return boost::json::object{};
    return r.json();
  }

  Headers admin(const std::string& service_key, const std::string& api_key) const {
    return {{"Authorization", basic_credentials(init().admin_username, service_key)},
            {"API-Key", api_key}};
  }
  Headers admin_with_api_key(const std::string& api_key) const {
    return admin(init().admin_service_key, api_key);
  }
  static Headers agent(const std::string& username, const std::string& key,
                       const std::string& api_key) {
    return {{"Authorization", basic_credentials(username, key)}, {"API-Key", api_key}};
  }

  long auth_status(const Headers& headers) {
    auto client = server->client();
    return client.get("/api/v1/auth", headers).status;
  }
  // Both within kPickedUp: `refused` gets 401 and `accepted` gets 204.
  bool switched(const Headers& refused, const Headers& accepted) {
    return eventually([&] { return auth_status(refused) == 401 && auth_status(accepted) == 204; },
                      kPickedUp);
  }

  // The newest audit records (of the organization, when given), newest first.
  std::vector<boost::json::object> audit(const std::string& org_id = "", int limit = 50) {
    std::vector<std::string> args{"audit", "list", "--limit", std::to_string(limit)};
    if (!org_id.empty()) args.insert(args.end(), {"--org", org_id});
    std::vector<boost::json::object> out;
    const auto listed = json_of(args);  // a range-for would not keep a temporary alive
    for (const auto& e : listed.at("events").as_array()) out.push_back(e.as_object());
    return out;
  }
  // The newest records the command made. The server's own records (authentication failures of
  // the keys just replaced, written once a second) may come between them.
  std::vector<boost::json::object> command_audit(const std::string& org_id = "") {
    std::vector<boost::json::object> out;
    for (auto& e : audit(org_id, 200)) {
      if (text(e.at("actor")) == "command") out.push_back(std::move(e));
    }
    return out;
  }
};

TEST_F(CliSecurityTest, OrgCredentialsAndApiKeyCommandsReachTheRunningServer) {
  // Masked by default, as GET /api/v1/orgs/{orgId}/credentials shows them.
  const auto masked = json_of({"org", "credentials", "--org", org()});
  EXPECT_EQ(text(masked.at("organization_uuid")), org());
  EXPECT_EQ(text(masked.at("api_key")), "****" + init().org_api_key.substr(28));
  EXPECT_TRUE(text(masked.at("agent_service_key")).starts_with("****"));
  EXPECT_TRUE(text(masked.at("agent_username")).starts_with("agent_"));
  EXPECT_TRUE(masked.at("api_key_enabled").as_bool());
  EXPECT_FALSE(masked.at("revealed").as_bool());
  EXPECT_TRUE(masked.at("api_key_complies").as_bool());
  EXPECT_TRUE(masked.at("api_key_violations").as_array().empty());
  const auto human = run_ok({"org", "credentials", "--org", org()});
  EXPECT_EQ(human.out.find(init().org_api_key), npos) << "masked unless --reveal";
  EXPECT_NE(human.out.find("****" + init().org_api_key.substr(28)), npos) << human.out;
  EXPECT_NE(human.out.find("--reveal"), npos) << human.out;

  const auto revealed = json_of({"org", "credentials", "--org", org(), "--reveal"});
  EXPECT_EQ(text(revealed.at("api_key")), init().org_api_key);
  EXPECT_TRUE(revealed.at("revealed").as_bool());
  const std::string agent_username = text(revealed.at("agent_username"));
  const std::string agent_key = text(revealed.at("agent_service_key"));
  EXPECT_EQ(auth_status(agent(agent_username, agent_key, init().org_api_key)), 204);

  // Rotation: the old key is refused, the new one accepted.
  const std::string rotated =
      text(json_of({"org", "api-key", "rotate", "--org", org()}).at("api_key"));
  EXPECT_EQ(rotated.size(), 32u);
  EXPECT_NE(rotated, init().org_api_key);
  EXPECT_TRUE(switched(admin_with_api_key(init().org_api_key), admin_with_api_key(rotated)));

  // A chosen value that breaks the policy: every broken rule named, nothing changed.
  const auto bad = server->cli({"org", "api-key", "set", "--org", org()}, "short-key!\n");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("does not satisfy the key policy"), npos) << bad.err;
  for (const auto& rule : kShortKeyRules) EXPECT_NE(bad.err.find(rule), npos) << rule;
  EXPECT_TRUE(bad.out.empty()) << bad.out;
  EXPECT_EQ(text(json_of({"org", "credentials", "--org", org(), "--reveal"}).at("api_key")),
            rotated);
  EXPECT_EQ(auth_status(admin_with_api_key(rotated)), 204);

  // A chosen value that complies, read from standard input.
  const std::string chosen = "Chosen0Key1Of2The3Acme4Organization";
  const auto set = json_of({"org", "api-key", "set", "--org", org()}, chosen + "\n");
  EXPECT_EQ(text(set.at("api_key")), "****tion");
  EXPECT_TRUE(set.at("set").as_bool());
  EXPECT_TRUE(switched(admin_with_api_key(rotated), admin_with_api_key(chosen)));

  // Disabled: agents may go without it, users still need it; enabled again: agents need it.
  const Headers agent_alone{{"Authorization", basic_credentials(agent_username, agent_key)}};
  EXPECT_EQ(auth_status(agent_alone), 401);
  const auto human_disable = run_ok({"org", "api-key", "disable", "--org", org()});
  EXPECT_NE(human_disable.out.find("disabled"), npos) << human_disable.out;
  EXPECT_TRUE(eventually([&] { return auth_status(agent_alone) == 204; }, kPickedUp));
  EXPECT_EQ(auth_status(admin_with_api_key(chosen)), 204);
  EXPECT_FALSE(json_of({"org", "credentials", "--org", org()}).at("api_key_enabled").as_bool());
  EXPECT_TRUE(
      json_of({"org", "api-key", "enable", "--org", org()}).at("api_key_enabled").as_bool());
  EXPECT_TRUE(eventually([&] { return auth_status(agent_alone) == 401; }, kPickedUp));
  EXPECT_TRUE(
      eventually([&] { return auth_status(admin_with_api_key(chosen)) == 204; }, kPickedUp));

  // The agent service key.
  const auto agent_rotated = json_of({"org", "agent-key", "rotate", "--org", org()});
  const std::string new_agent_key = text(agent_rotated.at("agent_service_key"));
  EXPECT_NE(new_agent_key, agent_key);
  EXPECT_TRUE(switched(agent(agent_username, agent_key, chosen),
                       agent(agent_username, new_agent_key, chosen)));

  // Each change is in the audit log, newest first, done by the command.
  const auto events = command_audit(org());
  const std::vector<std::string> expected{
      "org.agent_key.rotate",   "org.api_key.enable", "org.api_key.disable",   "org.api_key.set",
      "org.credentials.reveal", "org.api_key.rotate", "org.credentials.reveal"};
  ASSERT_GE(events.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(text(events[i].at("action")), expected[i]) << i;
    EXPECT_EQ(text(events[i].at("target")), "org:" + org()) << i;
    EXPECT_EQ(text(events[i].at("outcome")), "success") << i;
    EXPECT_EQ(text(events[i].at("client_ip")), "local") << i;
  }
  // Paging: --before the last of one page gives the next, older one.
  const auto page = json_of({"audit", "list", "--org", org(), "--limit", "3"});
  ASSERT_EQ(page.at("events").as_array().size(), 3u);
  const auto next = page.at("next_before").as_int64();
  EXPECT_EQ(next, page.at("events").as_array().back().at("id").as_int64());
  const auto older =
      json_of({"audit", "list", "--org", org(), "--limit", "3", "--before", std::to_string(next)});
  std::vector<std::int64_t> older_ids, expected_ids;
  for (const auto& e : older.at("events").as_array()) older_ids.push_back(e.at("id").as_int64());
  for (const auto& e : audit(org(), 200)) {
    const auto id = e.at("id").as_int64();
    if (id < next && expected_ids.size() < 3) expected_ids.push_back(id);
  }
  EXPECT_EQ(older_ids, expected_ids);
  const auto listed = run_ok({"audit", "list", "--org", org()});
  EXPECT_NE(listed.out.find("command  org.agent_key.rotate  org:" + org() + "  success"), npos)
      << listed.out;
  const auto one = run_ok({"audit", "list", "--org", org(), "--limit", "1"});
  EXPECT_NE(one.out.find("Older records: add --before "), npos) << one.out;
}

TEST_F(CliSecurityTest, PolicyCommandsChangeWhatTheServerEnforcesAndReportCompliance) {
  const auto defaults = json_of({"policy", "show"});
  EXPECT_EQ(defaults.at("org_api_key").at("length").as_int64(), 32);
  EXPECT_EQ(defaults.at("application_key").at("min_lower").as_int64(), 2);
  EXPECT_FALSE(defaults.at("mask_invalid_ips").as_bool());
  EXPECT_FALSE(defaults.at("email_key_in_message").as_bool());

  // Unset options keep their values.
  const auto set =
      json_of({"policy", "set", "--org-api-key-length", "40", "--org-api-key-min-upper", "3",
               "--app-key-min-numerals", "4", "--mask-invalid-ips", "true"});
  EXPECT_EQ(set.at("org_api_key"),
            (boost::json::value{
                {"length", 40}, {"min_numerals", 2}, {"min_upper", 3}, {"min_lower", 2}}));
  EXPECT_EQ(set.at("application_key"),
            (boost::json::value{
                {"length", 32}, {"min_numerals", 4}, {"min_upper", 2}, {"min_lower", 2}}));
  EXPECT_TRUE(set.at("mask_invalid_ips").as_bool());
  EXPECT_FALSE(set.at("email_key_in_message").as_bool());
  auto client = server->client();
  EXPECT_TRUE(eventually(
      [&] {
        const auto r = client.get("/api/v1/system/key-policy", server->admin_headers());
        return r.status == 200 && r.json() == set;
      },
      kPickedUp))
      << client.get("/api/v1/system/key-policy", server->admin_headers()).body;
  const auto shown = run_ok({"policy", "show"});
  EXPECT_NE(shown.out.find("40 characters, at least 2 numerals, 3 upper-case"), npos) << shown.out;

  // Nonsense is refused with every reason, and changes nothing.
  const auto nonsense =
      server->cli({"policy", "set", "--org-api-key-length", "6", "--app-key-min-lower", "-1"});
  EXPECT_EQ(nonsense.exit_code, 2);
  for (const char* reason :
       {"org_api_key: length must be between 16 and 128 (got 6)",
        "application_key: min_lower must not be negative",
        "org_api_key: min_numerals + min_upper + min_lower (7) must not exceed length (6)"}) {
    EXPECT_NE(nonsense.err.find(reason), npos) << reason << "\n" << nonsense.err;
  }
  EXPECT_EQ(json_of({"policy", "show"}), set);
  const auto empty = server->cli({"policy", "set"});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("at least one setting"), npos) << empty.err;
  const auto maybe = server->cli({"policy", "set", "--email-key-in-message", "maybe"});
  EXPECT_EQ(maybe.exit_code, 2);
  EXPECT_NE(maybe.err.find("--email-key-in-message"), npos) << maybe.err;

  // The existing 32-character API key no longer complies; a rotation makes one that does.
  const auto report = json_of({"policy", "compliance"});
  EXPECT_EQ(report.at("non_compliant").as_int64(), 1);
  const auto& keys = report.at("keys").as_array();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(text(keys[0].at("kind")), "org_api_key");
  EXPECT_EQ(text(keys[0].at("org_id")), org());
  EXPECT_FALSE(keys[0].at("complies").as_bool());
  EXPECT_EQ(text(keys[0].at("violations").at(0)), "must be at least 40 characters long, has 32");
  const auto listed = run_ok({"policy", "compliance"});
  EXPECT_NE(listed.out.find("1 of 1 keys do not comply"), npos) << listed.out;
  EXPECT_NE(listed.out.find("API key of organization \"" + init().org_name + "\""), npos);
  EXPECT_NE(listed.out.find("- it must be at least 40 characters long"), npos) << listed.out;
  const std::string rotated =
      text(json_of({"org", "api-key", "rotate", "--org", org()}).at("api_key"));
  EXPECT_EQ(rotated.size(), 40u);
  EXPECT_EQ(json_of({"policy", "compliance"}).at("non_compliant").as_int64(), 0);
  EXPECT_NE(run_ok({"policy", "compliance"}).out.find("All 1 keys comply"), npos);

  // Recorded with the whole new policy.
  const auto events = command_audit();
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(text(events[0].at("action")), "org.api_key.rotate");
  EXPECT_EQ(text(events[1].at("action")), "system.settings.update");
  EXPECT_EQ(text(events[1].at("target")), "settings");
  EXPECT_NE(text(events[1].at("detail")).find("org API keys: 40 characters"), npos);
}

TEST_F(CliSecurityTest, EmailCommandsSendALinkThatRevealsTheKey) {
  const auto& admin_name = init().admin_username;
  auto client = server->client();
  const auto redeem = [&](const std::string& token, const Headers& as) {
    return client.post_json("/api/v1/reveal",
                            boost::json::serialize(boost::json::object{{"token", token}}), as);
  };

  // No SMTP server configured: the message is a file in <data dir>/outbox, with a link to the
  // default base URL and without the key.
  const auto sent = json_of({"org", "api-key", "email", "--org", org(), "--to", admin_name});
  EXPECT_EQ(text(sent.at("sent_to")), admin_name);
  EXPECT_FALSE(sent.at("rotated").as_bool());
  auto files = outbox_files(server->data_dir());
  ASSERT_EQ(files.size(), 1u);
  const std::string first = read_file(files[0]);
  EXPECT_NE(first.find("To: " + admin_name), npos) << first;
  EXPECT_EQ(first.find(init().org_api_key), npos) << "a link, not the key";
  const std::string token = link_token_at(first, "https://127.0.0.1:8443");
  ASSERT_FALSE(token.empty()) << first;
  const auto opened = redeem(token, server->admin_headers());
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(text(opened.json().at("value")), init().org_api_key);

  // --rotate, with the link's base from --public-url: the old key stops working, and the link
  // shows the new one.
  const auto human = run_ok({"org", "api-key", "email", "--org", org(), "--to", admin_name,
                             "--rotate", "--public-url", "https://keys.example.com/"});
  EXPECT_NE(human.out.find("rotated first"), npos) << human.out;
  EXPECT_NE(human.out.find("outbox"), npos) << human.out;
  files = outbox_files(server->data_dir());
  ASSERT_EQ(files.size(), 2u);
  const std::string second =
      read_file(files[0]) == first ? read_file(files[1]) : read_file(files[0]);
  const std::string rotated_token = link_token_at(second, "https://keys.example.com");
  ASSERT_FALSE(rotated_token.empty()) << second;
  const std::string new_key =
      text(json_of({"org", "credentials", "--org", org(), "--reveal"}).at("api_key"));
  EXPECT_NE(new_key, init().org_api_key);
  EXPECT_EQ(second.find(new_key), npos);
  EXPECT_TRUE(switched(server->admin_headers(), admin_with_api_key(new_key)));
  const auto opened_new = redeem(rotated_token, admin_with_api_key(new_key));
  ASSERT_EQ(opened_new.status, 200) << opened_new.body;
  EXPECT_EQ(text(opened_new.json().at("value")), new_key);

  // The service key, with the link's base from the config file's public_url.
  const auto config = server->temp_dir() / "mail.toml";
  { std::ofstream(config) << "public_url = \"https://config.example.com\"\n"; }
  const auto service = json_of(
      {"user", "service-key", "email", "--username", admin_name, "--config", config.string()});
  EXPECT_EQ(text(service.at("sent_to")), admin_name);
  files = outbox_files(server->data_dir());
  ASSERT_EQ(files.size(), 3u);
  std::string third;
  for (const auto& f : files) {
    if (const auto body = read_file(f); body.find("service key") != npos) third = body;
  }
  EXPECT_EQ(third.find(init().admin_service_key), npos);
  EXPECT_FALSE(link_token_at(third, "https://config.example.com").empty()) << third;

  // Only a member of the organization (or a system administrator) may be sent its API key.
  const auto globex = json_of({"org", "create", "--name", "Globex"});
  run_ok({"user", "create", "--org", text(globex.at("id")), "--username", "eve@globex.example"});
  const auto outsider =
      server->cli({"org", "api-key", "email", "--org", org(), "--to", "eve@globex.example"});
  EXPECT_EQ(outsider.exit_code, 1);
  EXPECT_NE(outsider.err.find("eve@globex.example is not a member of organization"), npos)
      << outsider.err;
  const auto nobody =
      server->cli({"org", "api-key", "email", "--org", org(), "--to", "nobody@example.com"});
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_NE(nobody.err.find("no user named \"nobody@example.com\""), npos) << nobody.err;
  EXPECT_EQ(outbox_files(server->data_dir()).size(), 3u);

  // Recorded: the links made, the emails sent and the rotation by the command; the links opened
  // by the user who opened them.
  std::vector<std::string> by_command, by_user;
  for (const auto& e : audit("", 50)) {
    (text(e.at("actor")) == "command" ? by_command : by_user).push_back(text(e.at("action")));
  }
  const auto has = [](const std::vector<std::string>& v, const std::string& action) {
    return std::count(v.begin(), v.end(), action);
  };
  EXPECT_EQ(has(by_command, "org.api_key.email"), 2);
  EXPECT_EQ(has(by_command, "user.service_key.email"), 1);
  EXPECT_EQ(has(by_command, "credential.link.create"), 3);
  EXPECT_EQ(has(by_command, "org.api_key.rotate"), 1);
  EXPECT_EQ(has(by_user, "credential.reveal"), 2);
}

TEST_F(CliSecurityTest, EmailCommandsUseTheConfiguredSmtpServer) {
  SmtpSink sink;
  const auto config = server->temp_dir() / "smtp.toml";
  {
    std::ofstream(config) << "[smtp]\nurl = \"" << sink.url() << "\"\nca_file = \""
                          << sink.ca_file() << "\"\nfrom = \"keys@example.com\"\n";
  }
  const auto sent = json_of({"user", "service-key", "email", "--username", init().admin_username,
                             "--config", config.string(), "--rotate"});
  EXPECT_TRUE(sent.at("rotated").as_bool());
  const auto mail = sink.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].from, "keys@example.com");
  EXPECT_EQ(mail[0].to, std::vector<std::string>{init().admin_username});
  EXPECT_TRUE(mail[0].tls);
  EXPECT_FALSE(link_token_at(mail[0].data, "https://127.0.0.1:8443").empty()) << mail[0].data;
  EXPECT_TRUE(outbox_files(server->data_dir()).empty());
  // Rotated: the service key init printed is refused now.
  EXPECT_TRUE(eventually([&] { return auth_status(server->admin_headers()) == 401; }, kPickedUp));
}

TEST_F(CliSecurityTest, ServiceKeyAndApplicationKeyCommandsReachTheRunningServer) {
  // The user's service key.
  const auto rotated =
      json_of({"user", "service-key", "rotate", "--username", init().admin_username});
  EXPECT_EQ(text(rotated.at("username")), init().admin_username);
  const std::string service_key = text(rotated.at("service_key"));
  EXPECT_NE(service_key, init().admin_service_key);
  const Headers as_admin = admin(service_key, init().org_api_key);
  EXPECT_TRUE(switched(server->admin_headers(), as_admin));

  // An application, registered by the organization's agent.
  const auto creds = json_of({"org", "credentials", "--org", org(), "--reveal"});
  auto client = server->client();
  const auto registered =
      client.post_json("/Contrast/api/engine/applications", R"({"name":"shop","language":"Java"})",
                       agent(text(creds.at("agent_username")), text(creds.at("agent_service_key")),
                             init().org_api_key));
  ASSERT_EQ(registered.status, 201) << registered.body;
  const std::string app = text(registered.json().at("app_id"));
  const std::string key_path = org_path("/applications/" + app + "/key?reveal=true");
  const auto key_now = [&] {
    return text(client.get(key_path, as_admin).json().at("application_key"));
  };

  const auto app_rotated = json_of({"app", "key", "rotate", "--org", org(), "--app", app});
  EXPECT_EQ(text(app_rotated.at("app_id")), app);
  const std::string app_key = text(app_rotated.at("application_key"));
  EXPECT_EQ(app_key.size(), 32u);
  EXPECT_EQ(key_now(), app_key);

  const auto bad = server->cli({"app", "key", "set", "--org", org(), "--app", app}, "short-key!");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("the application key does not satisfy the key policy"), npos) << bad.err;
  for (const auto& rule : kShortKeyRules) EXPECT_NE(bad.err.find(rule), npos) << rule;
  EXPECT_EQ(key_now(), app_key);

  const std::string chosen = "Application0Key1Chosen2By3Hand";
  const std::string padded = chosen + "XY";  // 32 characters
  const auto set = json_of({"app", "key", "set", "--org", org(), "--app", app}, padded + "\r\n");
  EXPECT_EQ(text(set.at("application_key")), "****ndXY");
  EXPECT_TRUE(set.at("set").as_bool());
  EXPECT_EQ(key_now(), padded);
  const auto human = run_ok({"app", "key", "rotate", "--org", org(), "--app", app});
  EXPECT_NE(human.out.find("New application key of \"shop\""), npos) << human.out;
  EXPECT_NE(human.out.find(key_now()), npos) << human.out;

  const auto events = command_audit(org());
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(text(events[0].at("action")), "application.key.rotate");
  EXPECT_EQ(text(events[1].at("action")), "application.key.set");
  EXPECT_EQ(text(events[2].at("action")), "application.key.rotate");
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(text(events[i].at("target")), "application:" + app);
  }
  // The service key belongs to no organization: only the system-wide list has its rotation.
  bool service_key_rotation_recorded = false;
  for (const auto& e : command_audit()) {
    service_key_rotation_recorded |= text(e.at("action")) == "user.service_key.rotate";
  }
  EXPECT_TRUE(service_key_rotation_recorded);
}

// Wrong command lines need no server: each says what is wrong, exits non-zero, and changes
// nothing.
TEST(CliSecurityUsage, BadInputIsRefusedClearlyAndChangesNothing) {
  TempDir temp;
  const auto dir = (temp / "d").string();
  const auto init = run_keyward({"init", "--data-dir", dir, "--json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  const std::string org(init.json().at("org").at("id").as_string());
  const std::string api_key(init.json().at("org").at("api_key").as_string());
  const std::string admin(init.json().at("admin").at("username").as_string());
  const std::string unknown = "00000000-0000-4000-8000-000000000000";
  const auto audit_size = [&] {
    const auto r = run_keyward({"audit", "list", "--data-dir", dir, "--limit", "500", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.json().at("events").as_array().size();
  };
  const auto before = audit_size();

  struct Case {
    std::vector<std::string> args;
    std::string input;
    int exit_code;
    std::string message;
  };
  const std::vector<Case> cases{
      {{"org", "credentials"}, "", 2, "--org is required"},
      {{"org", "credentials", "--org", "acme"}, "", 2, "--org must be an organization id (a UUID)"},
      {{"org", "credentials", "--org", unknown, "--reveal"},
       "",
       1,
       "no organization with id " + unknown},
      {{"org", "api-key", "rotate", "--org", unknown}, "", 1, "no organization with id " + unknown},
      {{"org", "api-key", "set", "--org", org}, "", 2, "read from standard input"},
      {{"org", "api-key", "set", "--org", unknown},
       "Chosen0Key1Of2The3Acme4Organization",
       1,
       "no organization"},
      {{"org", "api-key", "disable", "--org", "not-a-uuid"}, "", 2, "UUID"},
      {{"org", "api-key"}, "", 2, "subcommand"},
      {{"org", "agent-key", "rotate", "--org", unknown}, "", 1, "no organization"},
      {{"org", "api-key", "email", "--org", org}, "", 2, "--to is required"},
      {{"org", "api-key", "email", "--org", org, "--to", admin, "--public-url", "keys.example.com"},
       "",
       2,
       "must start with https://"},
      {{"org", "api-key", "email", "--org", org, "--to", admin, "--config", dir + "/none.toml"},
       "",
       2,
       "none.toml"},
      {{"user", "service-key", "rotate", "--username", "ghost@example.com"},
       "",
       1,
       "no user named \"ghost@example.com\""},
      {{"user", "service-key", "email", "--username", "ghost@example.com"},
       "",
       1,
       "no user named \"ghost@example.com\""},
      {{"user", "service-key", "rotate"}, "", 2, "--username is required"},
      {{"app", "key", "rotate", "--org", org, "--app", "shop"},
       "",
       2,
       "--app must be an application id (a UUID)"},
      {{"app", "key", "rotate", "--org", org, "--app", unknown},
       "",
       1,
       "no application with id " + unknown},
      {{"app", "key", "set", "--org", unknown, "--app", unknown},
       "Chosen0Key1Of2The3Acme4Org",
       1,
       "no organization"},
      {{"audit", "list", "--limit", "0"}, "", 2, "--limit"},
      {{"audit", "list", "--org", "acme"}, "", 2, "UUID"},
      {{"audit", "list", "--org", unknown}, "", 1, "no organization"},
      {{"policy", "set", "--app-key-length", "ten"}, "", 2, "--app-key-length"},
  };
  for (const auto& c : cases) {
    auto args = c.args;
    args.insert(args.end(), {"--data-dir", dir});
    const auto r = run_keyward(args, c.input);
    std::string line;
    for (const auto& a : c.args) line += a + " ";
    EXPECT_EQ(r.exit_code, c.exit_code) << line << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), npos) << line << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << line << "\n" << r.out;
  }
  EXPECT_EQ(audit_size(), before);
  const auto creds =
      run_keyward({"org", "credentials", "--org", org, "--reveal", "--json", "--data-dir", dir});
  ASSERT_EQ(creds.exit_code, 0) << creds.err;
  EXPECT_EQ(std::string(creds.json().at("api_key").as_string()), api_key);
  EXPECT_FALSE(std::filesystem::exists(temp / "d" / "outbox"));
}

}  // namespace
}  // namespace keyward::testing
