// How the SQL stores keep a list of tags in one text column: one tag per line. Text rules keep
// control characters, and so newlines, out of tags.
#pragma once

#include <string>
#include <vector>

namespace keyward::store {

std::string join_tags(const std::vector<std::string>& tags);
std::vector<std::string> split_tags(const std::string& joined);

}  // namespace keyward::store
