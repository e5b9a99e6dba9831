// Keys' usage over real HTTPS against `keyward serve`: each way a verification ends is counted
// in the key's current hour and day within two seconds, at verify, /api/v1/auth and the Bearer
// path alike; the last use's address is shown, masked when the system settings say so; bad input
// is a clear 400; another organization's key is not found; the organization's summary adds its
// keys up and names the busiest; the command shows the same. An in-process node on a ManualClock
// shows uses on either side of an hour's end in their own buckets.
#include "core/key_usage.h"

#include <chrono>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/integration_fixture.h"
#include "support/in_process_node.h"

namespace keyward::testing {
namespace {

using namespace std::chrono_literals;

Timestamp system_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

class KeyUsageTest : public ServerTest {
 protected:
  boost::json::value verify(const std::string& token, const std::string& extra = "") {
    auto client = server->client();
    const auto r =
        client.post_json("/api/v1/keys/verify", R"({"key": ")" + token + "\"" + extra + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  HttpResponse usage(const std::string& key_id, const std::string& query = "") {
    auto client = server->client();
    return client.get(org_path("/keys/" + key_id + "/usage" + query), server->admin_headers());
  }
  // The counts of the one bucket an answer holds, as {valid, rate_limited, usage_exceeded,
  // refused}; all -1 when it holds none or several.
  static std::vector<std::int64_t> only_bucket(const boost::json::value& answer) {
    const auto& buckets = answer.at("buckets").as_array();
    if (buckets.size() != 1) return {-1, -1, -1, -1};
    const auto& b = buckets[0];
    return {b.at("valid").as_int64(), b.at("rate_limited").as_int64(),
            b.at("usage_exceeded").as_int64(), b.at("refused").as_int64()};
  }
};

TEST_F(KeyUsageTest, EveryOutcomeCountsInTheCurrentHourAndDayWithinTwoSeconds) {
  const Timestamp before = system_now();
  // A: two passes an hour, and a scope of the organization's own.
  const auto a = create_key("secret", R"(, "scopes": ["invoices:read"],
                                         "rate_limits": [{"limit": 2, "window_seconds": 3600}])");
  // B: one credit.
  const auto b = create_key("secret", R"(, "credits": {"remaining": 1})");
  const std::string a_token = text(a.at("token")), a_id = text(a.at("id"));
  const std::string b_token = text(b.at("token")), b_id = text(b.at("id"));
  auto client = server->client();

  EXPECT_TRUE(verify(a_token).at("valid").as_bool());
  EXPECT_TRUE(verify(a_token, R"(, "client_ip": "203.0.113.7")").at("valid").as_bool());
  EXPECT_EQ(verify(a_token).at("code"), "rate_limited");
  EXPECT_EQ(client.get("/api/v1/auth", {{"Authorization", "Bearer " + a_token}}).status, 429);
  EXPECT_EQ(verify(a_token, R"(, "scopes": ["invoices:write"])").at("code"), "insufficient_scope");

  EXPECT_TRUE(verify(b_token).at("valid").as_bool());
  EXPECT_EQ(verify(b_token).at("code"), "usage_exceeded");
  EXPECT_EQ(client.get(org_path("/keys"), {{"Authorization", "Bearer " + b_token}}).status, 429);
  ASSERT_EQ(client.post_json(org_path("/keys/" + b_id + "/disable"), "{}", server->admin_headers())
                .status,
            200);
  EXPECT_EQ(boost::json::serialize(verify(b_token)), R"({"valid":false})");
  // A token that names no key counts for none.
  EXPECT_FALSE(verify("kw_sk_" + std::string(48, 'A')).at("valid").as_bool());

  const auto done = std::chrono::steady_clock::now();
  const std::vector<std::int64_t> a_expected{2, 2, 0, 1}, b_expected{1, 0, 2, 1};
  ASSERT_TRUE(eventually(
      [&] {
        return only_bucket(usage(a_id).json()) == a_expected &&
               only_bucket(usage(b_id).json()) == b_expected;
      },
      5s))
      << usage(a_id).body << "\n"
      << usage(b_id).body;
  EXPECT_LT(std::chrono::steady_clock::now() - done, 2s) << "visible within two seconds";

  const Timestamp after = system_now();
  const auto hourly = usage(a_id, "?granularity=hour");
  ASSERT_EQ(hourly.status, 200) << hourly.body;
  const auto h = hourly.json();
  EXPECT_EQ(text(h.at("key_id")), a_id);
  EXPECT_EQ(text(h.at("granularity")), "hour");
  const auto start = parse_rfc3339(text(h.at("buckets").at(0).at("start")));
  ASSERT_TRUE(start);
  EXPECT_TRUE(*start == hour_start(before) || *start == hour_start(after));
  // The last use is the one with an address: the valid verification from 203.0.113.7.
  EXPECT_EQ(text(h.at("last_used_ip")), "203.0.113.7");
  const auto used = parse_rfc3339(text(h.at("last_used_at")));
  ASSERT_TRUE(used);
  EXPECT_GE(*used, before - 1s);
  EXPECT_LE(*used, after);

  const auto daily = usage(a_id, "?granularity=day").json();
  EXPECT_EQ(text(daily.at("granularity")), "day");
  EXPECT_EQ(only_bucket(daily), a_expected);
  const auto day = parse_rfc3339(text(daily.at("buckets").at(0).at("start")));
  EXPECT_TRUE(*day == day_start(before) || *day == day_start(after));
  // B's only valid use came with no address, so none is shown.
  EXPECT_TRUE(usage(b_id).json().at("last_used_ip").is_null());
}

TEST_F(KeyUsageTest, AnUnusedKeyHasNoBucketsAndNoLastUse) {
  const auto key = create_key("secret");
  const auto r = usage(text(key.at("id")));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("buckets"), boost::json::array{});
  EXPECT_TRUE(r.json().at("last_used_at").is_null());
  EXPECT_TRUE(r.json().at("last_used_ip").is_null());
}

TEST_F(KeyUsageTest, TheLastAddressIsStoredMaskedWhenThePolicySaysSo) {
  auto client = server->client();
  ASSERT_EQ(client
                .put_json("/api/v1/system/key-policy", R"({"mask_invalid_ips": true})",
                          server->admin_headers())
                .status,
            200);
  const auto key = create_key("secret");
  const std::string id = text(key.at("id"));
  EXPECT_TRUE(
      verify(text(key.at("token")), R"(, "client_ip": "203.0.113.77")").at("valid").as_bool());
  ASSERT_TRUE(eventually([&] { return usage(id).json().at("last_used_ip").is_string(); }))
      << usage(id).body;
  EXPECT_EQ(text(usage(id).json().at("last_used_ip")), "203.0.113.0/24");
  // The full address was never written.
  EXPECT_EQ(std::string(usage(id).body).find("203.0.113.77"), std::string::npos);
  auto db = open_database();
  const auto rows = db->key_usage(*Uuid::parse(id), Timestamp{});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].last_used_ip, "203.0.113.0/24");
}

