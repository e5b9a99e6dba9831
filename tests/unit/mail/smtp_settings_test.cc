// The SMTP settings `keyward serve` refuses to start with: each mistake would otherwise surface
// only when someone asks for a key by email, or would send the relay's password in clear.
#include <fstream>

#include <gtest/gtest.h>

#include "mail/smtp_mailer.h"
#include "support/temp_dir.h"

namespace keyward::mail {
namespace {

SmtpSettings relay() {
  SmtpSettings s;
  s.url = "smtp://mail.example.com:587";
  s.username = "keyward";
  s.password = "relay-password";
  s.starttls = "required";
  return s;
}

std::string refusal(const SmtpSettings& s) {
  const auto checked = SmtpMailer::check(s);
  EXPECT_FALSE(checked);
  return checked ? "" : checked.error().message;
}

TEST(SmtpSettingsTest, ARelayWithStartTlsAndALoginIsAccepted) {
  EXPECT_TRUE(SmtpMailer::check(relay()));
  SmtpSettings implicit_tls = relay();
  implicit_tls.url = "smtps://mail.example.com:465";
  implicit_tls.starttls = "off";
  EXPECT_TRUE(SmtpMailer::check(implicit_tls));
  SmtpSettings anonymous_local = relay();
  anonymous_local.username.clear();
  anonymous_local.password.clear();
  anonymous_local.starttls = "off";
  EXPECT_TRUE(SmtpMailer::check(anonymous_local));
}

TEST(SmtpSettingsTest, EachMistakeIsNamed) {
  SmtpSettings s = relay();
  s.url = "http://mail.example.com";
  EXPECT_NE(refusal(s).find("smtp.url must start with smtp:// or smtps://"), std::string::npos);
  s = relay();
  s.starttls = "yes";
  EXPECT_NE(refusal(s).find("smtp.starttls must be"), std::string::npos);
  s = relay();
  s.password.clear();
  EXPECT_NE(refusal(s).find("set both smtp.username and smtp.password"), std::string::npos);
}

TEST(SmtpSettingsTest, APasswordIsNeverSentInClear) {
  for (const char* mode : {"opportunistic", "off"}) {
    SmtpSettings s = relay();
    s.starttls = mode;
    const std::string why = refusal(s);
    EXPECT_NE(why.find("without encryption"), std::string::npos) << mode;
    EXPECT_EQ(why.find("relay-password"), std::string::npos);
  }
}

TEST(SmtpSettingsTest, AMissingCaFileIsFoundAtStartUp) {
  testing::TempDir dir;
  SmtpSettings s = relay();
  s.ca_file = (dir / "missing.pem").string();
  EXPECT_NE(refusal(s).find("smtp.ca_file " + s.ca_file + " cannot be read"), std::string::npos);
  std::ofstream(dir / "ca.pem") << "-----BEGIN CERTIFICATE-----\n";
  s.ca_file = (dir / "ca.pem").string();
  EXPECT_TRUE(SmtpMailer::check(s));
}

}  // namespace
}  // namespace keyward::mail
