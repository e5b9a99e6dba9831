// Organization Settings -> Users through the API: who may list, add, re-role, unlock and remove
// members, what each answer holds, and the one-time password's first sign-in.
#include <gtest/gtest.h>

#include "unit/api/api_fixture.h"

namespace keyward::api {
namespace {

class MembersTest : public testing::ApiTest {
 protected:
  std::string path(const std::string& rest = "") const {
    return "/api/v1/orgs/" + org_a.org.id.to_string() + "/members" + rest;
  }
  http::Response post(const std::string& target, const testing::Headers& as,
                      const boost::json::object& body) {
    return call(http::Method::post, target, as, boost::json::serialize(body), "application/json");
  }
  http::Response sign_in(const boost::json::object& body) {
    return call(http::Method::post, "/api/v1/session", {}, boost::json::serialize(body),
                "application/json");
  }
  static std::string text(const boost::json::value& v) { return std::string(v.as_string()); }
};

TEST_F(MembersTest, AdministratorsListTheMembersWithRolesAndLockState) {
  const auto r = call(http::Method::get, path(), user(admin_a, org_a));
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  const auto body = json(r);
  const auto& listed = body.at("members").as_array();
  ASSERT_EQ(listed.size(), 3u);  // admin@a, member@a, root (its home organization)
  const auto& admin = listed[0].as_object();
  EXPECT_EQ(text(admin.at("username")), "admin@a.example");
  EXPECT_EQ(text(admin.at("role")), "admin");
  EXPECT_FALSE(admin.at("locked").as_bool());
  EXPECT_TRUE(admin.at("locked_until").is_null());
  EXPECT_FALSE(admin.at("password_change_required").as_bool());
  EXPECT_EQ(text(listed[1].at("role")), "member");
  EXPECT_TRUE(listed[2].at("system_admin").as_bool());
  EXPECT_EQ(r.body().find(admin_a.service_key), std::string::npos);
  EXPECT_EQ(r.body().find("password_hash"), std::string::npos);

  EXPECT_EQ(call(http::Method::get, path(), user(member_a, org_a)).result_int(), 403u);
  EXPECT_EQ(call(http::Method::get, path(), user(admin_b, org_b)).result_int(), 404u);
}

TEST_F(MembersTest, AddingSomeoneNewShowsTheirOneTimePasswordOnce) {
  const auto r =
      post(path(), user(admin_a, org_a), {{"username", "new@a.example"}, {"role", "member"}});
  ASSERT_EQ(r.result_int(), 201u) << r.body();
  const auto body = json(r);
  const std::string once = text(body.at("one_time_password"));
  EXPECT_GE(once.size(), 20u);
  EXPECT_TRUE(body.at("member").at("password_change_required").as_bool());
  EXPECT_EQ(text(body.at("member").at("role")), "member");

  // The one-time password alone is answered with what to do next, and no session.
  const auto first = sign_in({{"username", "new@a.example"}, {"password", once}});
  EXPECT_EQ(first.result_int(), 403u);
  EXPECT_EQ(text(json(first).at("error").at("code")), "password_change_required");
  EXPECT_TRUE(first[http::beast_http::field::set_cookie].empty());
  const auto weak =
      sign_in({{"username", "new@a.example"}, {"password", once}, {"new_password", "short"}});
  EXPECT_EQ(weak.result_int(), 400u);
  EXPECT_NE(weak.body().find("at least 12 characters"), std::string::npos) << weak.body();
  const auto chosen = sign_in(
      {{"username", "new@a.example"}, {"password", once}, {"new_password", "my own pass phrase"}});
  ASSERT_EQ(chosen.result_int(), 201u) << chosen.body();
  EXPECT_FALSE(chosen[http::beast_http::field::set_cookie].empty());
  EXPECT_EQ(sign_in({{"username", "new@a.example"}, {"password", once}}).result_int(), 401u);
}

TEST_F(MembersTest, OnlyASystemAdministratorAddsAnExistingAccount) {
  const boost::json::object existing{{"username", "admin@b.example"}, {"role", "member"}};
  const auto refused = post(path(), user(admin_a, org_a), existing);
  EXPECT_EQ(refused.result_int(), 409u);
  EXPECT_NE(refused.body().find("system administrator can add"), std::string::npos);
  const auto added = post(path(), user(root, org_a), existing);
  ASSERT_EQ(added.result_int(), 201u) << added.body();
  EXPECT_TRUE(json(added).at("one_time_password").is_null());
  EXPECT_EQ(index.role_of(admin_b.user.id, org_a.org.id), Role::kMember);
}

TEST_F(MembersTest, BadInputIsRefusedWithAReasonAndChangesNothing) {
  const size_t before = memory.list_users()->size();
  for (const auto& body :
       {boost::json::object{{"username", "x@a.example"}, {"role", "owner"}},
        boost::json::object{{"username", "x@a.example"}},
        boost::json::object{{"username", "two words"}, {"role", "member"}},
        boost::json::object{
            {"username", "x@a.example"}, {"role", "member"}, {"password", "chosen"}}}) {
    const auto r = post(path(), user(admin_a, org_a), body);
    EXPECT_EQ(r.result_int(), 400u) << boost::json::serialize(body) << ": " << r.body();
    EXPECT_FALSE(text(json(r).at("error").at("message")).empty());
  }
  EXPECT_EQ(memory.list_users()->size(), before);
  EXPECT_EQ(post(path(), user(member_a, org_a), {{"username", "x@a.example"}, {"role", "member"}})
                .result_int(),
            403u);
}

TEST_F(MembersTest, RoleChangeUnlockAndRemovalAnswerWithTheMember) {
  const std::string member = "/" + member_a.user.id.to_string();
  const auto promoted = call(http::Method::put, path(member), user(admin_a, org_a),
                             R"({"role": "admin"})", "application/json");
  ASSERT_EQ(promoted.result_int(), 200u) << promoted.body();
  EXPECT_EQ(text(json(promoted).at("role")), "admin");
  const auto unlocked = call(http::Method::post, path(member + "/unlock"), user(admin_a, org_a));
  ASSERT_EQ(unlocked.result_int(), 200u) << unlocked.body();
  EXPECT_FALSE(json(unlocked).at("locked").as_bool());

  const auto removed = call(http::Method::delete_, path(member), user(admin_a, org_a));
  EXPECT_EQ(removed.result_int(), 204u) << removed.body();
  // Their service key no longer opens anything of A's, from the next request on.
  EXPECT_EQ(call(http::Method::get, "/api/v1/orgs/" + org_a.org.id.to_string() + "/keys",
                 user(member_a, org_a))
                .result_int(),
            401u);
  EXPECT_EQ(call(http::Method::delete_, path(member), user(admin_a, org_a)).result_int(), 404u);
  EXPECT_EQ(call(http::Method::delete_, path("/not-a-uuid"), user(admin_a, org_a)).result_int(),
            404u);
}

TEST_F(MembersTest, TheLastAdministratorStays) {
  // root is an administrator of A too (its home organization); with root gone, admin_a is the last.
  ASSERT_EQ(call(http::Method::delete_, path("/" + root.user.id.to_string()), user(admin_a, org_a))
                .result_int(),
            204u);
  const std::string self = "/" + admin_a.user.id.to_string();
  const auto r = call(http::Method::delete_, path(self), user(admin_a, org_a));
  EXPECT_EQ(r.result_int(), 409u);
  EXPECT_NE(r.body().find("only administrator"), std::string::npos) << r.body();
  EXPECT_EQ(index.role_of(admin_a.user.id, org_a.org.id), Role::kAdmin);
}

TEST_F(MembersTest, ChangesAreInTheOrganizationsAuditLog) {
  ASSERT_EQ(post(path(), user(admin_a, org_a), {{"username", "new@a.example"}, {"role", "member"}})
                .result_int(),
            201u);
  const auto log = call(http::Method::get,
                        "/api/v1/orgs/" + org_a.org.id.to_string() + "/audit?action=org.member",
                        user(admin_a, org_a));
  ASSERT_EQ(log.result_int(), 200u) << log.body();
  const auto body = json(log);
  const auto& events = body.at("events").as_array();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(text(events[0].at("action")), "org.member.add");
  EXPECT_NE(text(events[0].at("actor")).find("admin@a.example"), std::string::npos);
}

}  // namespace
}  // namespace keyward::api
