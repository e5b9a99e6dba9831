#include "service/application_service.h"

#include <gtest/gtest.h>

#include "core/text_rules.h"
#include "unit/service/service_fixture.h"

namespace keyward::service {
namespace {

using namespace std::chrono_literals;

class ApplicationServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    org_id = new_organization("Acme");
    other_org_id = new_organization("Globex");
  }

  static ApplicationRegistration spec(std::string name = "shop", std::string language = "JAVA") {
    ApplicationRegistration s;
    s.name = std::move(name);
    s.language = std::move(language);
    return s;
  }

  RegisteredApplication registered(const ApplicationRegistration& s) {
    auto r = apps.register_application(actor, org_id, s);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : RegisteredApplication{};
  }

  // What the store holds for `org_id`.
  std::vector<Application> stored(const Uuid& org) {
    auto list = memory.list_applications(org);
    EXPECT_TRUE(list) << list.error().message;
    return list ? *list : std::vector<Application>{};
  }

  void expect_invalid(const ApplicationRegistration& s) {
    auto r = apps.register_application(actor, org_id, s);
    ASSERT_FALSE(r) << "registered " << s.name;
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
    EXPECT_TRUE(stored(org_id).empty());
  }

  ApplicationService apps{context()};
  Uuid org_id;
  Uuid other_org_id;
};

TEST_F(ApplicationServiceTest, TheFirstRegistrationCreatesTheApplication) {
  auto s = spec("shop", "JAVA");
  s.path = "/shop";
  s.tags = {"prod", "eu"};
  s.importance = 4;
  const auto r = registered(s);
  EXPECT_TRUE(r.created);
  EXPECT_FALSE(r.app.id.is_nil());
  EXPECT_EQ(r.app.org_id, org_id);
  EXPECT_EQ(r.app.name, "shop");
  EXPECT_EQ(r.app.language, "Java");  // canonical
  EXPECT_EQ(r.app.path, "/shop");
  EXPECT_EQ(r.app.tags, (std::vector<std::string>{"prod", "eu"}));
  EXPECT_EQ(r.app.importance, 4);
  EXPECT_EQ(r.app.created_at, clock.now());
  EXPECT_EQ(r.app.last_seen_at, clock.now());

  const auto in_store = stored(org_id);
  ASSERT_EQ(in_store.size(), 1u);
  EXPECT_EQ(in_store[0].id, r.app.id);
  EXPECT_EQ(in_store[0].language, "Java");
  EXPECT_EQ(in_store[0].importance, 4);
}

TEST_F(ApplicationServiceTest, ImportanceDefaultsToMedium) {
  EXPECT_EQ(registered(spec()).app.importance, kDefaultImportance);
}

TEST_F(ApplicationServiceTest, RegisteringAgainWithTheLanguageSpelledDifferentlyIsTheSameApp) {
  const auto first = registered(spec("shop", "JAVA"));
  const Timestamp created = clock.now();
  clock.advance(10min);
  const auto second = registered(spec("shop", "Java"));
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.app.id, first.app.id);
  EXPECT_EQ(second.app.created_at, created);
  EXPECT_EQ(second.app.last_seen_at, created + 10min);
  clock.advance(1min);
  const auto third = registered(spec("shop", "java1_5"));
  EXPECT_FALSE(third.created);
  EXPECT_EQ(third.app.id, first.app.id);

  const auto in_store = stored(org_id);
  ASSERT_EQ(in_store.size(), 1u);
  EXPECT_EQ(in_store[0].last_seen_at, created + 11min);
  EXPECT_EQ(in_store[0].created_at, created);
}

TEST_F(ApplicationServiceTest, TheSameNameInAnotherLanguageIsAnotherApplication) {
  const auto java = registered(spec("shop", "JAVA"));
  const auto node = registered(spec("shop", "nodejs"));
  EXPECT_TRUE(node.created);
  EXPECT_NE(node.app.id, java.app.id);
  EXPECT_EQ(node.app.language, "Node");
  EXPECT_EQ(stored(org_id).size(), 2u);
}

TEST_F(ApplicationServiceTest, TheSameNameInAnotherOrganizationIsAnotherApplication) {
  const auto mine = registered(spec());
  auto theirs = apps.register_application(actor, other_org_id, spec());
  ASSERT_TRUE(theirs) << theirs.error().message;
  EXPECT_TRUE(theirs->created);
  EXPECT_NE(theirs->app.id, mine.app.id);
  EXPECT_EQ(stored(org_id).size(), 1u);
  EXPECT_EQ(stored(other_org_id).size(), 1u);
}

