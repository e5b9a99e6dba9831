#include "core/time.h"

#include <array>
#include <cstdio>

namespace keyward {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Reads exactly `width` decimal digits at `pos`; nullopt if any is not a digit.
std::optional<int> read_digits(std::string_view s, size_t pos, size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

bool expect(std::string_view s, size_t pos, char c) { return pos < s.size() && s[pos] == c; }

}  // namespace

std::string format_rfc3339(Timestamp t) {
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  std::array<char, 40> buf{};
  int n = std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02d",
                        static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                        static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                        static_cast<int>(hms.minutes().count()),
                        static_cast<int>(hms.seconds().count()));
  std::string out(buf.data(), static_cast<size_t>(n));
  if (const auto ms = hms.subseconds().count(); ms != 0) {
    std::snprintf(buf.data(), buf.size(), ".%03d", static_cast<int>(ms));
    out += buf.data();
  }
  out += 'Z';
  return out;
}

std::optional<Timestamp> parse_rfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS
  auto year = read_digits(s, 0, 4);
  auto month = read_digits(s, 5, 2);
  auto day = read_digits(s, 8, 2);
  auto hour = read_digits(s, 11, 2);
  auto minute = read_digits(s, 14, 2);
  auto second = read_digits(s, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (!expect(s, 4, '-') || !expect(s, 7, '-') || !expect(s, 13, ':') || !expect(s, 16, ':')) {
    return std::nullopt;
  }
  if (!expect(s, 10, 'T') && !expect(s, 10, 't')) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*year},
                                        std::chrono::month{static_cast<unsigned>(*month)},
                                        std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;

  size_t pos = 19;
  milliseconds fraction{0};
  if (expect(s, pos, '.')) {
    ++pos;
    const size_t start = pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      fraction += milliseconds{(s[pos] - '0') * scale};
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }

  minutes offset{0};
  if (expect(s, pos, 'Z') || expect(s, pos, 'z')) {
    ++pos;
  } else if (expect(s, pos, '+') || expect(s, pos, '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    auto oh = read_digits(s, pos + 1, 2);
    auto om = read_digits(s, pos + 4, 2);
    if (!oh || !om || !expect(s, pos + 3, ':') || *oh > 23 || *om > 59) return std::nullopt;
    offset = minutes{sign * (*oh * 60 + *om)};
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;

  const auto local =
      std::chrono::sys_days{ymd} + hours{*hour} + minutes{*minute} + seconds{*second} + fraction;
  return std::chrono::time_point_cast<milliseconds>(local - offset);
}

}  // namespace keyward
