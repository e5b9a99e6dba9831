// The console's files, compiled into the binary: index.html and the fingerprinted bundle it loads.
// They are made from web/ at build time (web/scripts/bundle.mjs), and web/scripts/embed.mjs writes
// the table that assets() returns into the build tree as console_assets.cc.
//
// Threading: immutable data; every function may be called from any thread.
#pragma once

#include <span>
#include <string_view>

namespace keyward::console {

struct Asset {
  std::string_view path;  // relative to /console/: "index.html", "assets/main-5F3A9C1E.js"
  std::string_view content_type;
  std::span<const unsigned char> bytes;
  std::span<const unsigned char> gzipped;  // the same, gzip-compressed; empty when it did not pay
  bool immutable = false;                  // a fingerprinted name: what it names never changes
};

// Every file; the generated table.
std::span<const Asset> assets();

// The file at `path` (relative to /console/), or null.
const Asset* find_asset(std::string_view path);

}  // namespace keyward::console
