// Fills an initialized data directory with many secret keys for load tests, and writes their
// tokens (one per line) to a file: what the comparison with nginx and the memory benchmark draw
// keys from. Keys are made exactly as `keyward key create` makes them, in large batches.
//
//   seed_keys --data-dir DIR [--store LOCATION] --org ID --count N --tokens FILE
#include <fstream>
#include <iostream>
#include <string>

#include "cli/runtime.h"
#include "service/key_service.h"

namespace {

constexpr std::size_t kBatch = 10'000;

int usage() {
  std::cerr << "usage: seed_keys --data-dir DIR [--store LOCATION] --org ORG_ID --count N --tokens "
               "FILE\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace keyward;
  std::string data_dir, store, org, tokens_path;
  std::size_t count = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--data-dir")
      data_dir = value;
    else if (flag == "--store")
      store = value;
    else if (flag == "--org")
      org = value;
    else if (flag == "--count")
      count = std::stoul(value);
    else if (flag == "--tokens")
      tokens_path = value;
    else
      return usage();
  }
  const auto org_id = Uuid::parse(org);
  if (data_dir.empty() || !org_id || count == 0 || tokens_path.empty()) return usage();
  auto rt = cli::Runtime::open(data_dir, store);
  if (!rt) {
    std::cerr << rt.error().message << "\n";
    return 1;
  }
  std::ofstream tokens(tokens_path, std::ios::trunc);
  const service::ServiceContext ctx = (*rt)->context();
  for (std::size_t done = 0; done < count;) {
    store::WriteBatch batch;
    const std::size_t n = std::min(kBatch, count - done);
    for (std::size_t i = 0; i < n; ++i) {
      auto issued = service::make_key(ctx, *org_id, {"load", KeyKind::kSecret, {}, {}});
      if (!issued) {
        std::cerr << issued.error().message << "\n";
        return 1;
      }
      batch.keys.push_back(std::move(issued->key));
      tokens << issued->token << '\n';
    }
    if (auto s = ctx.store.apply(batch); !s) {
      std::cerr << s.error().message << "\n";
      return 1;
    }
    done += n;
  }
  if (!tokens) {
    std::cerr << "cannot write " << tokens_path << "\n";
    return 1;
  }
  return 0;
}
