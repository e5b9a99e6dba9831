// Fills an initialized data directory with many secret keys for load tests, and writes their
// tokens (one per line) to a file: what the comparison with nginx and the memory benchmark draw
// keys from. Keys are made exactly as `keyward key create` makes them, in large batches. With
// --controls each key also gets every per-key control, none of which a benchmark exhausts: three
// scopes of the organization's own, two rate limits, credits and three allowed networks (what
// bench/controls.sh compares with keys that have none).
//
//   seed_keys --data-dir DIR [--store LOCATION] --org ID --count N --tokens FILE [--controls]
#include <fstream>
#include <iostream>
#include <string>

#include "cli/runtime.h"
#include "service/key_service.h"

namespace {

constexpr std::size_t kBatch = 10'000;

keyward::KeyControls every_control() {
  using namespace keyward;
  KeyControls c;
  c.scopes = {"invoices:read", "invoices:write", "reports:read"};
  c.rate_limits = {{kMaxCount, 1}, {kMaxCount, 86'400}};
  c.credits = Credits{kMaxCount, std::nullopt, {}};
  c.allowed_ips = {*IpNetwork::parse("10.0.0.0/8"), *IpNetwork::parse("2001:db8::/32"),
                   *IpNetwork::parse("127.0.0.0/8")};
  return c;
}

int usage() {
  std::cerr << "usage: seed_keys --data-dir DIR [--store LOCATION] --org ORG_ID --count N --tokens "
               "FILE [--controls]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace keyward;
  std::string data_dir, store, org, tokens_path;
  std::size_t count = 0;
  bool controlled = false;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--controls") {
      controlled = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) return usage();
    const std::string value = argv[i + 1];
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
  const KeyControls controls = controlled ? every_control() : KeyControls{};
  // Keys with controls keep read and write, so that the same request suits both kinds.
  const std::optional<Scopes> scopes =
      controlled ? std::optional(Scopes::defaults_for(KeyKind::kSecret)) : std::nullopt;
  for (std::size_t done = 0; done < count;) {
    store::WriteBatch batch;
    const std::size_t n = std::min(kBatch, count - done);
    for (std::size_t i = 0; i < n; ++i) {
      auto issued =
          service::make_key(ctx, *org_id, {"load", KeyKind::kSecret, {}, scopes}, controls);
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