TEST_F(KeyUsageTest, ABadGranularityOrTopIsAClear400) {
  const auto key = create_key("secret");
  for (const char* bad : {"?granularity=week", "?granularity=HOUR", "?granularity=days"}) {
    const auto r = usage(text(key.at("id")), bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("granularity must be \\\"hour\\\" or \\\"day\\\""), std::string::npos)
        << r.body;
  }
  // An empty value means "not set", as for every query parameter: hourly.
  const auto empty = usage(text(key.at("id")), "?granularity=");
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(text(empty.json().at("granularity")), "hour");
  auto client = server->client();
  for (const char* bad : {"?top=0", "?top=101", "?top=ten"}) {
    const auto r = client.get(org_path("/usage" + std::string(bad)), server->admin_headers());
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("top must be a whole number from 1 to 100"), std::string::npos) << r.body;
  }
  EXPECT_EQ(client.get(org_path("/usage?granularity=month"), server->admin_headers()).status, 400);
}

TEST_F(KeyUsageTest, AnotherOrganizationsKeyOrADeletedOneIsNotFound) {
  auto client = server->client();
  const auto other =
      client.post_json("/api/v1/orgs", R"({"name": "Other"})", server->admin_headers());
  ASSERT_EQ(other.status, 201) << other.body;
  const std::string other_org = text(other.json().at("id"));
  const auto theirs =
      client.post_json("/api/v1/orgs/" + other_org + "/keys",
                       R"({"name": "theirs", "kind": "secret"})", server->admin_headers());
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  const std::string their_id = text(theirs.json().at("id"));
  EXPECT_EQ(usage(their_id).status, 404);  // under this organization's path
  EXPECT_EQ(client
                .get("/api/v1/orgs/" + other_org + "/keys/" + their_id + "/usage",
                     server->admin_headers())
                .status,
            200);
  EXPECT_EQ(usage("not-a-uuid").status, 404);
  const auto mine = create_key("secret");
  ASSERT_EQ(
      client.request("DELETE", org_path("/keys/" + text(mine.at("id"))), server->admin_headers())
          .status,
      204);
  EXPECT_EQ(usage(text(mine.at("id"))).status, 404);
  // Without credentials: 401, whatever the key.
  EXPECT_EQ(client.get(org_path("/keys/" + their_id + "/usage")).status, 401);
}

