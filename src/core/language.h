// The languages agents report, by one canonical name each, so an application registered by a
// "JAVA" agent is found by a client asking for "Java" or "java1_5".
#pragma once

#include <string>
#include <string_view>

namespace keyward {

// "Java" for java, JAVA, JAVA1_5; ".NET" for dotnet, .net; ".NET Core" for dotnet_core; "Node"
// for node, nodejs, node.js, javascript; "Python", "Ruby", "Go", "PHP", "Proxy". Anything else
// is returned as given, trimmed.
std::string canonical_language(std::string_view language);

}  // namespace keyward