TEST_F(ApplicationServiceTest, ReRegistrationUpdatesPathTagsAndImportanceOnlyWhenGiven) {
  auto s = spec();
  s.path = "/shop";
  s.tags = {"prod"};
  s.importance = 3;
  const auto first = registered(s);

  // Nothing given: everything kept.
  const auto kept = registered(spec());
  EXPECT_EQ(kept.app.path, "/shop");
  EXPECT_EQ(kept.app.tags, std::vector<std::string>{"prod"});
  EXPECT_EQ(kept.app.importance, 3);

  // Given: replaced.
  auto changed = spec();
  changed.path = "/store";
  changed.tags = {"staging", "eu"};
  changed.importance = 0;
  const auto updated = registered(changed);
  EXPECT_EQ(updated.app.id, first.app.id);
  EXPECT_EQ(updated.app.path, "/store");
  EXPECT_EQ(updated.app.tags, (std::vector<std::string>{"staging", "eu"}));
  EXPECT_EQ(updated.app.importance, 0);

  const auto in_store = stored(org_id);
  ASSERT_EQ(in_store.size(), 1u);
  EXPECT_EQ(in_store[0].path, "/store");
  EXPECT_EQ(in_store[0].tags, (std::vector<std::string>{"staging", "eu"}));
  EXPECT_EQ(in_store[0].importance, 0);
}

TEST_F(ApplicationServiceTest, DuplicateTagsAreDroppedInOrder) {
  auto s = spec();
  s.tags = {"b", "a", "b", "a", "c"};
  EXPECT_EQ(registered(s).app.tags, (std::vector<std::string>{"b", "a", "c"}));
}

TEST_F(ApplicationServiceTest, AnEmptyNameIsRefusedAndNothingStored) {
  expect_invalid(spec(""));
  expect_invalid(spec("   "));
}

TEST_F(ApplicationServiceTest, ANameWithControlCharactersIsRefused) {
  expect_invalid(spec("shop\n"));
  expect_invalid(spec(std::string("sh\0op", 5)));
  expect_invalid(spec("shop\x7f"));
}

TEST_F(ApplicationServiceTest, ATooLongNameIsRefused) {
  expect_invalid(spec(std::string(kMaxNameLength + 1, 'a')));
  EXPECT_TRUE(registered(spec(std::string(kMaxNameLength, 'a'))).created);
}

TEST_F(ApplicationServiceTest, AnEmptyOrTooLongLanguageIsRefused) {
  expect_invalid(spec("shop", ""));
  expect_invalid(spec("shop", std::string(kMaxLanguageLength + 1, 'x')));
}

TEST_F(ApplicationServiceTest, ATooLongPathIsRefused) {
  auto s = spec();
  s.path = "/" + std::string(kMaxPathLength, 'p');
  expect_invalid(s);
}

TEST_F(ApplicationServiceTest, MoreThanMaxTagsIsRefused) {
  auto s = spec();
  for (size_t i = 0; i <= kMaxTags; ++i) s.tags.push_back("t" + std::to_string(i));
  expect_invalid(s);
  s.tags.pop_back();
  EXPECT_EQ(registered(s).app.tags.size(), kMaxTags);
}

TEST_F(ApplicationServiceTest, ATooLongEmptyOrControlCharacterTagIsRefused) {
  for (const std::string& tag :
       {std::string(kMaxTagLength + 1, 't'), std::string(), std::string("a\tb")}) {
    auto s = spec();
    s.tags = {"ok", tag};
    expect_invalid(s);
  }
  auto s = spec();
  s.tags = {std::string(kMaxTagLength, 't')};
  EXPECT_TRUE(registered(s).created);
}

TEST_F(ApplicationServiceTest, ImportanceOutOfRangeIsRefused) {
  for (int importance : {kMinImportance - 1, kMaxImportance + 1, 100}) {
    auto s = spec();
    s.importance = importance;
    expect_invalid(s);
  }
}

TEST_F(ApplicationServiceTest, AnInvalidReRegistrationLeavesTheApplicationAsItWas) {
  auto s = spec();
  s.path = "/shop";
  const auto first = registered(s);
  clock.advance(1h);
  auto bad = spec();
  bad.path = "/new";
  bad.importance = 9;
  auto r = apps.register_application(actor, org_id, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  const auto in_store = stored(org_id);
  ASSERT_EQ(in_store.size(), 1u);
  EXPECT_EQ(in_store[0].path, "/shop");
  EXPECT_EQ(in_store[0].last_seen_at, first.app.last_seen_at);
}

TEST_F(ApplicationServiceTest, AStorageFailureFailsRegistrationAndStoresNothing) {
  store.fail_next_writes(1);
  auto r = apps.register_application(actor, org_id, spec());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kUnavailable);
  EXPECT_TRUE(stored(org_id).empty());
  // The next attempt works.
  EXPECT_TRUE(registered(spec()).created);
}

