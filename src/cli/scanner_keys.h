// The public keys secret scanners sign leaked-key reports with, as `keyward serve` reads them
// from the file [leak_reports] public_keys_file names. The file has the shape GitHub publishes
// its secret scanning keys in, so an operator can save that list as it is:
//
//   {"public_keys": [{"key_identifier": "<as the scanner names it>",
//                     "key": "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n",
//                     "is_current": true}, ...]}
//
// Every key listed is trusted, current or not (a scanner may still sign with the one it is
// rotating away from); each must be an ECDSA P-256 key. Other fields are ignored.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "crypto/signature_keys.h"

namespace keyward::cli {

// kInvalidArgument naming `file` and what is wrong with it (unreadable, not that shape, a key
// that is not a P-256 public key, an identifier listed twice, no key at all).
Result<crypto::SignatureKeys> load_scanner_keys(const std::string& file);

// The same for the file's text (`file` only names it in messages).
Result<crypto::SignatureKeys> parse_scanner_keys(std::string_view text, const std::string& file);

}  // namespace keyward::cli
