// How a postgresql:// store location is read: Keyward's pool settings taken out, everything else
// left for libpq, and passwords never shown.
#include <gtest/gtest.h>

#include "store/postgres/location.h"

namespace keyward::store::postgres {
namespace {

TEST(PostgresLocation, TakesKeywardsParametersOutAndLeavesLibpqItsOwn) {
  const auto l = parse_location(
      "postgresql://keyward@db.internal:6432/keys?sslmode=verify-full&pool_size=3"
      "&sslrootcert=/etc/ca.pem&pool_timeout=250&statement_timeout=900");
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ(l->conninfo,
            "postgresql://keyward@db.internal:6432/keys?sslmode=verify-full"
            "&sslrootcert=/etc/ca.pem");
  EXPECT_EQ(l->pool.size, 3u);
  EXPECT_EQ(l->pool.acquire_timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(l->pool.statement_timeout, std::chrono::milliseconds(900));
  EXPECT_EQ(l->description, "keyward@db.internal:6432/keys");
}

TEST(PostgresLocation, HasSensibleDefaults) {
  const auto l = parse_location("postgres://db/keyward");
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ(l->conninfo, "postgres://db/keyward");
  EXPECT_EQ(l->pool.size, 8u);
  EXPECT_EQ(l->pool.acquire_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(l->pool.statement_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(l->description, "db/keyward");
}

TEST(PostgresLocation, RefusesSettingsOutOfRangeNamingThem) {
  for (const auto& [uri, name] : std::vector<std::pair<std::string, std::string>>{
           {"postgresql://db/k?pool_size=0", "pool_size"},
           {"postgresql://db/k?pool_size=many", "pool_size"},
           {"postgresql://db/k?pool_timeout=-5", "pool_timeout"},
           {"postgresql://db/k?statement_timeout=99999999", "statement_timeout"}}) {
    const auto l = parse_location(uri);
    ASSERT_FALSE(l) << uri;
    EXPECT_EQ(l.error().code, Errc::kInvalidArgument);
    EXPECT_NE(l.error().message.find(name), std::string::npos) << l.error().message;
  }
}

TEST(PostgresLocation, AMalformedUriIsAnErrorNamingTheFault) {
  const auto l = parse_location("postgresql://ada@db/k?ssl_mode=require");
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().code, Errc::kInvalidArgument);
  EXPECT_NE(l.error().message.find("ssl_mode"), std::string::npos) << l.error().message;
}

TEST(PostgresLocation, AMalformedUriWithAPasswordIsAnErrorThatDoesNotRepeatIt) {
  // libpq itself would answer `invalid percent-encoded token: "s3cret%zz"`.
  const auto l = parse_location("postgresql://ada:s3cret%zz@db/k");
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(l.error().message.find("s3cret"), std::string::npos) << l.error().message;
}

TEST(PostgresLocation, TheDescriptionNeverCarriesThePassword) {
  const auto l = parse_location("postgresql://ada:s3cret-pw@db:5432/k?password=other-pw");
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ(l->description, "ada@db:5432/k");
}

TEST(PostgresLocation, FindsPasswordsWhereverTheUriCarriesThem) {
  EXPECT_TRUE(has_password("postgresql://ada:pw@db/k"));
  EXPECT_TRUE(has_password("postgres://ada:pw@db:5432/k?sslmode=require"));
  EXPECT_TRUE(has_password("postgresql://ada@db/k?sslmode=require&password=pw"));
  EXPECT_FALSE(has_password("postgresql://ada@db/k?passfile=/etc/keyward/pgpass"));
  EXPECT_FALSE(has_password("postgresql://db/k"));
  EXPECT_FALSE(has_password("sqlite:var/keyward.db"));
}

TEST(PostgresLocation, OnlyPostgresSchemesArePostgresLocations) {
  EXPECT_TRUE(is_postgres_location("postgresql://db/k"));
  EXPECT_TRUE(is_postgres_location("postgres://db/k"));
  EXPECT_FALSE(is_postgres_location("sqlite:var/keyward.db"));
  EXPECT_FALSE(is_postgres_location("host=db dbname=k"));
  EXPECT_FALSE(parse_location("host=db dbname=k"));
}

}  // namespace
}  // namespace keyward::store::postgres
