// The wire form of a key email: the headers a mail client shows, a date it can parse, CRLF line
// ends, and no way for a stray CR or LF in a header value to add a header of its own.
#include "mail/message_format.h"

#include <gtest/gtest.h>

namespace keyward::mail {
namespace {

const Timestamp kAt = from_epoch_ms(1'800'000'000'000);  // Fri, 15 Jan 2027 08:00:00 UTC

service::EmailMessage message(std::string subject = "Your Keyward service key",
                              std::string to = "ada@example.com", std::string body = "Hello\n") {
  return {"keyward@example.com", std::move(to), std::move(subject), std::move(body)};
}

// The header lines, up to the blank line that ends them.
std::vector<std::string> header_lines(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (true) {
    const size_t end = text.find("\r\n", at);
    if (end == std::string::npos || end == at) break;
    out.push_back(text.substr(at, end - at));
    at = end + 2;
  }
  return out;
}

std::string body_of(const std::string& text) {
  const size_t blank = text.find("\r\n\r\n");
  return blank == std::string::npos ? "" : text.substr(blank + 4);
}

TEST(MessageFormatTest, AMessageHasTheHeadersAMailClientNeeds) {
  EXPECT_EQ(format_message(message(), kAt, "42@keyward"),
            "Date: Fri, 15 Jan 2027 08:00:00 +0000\r\n"
            "From: keyward@example.com\r\n"
            "To: ada@example.com\r\n"
            "Subject: Your Keyward service key\r\n"
            "Message-ID: <42@keyward>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n"
            "\r\n"
            "Hello\r\n");
}

TEST(MessageFormatTest, DatesAreRfc5322InUtc) {
  const auto date = [](std::int64_t ms) {
    return header_lines(format_message(message(), from_epoch_ms(ms), "x")).front();
  };
  EXPECT_EQ(date(0), "Date: Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(date(1'709'210'096'789), "Date: Thu, 29 Feb 2024 12:34:56 +0000");  // ms dropped
  EXPECT_EQ(date(952'240'089'000), "Date: Sun, 05 Mar 2000 07:08:09 +0000");
  EXPECT_EQ(date(4'102'444'799'000), "Date: Thu, 31 Dec 2099 23:59:59 +0000");
  // Every day of one week, so each weekday name is right.
  const char* days[] = {"Fri", "Sat", "Sun", "Mon", "Tue", "Wed", "Thu"};
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(date(1'800'000'000'000 + std::int64_t{i} * 86'400'000).substr(6, 3), days[i]) << i;
  }
}

TEST(MessageFormatTest, CrOrLfInAHeaderValueCannotAddAHeader) {
  const std::string text =
      format_message({"keyward@example.com\r\nReply-To: evil@example.com",
                      "ada@example.com\nBcc: evil@example.com",
                      "Key\r\nBcc: evil@example.com\r\n\r\nfake body", "real body\n"},
                     kAt, "id@keyward\r\nX-Injected: 1");
  const auto lines = header_lines(text);
  ASSERT_EQ(lines.size(), 8u);  // exactly the eight headers, no more
  for (const auto& line : lines) {
    EXPECT_FALSE(line.starts_with("Bcc:")) << line;
    EXPECT_FALSE(line.starts_with("Reply-To:")) << line;
    EXPECT_FALSE(line.starts_with("X-Injected:")) << line;
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_EQ(line.find('\n'), std::string::npos);
  }
  EXPECT_EQ(lines[1], "From: keyward@example.comReply-To: evil@example.com");
  EXPECT_EQ(lines[2], "To: ada@example.comBcc: evil@example.com");
  EXPECT_EQ(lines[3], "Subject: KeyBcc: evil@example.comfake body");
  EXPECT_EQ(body_of(text), "real body\r\n");
}

TEST(MessageFormatTest, BodyLinesEndInCrlf) {
  EXPECT_EQ(body_of(format_message(message("s", "t", "one\ntwo\n\nthree"), kAt, "x")),
            "one\r\ntwo\r\n\r\nthree\r\n");
  // Lines that already end in CRLF are not given a second CR.
  EXPECT_EQ(body_of(format_message(message("s", "t", "one\r\ntwo\r\n"), kAt, "x")),
            "one\r\ntwo\r\n");
  EXPECT_EQ(body_of(format_message(message("s", "t", "\nlead"), kAt, "x")), "\r\nlead\r\n");
}

TEST(MessageFormatTest, HeaderLookingTextInTheBodyStaysInTheBody) {
  const std::string text =
      format_message(message("s", "t", "Bcc: evil@example.com\nhello\n"), kAt, "x");
  EXPECT_EQ(header_lines(text).size(), 8u);
  EXPECT_EQ(body_of(text), "Bcc: evil@example.com\r\nhello\r\n");
}

TEST(MessageFormatTest, Utf8PassesThroughAsEightBit) {
  const std::string text = format_message(message("s", "t", "Grüße, Ada ✓\n"), kAt, "x");
  EXPECT_EQ(body_of(text), "Grüße, Ada ✓\r\n");
}

}  // namespace
}  // namespace keyward::mail
