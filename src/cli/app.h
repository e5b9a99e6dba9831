// The `keyward` command line: parses argv and runs the chosen subcommand.
#pragma once

namespace keyward::cli {

// Returns the process exit code: 0 success, 1 failure, 2 a wrong command line.
int run(int argc, char** argv);

}  // namespace keyward::cli
