#include "mail/outbox_mailer.h"

#include "core/uuid.h"
#include "mail/message_format.h"
#include <fcntl.h>
#include <unistd.h>

namespace keyward::mail {

Status OutboxMailer::send(const service::EmailMessage& message) {
  std::error_code ec;
  std::filesystem::create_directories(folder_, ec);
  if (ec)
    return fail(Errc::kUnavailable, "cannot create " + folder_.string() + ": " + ec.message());
  const Timestamp now = clock_.now();
  const std::string id = Uuid::random(random_).to_string();
  const std::string text = format_message(message, now, id + "@keyward");
  const auto path = folder_ / (std::to_string(to_epoch_ms(now)) + "-" + id + ".eml");
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail(Errc::kUnavailable, "cannot write " + path.string());
  const ssize_t n = ::write(fd, text.data(), text.size());
  const bool ok = n == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return fail(Errc::kUnavailable, "cannot write " + path.string());
  return {};
}

}  // namespace keyward::mail
