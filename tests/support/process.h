// Child processes for the tests: the `keyward` binary and the SMTP sink.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace keyward::testing {

// Starts `argv[0]` (a path) with stdin, stdout and stderr redirected to files (output appended);
// returns its pid. Throws std::runtime_error when it cannot be started.
pid_t spawn_process(const std::vector<std::string>& argv, const std::filesystem::path& in,
                    const std::filesystem::path& out, const std::filesystem::path& err);

// Waits for `pid` to end; its exit code, or 128 + the signal that ended it.
int wait_for_process(pid_t pid);

std::string read_whole_file(const std::filesystem::path& path);

}  // namespace keyward::testing
