// The outbox that stands in for an SMTP server: each message one owner-only .eml file an operator
// can read or hand on, never overwriting another, and a clear failure when it cannot be written.
#include "mail/outbox_mailer.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/uuid.h"
#include "mail/message_format.h"
#include "support/seeded_random.h"
#include "support/temp_dir.h"
#include <sys/stat.h>

namespace keyward::mail {
namespace {

std::vector<std::filesystem::path> files_in(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(folder)) out.push_back(e.path());
  std::ranges::sort(out);
  return out;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class OutboxMailerTest : public ::testing::Test {
 protected:
  const service::EmailMessage message{"keyward@example.com", "ada@example.com",
                                      "Your Keyward service key", "Open the link.\n"};
  testing::TempDir dir;
  ManualClock clock{from_epoch_ms(1'800'000'000'000)};
  testing::SeededRandom random{11};
};

TEST_F(OutboxMailerTest, EachMessageBecomesOneEmlFileInTheFolder) {
  const auto outbox = dir / "data/outbox";  // created on first use
  OutboxMailer mailer(outbox, clock, random);
  ASSERT_TRUE(mailer.send(message));

  testing::SeededRandom same(11);
  const std::string id = Uuid::random(same).to_string();
  const auto files = files_in(outbox);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].filename().string(), "1800000000000-" + id + ".eml");
  EXPECT_EQ(read(files[0]), format_message(message, clock.now(), id + "@keyward"));
}

TEST_F(OutboxMailerTest, FilesAreReadableByTheOwnerOnly) {
  // The message may carry a key (key-in-message mode) or a one-time link.
  OutboxMailer mailer(dir.path(), clock, random);
  ASSERT_TRUE(mailer.send(message));
  struct stat st {};
  ASSERT_EQ(::stat(files_in(dir.path()).at(0).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(OutboxMailerTest, EveryMessageGetsItsOwnFile) {
  OutboxMailer mailer(dir.path(), clock, random);
  ASSERT_TRUE(mailer.send(message));
  service::EmailMessage second = message;
  second.to = "bob@example.com";
  ASSERT_TRUE(mailer.send(second));  // same millisecond, different id
  const auto files = files_in(dir.path());
  ASSERT_EQ(files.size(), 2u);
  const auto count = [&](const std::string& header) {
    return std::ranges::count_if(
        files, [&](const auto& f) { return read(f).find(header) != std::string::npos; });
  };
  EXPECT_EQ(count("To: ada@example.com\r\n"), 1);
  EXPECT_EQ(count("To: bob@example.com\r\n"), 1);
}

TEST_F(OutboxMailerTest, AnExistingFileIsNeverOverwritten) {
  // Two mailers drawing the same id at the same moment name the same file.
  OutboxMailer first(dir.path(), clock, random);
  testing::SeededRandom same(11);
  OutboxMailer second(dir.path(), clock, same);
  ASSERT_TRUE(first.send(message));
  service::EmailMessage other = message;
  other.body = "something else\n";
  const Status s = second.send(other);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kUnavailable);
  EXPECT_NE(s.error().message.find(".eml"), std::string::npos);
  const auto files = files_in(dir.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_NE(read(files[0]).find("Open the link."), std::string::npos);
}

TEST_F(OutboxMailerTest, AFolderThatCannotBeCreatedIsAnUnavailableNamingIt) {
  std::ofstream(dir / "in-the-way") << "a file, not a folder";
  OutboxMailer mailer(dir / "in-the-way/outbox", clock, random);
  const Status s = mailer.send(message);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kUnavailable);
  EXPECT_NE(s.error().message.find("in-the-way/outbox"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace keyward::mail
