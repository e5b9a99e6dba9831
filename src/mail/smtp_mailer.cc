#include "mail/smtp_mailer.h"

#include <fstream>
#include <memory>

#include <curl/curl.h>

#include "core/uuid.h"
#include "mail/message_format.h"

namespace keyward::mail {
namespace {

struct Upload {
  std::string data;
  size_t offset = 0;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::copy_n(upload->data.data() + upload->offset, n, buffer);
  upload->offset += n;
  return n;
}

// "<addr>" for an address without angle brackets.
std::string bracketed(const std::string& address) {
  return address.starts_with('<') ? address : "<" + address + ">";
}

}  // namespace

Status SmtpMailer::check(const SmtpSettings& s) {
  if (!s.url.starts_with("smtp://") && !s.url.starts_with("smtps://")) {
    return fail(Errc::kInvalidArgument, "smtp.url must start with smtp:// or smtps://");
  }
  if (s.starttls != "required" && s.starttls != "opportunistic" && s.starttls != "off") {
    return fail(Errc::kInvalidArgument,
                "smtp.starttls must be \"required\", \"opportunistic\" or \"off\"");
  }
  if (s.username.empty() != s.password.empty()) {
    return fail(Errc::kInvalidArgument, "set both smtp.username and smtp.password, or neither");
  }
  if (!s.password.empty() && s.url.starts_with("smtp://") && s.starttls != "required") {
    return fail(Errc::kInvalidArgument,
                "smtp.password would be sent without encryption: set smtp.starttls = \"required\" "
                "or use an smtps:// URL");
  }
  // Found at start-up rather than at the first email, when someone is waiting for a key.
  if (!s.ca_file.empty() && !std::ifstream(s.ca_file).good()) {
    return fail(Errc::kInvalidArgument, "smtp.ca_file " + s.ca_file + " cannot be read");
  }
  return {};
}

Status SmtpMailer::send(const service::EmailMessage& message) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return fail(Errc::kUnavailable, "libcurl failed to initialize");
  CURL* c = curl.get();
  Upload upload{
      format_message(message, clock_.now(), Uuid::random(random_).to_string() + "@keyward"), 0};
  const std::string from = bracketed(message.from);
  curl_slist* rcpt = curl_slist_append(nullptr, bracketed(message.to).c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(rcpt, curl_slist_free_all);

  curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, settings_.timeout_seconds);
  if (settings_.url.starts_with("smtp://")) {
    const long use_ssl = settings_.starttls == "required"        ? CURLUSESSL_ALL
                         : settings_.starttls == "opportunistic" ? CURLUSESSL_TRY
                                                                 : CURLUSESSL_NONE;
    curl_easy_setopt(c, CURLOPT_USE_SSL, use_ssl);
  }
  if (!settings_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    // The URL names the server, never a secret; credentials are not in it.
    return fail(Errc::kUnavailable,
                "sending email through " + settings_.url + " failed: " + curl_easy_strerror(rc));
  }
  return {};
}

}  // namespace keyward::mail