TEST_F(ApplicationServiceTest, HeartbeatMovesLastSeenOnly) {
  auto s = spec();
  s.path = "/shop";
  const auto app = registered(s).app;
  clock.advance(3min);
  ASSERT_TRUE(apps.heartbeat(org_id, app.id));
  const auto got = apps.get(org_id, app.id);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->last_seen_at, app.last_seen_at + 3min);
  EXPECT_EQ(got->created_at, app.created_at);
  EXPECT_EQ(got->path, "/shop");
  EXPECT_EQ(got->name, "shop");
}

TEST_F(ApplicationServiceTest, AnotherOrganizationsApplicationIsNotFound) {
  const auto app = registered(spec()).app;
  clock.advance(1min);
  const auto hb = apps.heartbeat(other_org_id, app.id);
  ASSERT_FALSE(hb);
  EXPECT_EQ(hb.error().code, Errc::kNotFound);
  const auto got = apps.get(other_org_id, app.id);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Errc::kNotFound);
  // The failed heartbeat did not touch it.
  EXPECT_EQ(apps.get(org_id, app.id)->last_seen_at, app.last_seen_at);
}

TEST_F(ApplicationServiceTest, AnUnknownApplicationIsNotFound) {
  const Uuid unknown = Uuid::random(random);
  EXPECT_EQ(apps.get(org_id, unknown).error().code, Errc::kNotFound);
  EXPECT_EQ(apps.heartbeat(org_id, unknown).error().code, Errc::kNotFound);
}

TEST_F(ApplicationServiceTest, AStorageFailureFailsTheHeartbeat) {
  const auto app = registered(spec()).app;
  clock.advance(1min);
  store.fail_next_writes(1);
  const auto hb = apps.heartbeat(org_id, app.id);
  ASSERT_FALSE(hb);
  EXPECT_EQ(hb.error().code, Errc::kUnavailable);
  EXPECT_EQ(apps.get(org_id, app.id)->last_seen_at, app.last_seen_at);
}

TEST_F(ApplicationServiceTest, FindTakesAnySpellingOfTheLanguage) {
  const auto app = registered(spec("shop", "nodejs")).app;
  for (const char* language : {"Node", "NODE", "node.js", "javascript"}) {
    const auto found = apps.find(org_id, "shop", language);
    ASSERT_TRUE(found) << language;
    EXPECT_EQ(found->id, app.id);
  }
  EXPECT_EQ(apps.find(org_id, "shop", "Java").error().code, Errc::kNotFound);
  EXPECT_EQ(apps.find(org_id, "other", "Node").error().code, Errc::kNotFound);
  EXPECT_EQ(apps.find(other_org_id, "shop", "Node").error().code, Errc::kNotFound);
}

TEST(CleanTagsTest, KeepsOrderAndDropsDuplicates) {
  const auto tags = clean_tags({"a", "b", "a", "c", "b"});
  ASSERT_TRUE(tags) << tags.error().message;
  EXPECT_EQ(*tags, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(CleanTagsTest, CountsTagsAfterDroppingDuplicates) {
  std::vector<std::string> tags;
  for (size_t i = 0; i < kMaxTags; ++i) tags.push_back("t" + std::to_string(i));
  tags.push_back("t0");  // kMaxTags + 1 given, kMaxTags distinct
  const auto cleaned = clean_tags(tags);
  ASSERT_TRUE(cleaned) << cleaned.error().message;
  EXPECT_EQ(cleaned->size(), kMaxTags);
}

TEST(CleanTagsTest, RefusesTooManyTooLongEmptyAndControlCharacterTags) {
  std::vector<std::string> many;
  for (size_t i = 0; i <= kMaxTags; ++i) many.push_back("t" + std::to_string(i));
  EXPECT_EQ(clean_tags(many).error().code, Errc::kInvalidArgument);
  EXPECT_EQ(clean_tags({std::string(kMaxTagLength + 1, 'x')}).error().code, Errc::kInvalidArgument);
  EXPECT_EQ(clean_tags({""}).error().code, Errc::kInvalidArgument);
  EXPECT_EQ(clean_tags({"a\nb"}).error().code, Errc::kInvalidArgument);
  EXPECT_TRUE(clean_tags({}).value().empty());
}

TEST(CleanTagsTest, TheMessageNamesTheTag) {
  const auto r = clean_tags({"ok", std::string(kMaxTagLength + 1, 'x')});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("tag"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace keyward::service
