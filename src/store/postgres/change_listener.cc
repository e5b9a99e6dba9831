#include "store/postgres/change_listener.h"

#include <charconv>
#include <cstring>

#include <libpq-fe.h>

#include "store/postgres/errors.h"
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace keyward::store::postgres {
namespace {

constexpr const char* kListen = "LISTEN keyward_changes";

int milliseconds_until(std::chrono::steady_clock::time_point t) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(t - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(left.count() + 1, 0, 60'000));
}

}  // namespace

Result<std::unique_ptr<ChangeListener>> ChangeListener::create(std::string_view location,
                                                               Options options) {
  auto parsed = parse_location(location);
  if (!parsed) return fail(parsed.error());
  const int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) {
    return fail(
        Errc::kUnavailable,
        std::string("cannot create the listener's wake-up descriptor: ") + std::strerror(errno));
  }
  return std::unique_ptr<ChangeListener>(new ChangeListener(std::move(*parsed), options, fd));
}

ChangeListener::ChangeListener(Location location, Options options, int stop_fd)
    : location_(std::move(location)), options_(std::move(options)), stop_fd_(stop_fd) {}

ChangeListener::~ChangeListener() { ::close(stop_fd_); }

void ChangeListener::stop() {
  stopped_ = true;
  const std::uint64_t one = 1;
  (void)!::write(stop_fd_, &one, sizeof one);
}

bool ChangeListener::sleep_until(Clock::time_point until) {
  pollfd fd{stop_fd_, POLLIN, 0};
  while (!stopped_ && Clock::now() < until) {
    ::poll(&fd, 1, milliseconds_until(until));
  }
  return stopped_;
}

ChangeListener::Event ChangeListener::lose(std::string reason) {
  connection_.reset();
  connected_ = false;
  backend_pid_ = 0;
  probe_sent_.reset();
  backoff_ = backoff_.count() == 0 ? options_.reconnect_min
                                   : std::min(backoff_ * 2, options_.reconnect_max);
  next_attempt_ = Clock::now() + backoff_;
  return Event{Event::kDisconnected, 0, std::move(reason)};
}

ChangeListener::Event ChangeListener::connect() {
  // No statement of this connection runs long; the heartbeat is what bounds waiting on it.
  auto c =
      Connection::open({location_.conninfo, std::chrono::milliseconds(options_.heartbeat_timeout),
                        options_.application_name});
  if (!c) return lose(c.error().message);
  if (auto s = (*c)->exec(kListen); !s) return lose(s.error().message);
  if (PQsetnonblocking((*c)->native(), 1) != 0) {
    return lose("cannot make the listening connection non-blocking");
  }
  connection_ = std::move(*c);
  connected_ = true;
  backend_pid_ = PQbackendPID(connection_->native());
  backoff_ = std::chrono::milliseconds(0);
  last_heard_ = Clock::now();
  return Event{Event::kConnected, 0, {}};
}

bool ChangeListener::consume() {
  pg_conn* conn = connection_->native();
  if (PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) return false;
  last_heard_ = Clock::now();
  while (PQisBusy(conn) == 0) {  // the heartbeat's answer, when one was asked for
    PGresult* r = PQgetResult(conn);
    if (!r) {
      probe_sent_.reset();
      break;
    }
    PQclear(r);
  }
  while (PGnotify* n = PQnotifies(conn)) {
    std::int64_t position = 0;
    const std::string_view payload = n->extra ? n->extra : "";
    std::from_chars(payload.data(), payload.data() + payload.size(), position);
    pending_position_ = std::max(pending_position_, position);
    pending_notification_ = true;
    PQfreemem(n);
  }
  return true;
}

ChangeListener::Event ChangeListener::wait(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  if (stopped_) return Event{Event::kStopped, 0, {}};
  if (!connection_) {
    if (Clock::now() < next_attempt_) {
      if (sleep_until(std::min(deadline, next_attempt_))) return Event{Event::kStopped, 0, {}};
      if (Clock::now() < next_attempt_) return Event{Event::kTimeout, 0, {}};
    }
    return connect();
  }
  for (;;) {
    if (pending_notification_) {
      pending_notification_ = false;
      return Event{Event::kNotified, std::exchange(pending_position_, 0), {}};
    }
    const auto now = Clock::now();
    if (probe_sent_ && now - *probe_sent_ >= options_.heartbeat_timeout) {
      return lose("PostgreSQL did not answer the listener's heartbeat within " +
                  std::to_string(options_.heartbeat_timeout.count()) + " ms");
    }
    pg_conn* conn = connection_->native();
    if (!probe_sent_ && now - last_heard_ >= options_.heartbeat) {
      if (PQsendQuery(conn, "SELECT 1") == 0) {
        return lose(connection_error(conn, "listening for changes").message);
      }
      probe_sent_ = now;
    }
    if (PQflush(conn) < 0) return lose(connection_error(conn, "listening for changes").message);
    if (now >= deadline) return Event{Event::kTimeout, 0, {}};

    auto wake = std::min(deadline, probe_sent_ ? *probe_sent_ + options_.heartbeat_timeout
                                               : last_heard_ + options_.heartbeat);
    pollfd fds[2] = {{PQsocket(conn), POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    const int ready = ::poll(fds, 2, milliseconds_until(wake));
    if (stopped_) return Event{Event::kStopped, 0, {}};
    if (ready > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0 && !consume()) {
      return lose(connection_error(conn, "listening for changes").message);
    }
  }
}

}  // namespace keyward::store::postgres
