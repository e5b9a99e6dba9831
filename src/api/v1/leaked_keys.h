// POST /api/v1/keys/leaked: reports of exposed tokens from a secret scanner, in the format of
// GitHub's secret scanning partner program. The body is a JSON array of
// {"token", "type", "url", "source"}, signed: Github-Public-Key-Identifier names one of the public
// keys the operator configured ([leak_reports] in the serve config) and
// Github-Public-Key-Signature carries the base64 of an ECDSA P-256 / SHA-256 signature over the
// body's exact bytes. The answer is the program's feedback: one
// {"token_raw", "token_type", "label"} per reported token, label "true_positive" or
// "false_positive". What is done with a report is service/leak_reports.h.
//
// The signature is the authentication (Access::kPublic): it is checked before anything reads
// the body, and a report it does not vouch for gets 401 with one message whatever was wrong, and
// changes nothing. With no keys configured the route answers 503 and says how to turn it on.
#pragma once

#include "api/api_context.h"

namespace keyward::api::v1 {

inline constexpr std::string_view kScannerKeyIdentifierHeader = "Github-Public-Key-Identifier";
inline constexpr std::string_view kScannerSignatureHeader = "Github-Public-Key-Signature";

// A report may carry up to this many tokens, in up to this many bytes: a thousand findings with
// long urls, and room to spare.
inline constexpr size_t kMaxLeakReportTokens = 1000;
inline constexpr std::uint64_t kLeakReportBodyLimit = 1024 * 1024;

void add_leaked_key_routes(Routes& routes, const ApiContext& ctx);

}  // namespace keyward::api::v1
