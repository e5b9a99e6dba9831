// The web console's routes. "/" sends a browser to /console/. /console/assets/<file> serves the
// fingerprinted bundle, cached for a year as immutable and gzip-compressed for clients that take
// it; an unknown asset is a 404. Every other path under /console/ (up to three segments deep) is a
// page of the single-page console and answers index.html, which is never cached, so a new
// release is picked up at the next page load.
//
// The console is a client of the documented API and holds no secret itself: its routes are
// public, and every response carries a Content-Security-Policy that allows only the console's
// own files (no inline script or style, no other origin, no framing).
#pragma once

#include <string_view>

#include "api/route.h"

namespace keyward::console {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// `routes` with the console's routes added after the API's.
api::Routes with_console_routes(api::Routes routes);

}  // namespace keyward::console