TEST_F(KeyUsageTest, TheOrganizationsSummaryAddsItsKeysUpAndNamesTheBusiest) {
  auto client = server->client();
  const auto busy = client.post_json(org_path("/keys"), R"({"name": "busy", "kind": "secret"})",
                                     server->admin_headers());
  const auto quiet = client.post_json(org_path("/keys"), R"({"name": "quiet", "kind": "secret"})",
                                      server->admin_headers());
  ASSERT_EQ(busy.status, 201);
  ASSERT_EQ(quiet.status, 201);
  for (int i = 0; i < 3; ++i) verify(text(busy.json().at("token")));
  verify(text(quiet.json().at("token")), R"(, "scopes": ["invoices:read"])");  // refused
  const auto summary = [&](const std::string& query) {
    return client.get(org_path("/usage" + query), server->admin_headers());
  };
  ASSERT_TRUE(eventually([&] {
    const auto s = summary("").json();
    return s.at("buckets").as_array().size() == 1 &&
           s.at("buckets").at(0).at("valid").as_int64() == 3 &&
           s.at("buckets").at(0).at("refused").as_int64() == 1;
  })) << summary("").body;
  const auto s = summary("?granularity=day").json();
  EXPECT_EQ(text(s.at("org_id")), server->init().org_id);
  EXPECT_EQ(text(s.at("granularity")), "day");
  EXPECT_EQ(s.at("buckets").as_array().size(), 1u);
  const auto& top = s.at("top_keys").as_array();
  ASSERT_EQ(top.size(), 2u) << s;
  EXPECT_EQ(text(top[0].at("key_id")), text(busy.json().at("id")));
  EXPECT_EQ(text(top[0].at("name")), "busy");
  EXPECT_EQ(text(top[0].at("status")), "active");
  EXPECT_EQ(top[0].at("valid").as_int64(), 3);
  EXPECT_EQ(text(top[1].at("name")), "quiet");
  EXPECT_EQ(top[1].at("refused").as_int64(), 1);
  EXPECT_EQ(summary("?top=1").json().at("top_keys").as_array().size(), 1u);
}

TEST_F(KeyUsageTest, TheCommandShowsAKeysUsageAndTheOrganizations) {
  const auto key = create_key("secret");
  const std::string id = text(key.at("id"));
  verify(text(key.at("token")), R"(, "client_ip": "198.51.100.4")");
  verify(text(key.at("token")), R"(, "scopes": ["nothing:held"])");
  ASSERT_TRUE(eventually([&] { return usage(id).json().at("buckets").as_array().size() == 1; }));
  const std::string& org = server->init().org_id;

  const auto shown =
      server->cli({"key", "usage", "--org", org, "--key", id, "--granularity", "day", "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto j = shown.json();
  EXPECT_EQ(text(j.at("key_id")), id);
  EXPECT_EQ(text(j.at("last_used_ip")), "198.51.100.4");
  EXPECT_EQ(only_bucket(j), (std::vector<std::int64_t>{1, 0, 0, 1}));

  const auto table = server->cli({"key", "usage", "--org", org, "--key", id});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("from 198.51.100.4"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("usage_exceeded"), std::string::npos) << table.out;

  const auto summary = server->cli({"org", "usage", "--org", org, "--json"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_EQ(text(summary.json().at("top_keys").at(0).at("key_id")), id);

  const auto bad =
      server->cli({"key", "usage", "--org", org, "--key", id, "--granularity", "week"});
  EXPECT_EQ(bad.exit_code, 2);
  const auto missing =
      server->cli({"key", "usage", "--org", org, "--key", "00000000-0000-4000-8000-000000000000"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("not found"), std::string::npos) << missing.err;
}

// On the in-process node's ManualClock (which starts on the hour): a use in the last second of an
// hour and one in the first second of the next land in two hourly buckets and one daily one.
TEST(KeyUsageClockTest, UsesEitherSideOfAnHoursEndLandInTheirOwnHour) {
  InProcessNode node;
  auto client = node.client();
  const std::string org = "/api/v1/orgs/" + node.first().org.org.id.to_string();
  const auto created =
      client.post_json(org + "/keys", R"({"name": "k", "kind": "secret"})", node.admin_headers());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token(created.json().at("token").as_string());
  const std::string id(created.json().at("id").as_string());
  const Timestamp start = node.clock().now();
  ASSERT_EQ(start, hour_start(start));
  node.clock().set(start + 59min + 59s);
  ASSERT_EQ(
      client.post_json("/api/v1/keys/verify", R"({"key": ")" + token + R"("})").json().at("valid"),
      true);
  node.clock().set(start + 1h);
  ASSERT_EQ(
      client.post_json("/api/v1/keys/verify", R"({"key": ")" + token + R"("})").json().at("valid"),
      true);
  const auto usage = [&](const char* g) {
    return client.get(org + "/keys/" + id + "/usage?granularity=" + g, node.admin_headers()).json();
  };
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (usage("hour").at("buckets").as_array().size() < 2 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  const auto start_of = [](const boost::json::value& b) {
    return std::string(b.at("start").as_string());
  };
  const auto hours = usage("hour").at("buckets").as_array();
  ASSERT_EQ(hours.size(), 2u) << hours;
  EXPECT_EQ(start_of(hours[0]), format_rfc3339(start));
  EXPECT_EQ(hours[0].at("valid").as_int64(), 1);
  EXPECT_EQ(start_of(hours[1]), format_rfc3339(start + 1h));
  EXPECT_EQ(hours[1].at("valid").as_int64(), 1);
  const auto days = usage("day").at("buckets").as_array();
  ASSERT_EQ(days.size(), 1u) << days;
  EXPECT_EQ(start_of(days[0]), format_rfc3339(day_start(start)));
  EXPECT_EQ(days[0].at("valid").as_int64(), 2);
  EXPECT_EQ(std::string(usage("hour").at("last_used_at").as_string()), format_rfc3339(start + 1h));
}

}  // namespace
}  // namespace keyward::testing
