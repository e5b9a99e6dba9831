#include "mail/message_format.h"

#include <array>
#include <cstdio>

namespace keyward::mail {
namespace {

std::string header_value(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c != '\r' && c != '\n') out += c;
  }
  return out;
}

// "Mon, 23 Nov 2026 12:00:00 +0000"
std::string rfc5322_date(Timestamp t) {
  static constexpr std::array<const char*, 7> kDays{"Thu", "Fri", "Sat", "Sun",
                                                    "Mon", "Tue", "Wed"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(t - day)};
  const auto weekday = static_cast<size_t>(day.time_since_epoch().count() % 7);
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[weekday],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf.data();
}

}  // namespace

std::string format_message(const service::EmailMessage& m, Timestamp at,
                           const std::string& message_id) {
  std::string out;
  out += "Date: " + rfc5322_date(at) + "\r\n";
  out += "From: " + header_value(m.from) + "\r\n";
  out += "To: " + header_value(m.to) + "\r\n";
  out += "Subject: " + header_value(m.subject) + "\r\n";
  out += "Message-ID: <" + header_value(message_id) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: 8bit\r\n\r\n";
  for (size_t i = 0; i < m.body.size(); ++i) {
    if (m.body[i] == '\n' && (i == 0 || m.body[i - 1] != '\r')) out += '\r';
    out += m.body[i];
  }
  if (!out.ends_with("\r\n")) out += "\r\n";
  return out;
}

}  // namespace keyward::mail
