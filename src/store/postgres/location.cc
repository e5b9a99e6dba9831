#include "store/postgres/location.h"

#include <charconv>
#include <memory>
#include <vector>

#include <libpq-fe.h>

namespace keyward::store::postgres {
namespace {

struct KeywardParameter;

}  // namespace

bool has_password(std::string_view location);

namespace {

struct KeywardParameter {
  std::string_view name;
  std::int64_t min;
  std::int64_t max;
};

constexpr KeywardParameter kPoolSize{"pool_size", 1, 1000};
constexpr KeywardParameter kPoolTimeout{"pool_timeout", 1, 600'000};              // ms
constexpr KeywardParameter kStatementTimeout{"statement_timeout", 1, 3'600'000};  // ms

Result<std::int64_t> parse_parameter(const KeywardParameter& p, std::string_view value) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size() || n < p.min || n > p.max) {
    return fail(Errc::kInvalidArgument, "the store parameter " + std::string(p.name) +
                                            " must be a whole number from " +
                                            std::to_string(p.min) + " to " + std::to_string(p.max) +
                                            (p.name == "pool_size" ? "" : " (milliseconds)"));
  }
  return n;
}

using Options = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

// libpq's own reading of the URI, so that what we check is what it will connect with.
Result<Options> conninfo_options(const std::string& conninfo) {
  char* error = nullptr;
  Options options(PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
  if (!options) {
    // libpq's message quotes the faulty part of the URI, which may be the password.
    std::string why = error ? error : "out of memory";
    PQfreemem(error);
    if (has_password(conninfo)) {
      why =
          "check its percent-encoding and parameters (libpq's message is not shown because "
          "the URI carries a password)";
    }
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return fail(Errc::kInvalidArgument, "the PostgreSQL store location is not valid: " + why);
  }
  return options;
}

std::string option(const Options& options, std::string_view keyword) {
  for (auto* o = options.get(); o->keyword; ++o) {
    if (keyword == o->keyword && o->val) return o->val;
  }
  return {};
}

}  // namespace

bool is_postgres_location(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<Location> parse_location(std::string_view location) {
  if (!is_postgres_location(location)) {
    return fail(Errc::kInvalidArgument,
                "a PostgreSQL store location starts with postgresql:// or postgres://");
  }
  Location out;
  const auto query_at = location.find('?');
  out.conninfo = std::string(location.substr(0, query_at));
  if (query_at != std::string_view::npos) {
    std::string kept;
    std::string_view query = location.substr(query_at + 1);
    while (!query.empty()) {
      const auto amp = query.find('&');
      const std::string_view item = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
      const auto eq = item.find('=');
      const std::string_view key = item.substr(0, eq);
      const std::string_view value =
          eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
      if (key == kPoolSize.name || key == kPoolTimeout.name || key == kStatementTimeout.name) {
        const auto& p = key == kPoolSize.name      ? kPoolSize
                        : key == kPoolTimeout.name ? kPoolTimeout
                                                   : kStatementTimeout;
        auto n = parse_parameter(p, value);
        if (!n) return fail(n.error());
        if (&p == &kPoolSize) out.pool.size = static_cast<std::size_t>(*n);
        if (&p == &kPoolTimeout) out.pool.acquire_timeout = std::chrono::milliseconds(*n);
        if (&p == &kStatementTimeout) out.pool.statement_timeout = std::chrono::milliseconds(*n);
        continue;
      }
      if (item.empty()) continue;
      kept += (kept.empty() ? "?" : "&") + std::string(item);
    }
    out.conninfo += kept;
  }
  auto options = conninfo_options(out.conninfo);
  if (!options) return fail(options.error());
  const std::string user = option(*options, "user");
  const std::string host = option(*options, "host");
  const std::string port = option(*options, "port");
  const std::string dbname = option(*options, "dbname");
  out.description = (user.empty() ? "" : user + "@") + (host.empty() ? "localhost" : host) +
                    (port.empty() ? "" : ":" + port) + "/" + (dbname.empty() ? user : dbname);
  return out;
}

bool has_password(std::string_view location) {
  if (!is_postgres_location(location)) return false;
  const auto scheme_end = location.find("://") + 3;
  const auto authority_end = location.find_first_of("/?", scheme_end);
  const std::string_view authority = location.substr(scheme_end, authority_end - scheme_end);
  const auto at = authority.rfind('@');
  if (at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos) {
    return true;  // user:password@host
  }
  const auto query_at = location.find('?');
  if (query_at == std::string_view::npos) return false;
  std::string_view query = location.substr(query_at + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    if (query.substr(0, amp).starts_with("password=")) return true;
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
  return false;
}

}  // namespace keyward::store::postgres
