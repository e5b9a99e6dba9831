#include <exception>
#include <iostream>

#include "cli/app.h"
#include <sys/stat.h>

int main(int argc, char** argv) {
  // Everything Keyward writes (database, keys, certificates) is for its owner alone.
  ::umask(077);
  try {
    return keyward::cli::run(argc, argv);
  } catch (const std::exception& e) {
    // Exceptions are for start-up failures of third-party code (Asio, toml++); report, don't crash.
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
