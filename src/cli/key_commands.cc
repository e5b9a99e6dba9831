// key create | update | list | show | roll | disable | enable | delete | verify: named keys from
// the command line. A running server picks up these changes from the store's journal within a
// fraction of a second.
#include <expected>
#include <iostream>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "cli/key_controls_options.h"
#include "cli/output.h"
#include "cli/runtime.h"
#include "service/authenticator.h"
#include "service/index_sync.h"
#include "service/key_service.h"
#include "service/usage_flusher.h"

namespace keyward::cli {
namespace {

boost::json::value time_or_null(const std::optional<Timestamp>& t) {
  if (!t) return nullptr;
  return boost::json::string(format_rfc3339(*t));
}

std::string time_or_dash(const std::optional<Timestamp>& t) { return t ? format_rfc3339(*t) : "-"; }

// Parses an optional RFC 3339 option; sets `bad` when given but malformed.
std::optional<Timestamp> optional_time(const std::string& text, bool& bad) {
  if (text.empty()) return std::nullopt;
  auto t = parse_rfc3339(text);
  bad = !t;
  return t;
}

// "100/1s", as the options take them.
std::string rate_text(const RateLimit& r) {
  return std::to_string(r.limit) + "/" + std::to_string(r.window_seconds) + "s";
}

std::vector<std::string> scope_names(const NamedKey& k) {
  auto names = k.scopes.names();
  names.insert(names.end(), k.controls.scopes.begin(), k.controls.scopes.end());
  return names;
}

// A key as `list --json` and `show --json` print it: never a secret token.
boost::json::object key_json(const NamedKey& k, Timestamp now) {
  boost::json::object item{{"id", k.id.to_string()},
                           {"name", k.name},
                           {"kind", to_string(k.kind)},
                           {"status", to_string(k.status_at(now))},
                           {"hint", k.hint},
                           {"created_at", format_rfc3339(k.created_at)},
                           {"expires_at", time_or_null(k.expires_at)},
                           {"grace_ends_at", time_or_null(k.grace_ends_at)},
                           {"disabled_at", time_or_null(k.disabled_at)},
                           {"last_used_at", time_or_null(k.last_used_at)}};
  if (k.kind == KeyKind::kPublic) item["token"] = k.public_token;
  boost::json::array scopes, limits, networks;
  for (const auto& s : scope_names(k)) scopes.emplace_back(s);
  for (const auto& r : k.controls.rate_limits) limits.emplace_back(rate_text(r));
  for (const auto& n : k.controls.allowed_ips) networks.emplace_back(n.to_string());
  item["scopes"] = std::move(scopes);
  item["rate_limits"] = std::move(limits);
  item["credits"] = k.controls.credits ? boost::json::value(k.controls.credits->remaining)
                                       : boost::json::value(nullptr);
  item["allowed_ips"] = std::move(networks);
  return item;
}

void print_key(const NamedKey& k, Timestamp now) {
  std::cout << "Key \"" << k.name << "\" (" << to_string(k.kind) << ")\n"
            << "  id:        " << k.id.to_string() << "\n"
            << "  status:    " << to_string(k.status_at(now)) << "\n"
            << "  token:     " << (k.kind == KeyKind::kPublic ? k.public_token : k.hint) << "\n"
            << "  created:   " << format_rfc3339(k.created_at) << "\n"
            << "  expires:   " << time_or_dash(k.expires_at) << "\n";
  if (k.grace_ends_at) std::cout << "  grace end: " << format_rfc3339(*k.grace_ends_at) << "\n";
  if (k.disabled_at) std::cout << "  disabled:  " << format_rfc3339(*k.disabled_at) << "\n";
  std::cout << "  last used: " << time_or_dash(k.last_used_at) << "\n";
  std::string line;
  for (const auto& s : scope_names(k)) line += (line.empty() ? "" : " ") + s;
  std::cout << "  scopes:    " << line << "\n";
  for (const auto& r : k.controls.rate_limits) {
    std::cout << "  limit:     " << rate_text(r) << "\n";
  }
  if (const auto& c = k.controls.credits) {
    std::cout << "  credits:   " << c->remaining;
    if (c->refill) {
      std::cout << " (refilled to " << c->refill->amount << " every " << c->refill->interval_seconds
                << " s)";
    }
    std::cout << "\n";
  }
  for (const auto& n : k.controls.allowed_ips) {
    std::cout << "  allowed:   " << n.to_string() << "\n";
  }
}

struct KeyTarget {
  Uuid org_id;
  Uuid key_id;
};

// The --org and --key of a command about one key, or the usage error's exit code.
std::expected<KeyTarget, int> key_target(const KeyTargetOptions& o) {
  const auto org_id = Uuid::parse(o.org);
  const auto key_id = Uuid::parse(o.key);
  if (!org_id) return std::unexpected(usage_error("--org must be an organization id (a UUID)"));
  if (!key_id) return std::unexpected(usage_error("--key must be a key id (a UUID)"));
  return KeyTarget{*org_id, *key_id};
}

int print_issued(const service::IssuedKey& issued, bool json) {
  const auto& k = issued.key;
  if (json) {
    print_json(boost::json::object{{"id", k.id.to_string()},
                                   {"name", k.name},
                                   {"token", issued.token},
                                   {"kind", to_string(k.kind)},
                                   {"expires_at", time_or_null(k.expires_at)}});
    return kExitOk;
  }
  std::cout << "Key \"" << k.name << "\" (" << to_string(k.kind) << ")\n"
            << "  id:      " << k.id.to_string() << "\n"
            << "  token:   " << issued.token << "\n"
            << "  expires: " << time_or_dash(k.expires_at) << "\n";
  if (k.kind == KeyKind::kSecret) {
    std::cout << "Copy the token now: it cannot be shown again.\n";
  }
  return kExitOk;
}

}  // namespace

int run_key_create(const KeyCreateOptions& o) {
  const auto org_id = Uuid::parse(o.org);
  if (!org_id) return usage_error("--org must be an organization id (a UUID)");
  const auto kind = parse_key_kind(o.kind);
  if (!kind) return usage_error("--kind must be public or secret");
  bool bad_time = false;
  const auto expires_at = optional_time(o.expires_at, bad_time);
  if (bad_time)
    return usage_error("--expires-at must be an RFC 3339 time, e.g. 2026-12-31T23:59:59Z");
  const auto controls = parse_control_options(o.controls);
  if (!controls) return usage_error(controls.error().message);
  KeyControls attached;
  if (controls->own_scopes) attached.scopes = *controls->own_scopes;
  if (controls->rate_limits) attached.rate_limits = *controls->rate_limits;
  attached.credits = controls->credits;
  if (controls->allowed_ips) attached.allowed_ips = *controls->allowed_ips;
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  if (auto org = (*rt)->store().get_organization(*org_id); !org) return report(org.error());
  auto issued = service::KeyService((*rt)->context())
                    .create(service::Actor::command(), *org_id,
                            {o.name, *kind, expires_at, controls->scopes}, attached);
  if (!issued) return report(issued.error());
  return print_issued(*issued, o.json);
}

int run_key_update(const KeyUpdateOptions& o) {
  const auto target = key_target(o);
  if (!target) return target.error();
  const auto controls = parse_control_options(o.controls);
  if (!controls) return usage_error(controls.error().message);
  if ((o.no_rate_limits && controls->rate_limits) || (o.no_credits && controls->credits) ||
      (o.any_ip && controls->allowed_ips)) {
    return usage_error("give a control or remove it, not both");
  }
  service::KeyUpdate change;
  if (!o.name.empty()) change.name = o.name;
  change.scopes = controls->scopes;
  change.own_scopes = controls->own_scopes;
  change.rate_limits = controls->rate_limits;
  if (o.no_rate_limits) change.rate_limits = std::vector<RateLimit>{};
  if (controls->credits) change.credits = controls->credits;
  if (o.no_credits) change.credits = std::optional<Credits>{};
  change.allowed_ips = controls->allowed_ips;
  if (o.any_ip) change.allowed_ips = std::vector<IpNetwork>{};
  if (!change.name && !change.scopes && !change.rate_limits && !change.credits &&
      !change.allowed_ips) {
    return usage_error(
        "nothing to change: give --name, --scope, --rate-limit, --credits, "
        "--allow-ip or one of the --no-* options");
  }
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto key = service::KeyService((*rt)->context())
                 .update(service::Actor::command(), target->org_id, target->key_id, change);
  if (!key) return report(key.error());
  const Timestamp now = (*rt)->clock().now();
  if (o.json) {
    print_json(key_json(*key, now));
  } else {
    print_key(*key, now);
  }
  return kExitOk;
}

int run_key_list(const KeyTargetOptions& o) {
  const auto org_id = Uuid::parse(o.org);
  if (!org_id) return usage_error("--org must be an organization id (a UUID)");
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto keys = service::KeyService((*rt)->context()).list(*org_id);
  if (!keys) return report(keys.error());
  const Timestamp now = (*rt)->clock().now();
  if (o.json) {
    boost::json::array items;
    for (const auto& k : *keys) items.push_back(key_json(k, now));
    print_json(items);
    return kExitOk;
  }
  for (const auto& k : *keys) {
    std::cout << k.id.to_string() << "  " << to_string(k.kind) << "  "
              << to_string(k.status_at(now)) << "  " << k.hint << "  " << k.name << "\n";
  }
  return kExitOk;
}

int run_key_show(const KeyTargetOptions& o) {
  const auto target = key_target(o);
  if (!target) return target.error();
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto key = service::KeyService((*rt)->context()).get(target->org_id, target->key_id);
  if (!key) return report(key.error());
  const Timestamp now = (*rt)->clock().now();
  if (o.json) {
    print_json(key_json(*key, now));
  } else {
    print_key(*key, now);
  }
  return kExitOk;
}

int run_key_roll(const KeyRollOptions& o) {
  const auto org_id = Uuid::parse(o.org);
  const auto key_id = Uuid::parse(o.key);
  if (!org_id) return usage_error("--org must be an organization id (a UUID)");
  if (!key_id) return usage_error("--key must be a key id (a UUID)");
  bool bad_time = false;
  const auto expires_at = optional_time(o.expires_at, bad_time);
  if (bad_time)
    return usage_error("--expires-at must be an RFC 3339 time, e.g. 2026-12-31T23:59:59Z");
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  const auto grace = std::chrono::seconds(o.grace_seconds.value_or(kDefaultRollGrace.count()));
  auto issued = service::KeyService((*rt)->context())
                    .roll(service::Actor::command(), *org_id, *key_id, grace, expires_at);
  if (!issued) return report(issued.error());
  return print_issued(*issued, o.json);
}

int run_key_set_disabled(const KeyTargetOptions& o, bool disabled) {
  const auto target = key_target(o);
  if (!target) return target.error();
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  auto key = service::KeyService((*rt)->context())
                 .set_disabled(service::Actor::command(), target->org_id, target->key_id, disabled);
  if (!key) return report(key.error());
  const Timestamp now = (*rt)->clock().now();
  if (o.json) {
    print_json(key_json(*key, now));
  } else if (disabled) {
    std::cout << "Disabled key " << o.key << " (\"" << key->name
              << "\"): its token fails until the key is enabled again.\n";
  } else {
    std::cout << "Enabled key " << o.key << " (\"" << key->name << "\"): it is "
              << to_string(key->status_at(now)) << ".\n";
  }
  return kExitOk;
}

int run_key_delete(const KeyTargetOptions& o) {
  const auto org_id = Uuid::parse(o.org);
  const auto key_id = Uuid::parse(o.key);
  if (!org_id) return usage_error("--org must be an organization id (a UUID)");
  if (!key_id) return usage_error("--key must be a key id (a UUID)");
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  if (auto s =
          service::KeyService((*rt)->context()).revoke(service::Actor::command(), *org_id, *key_id);
      !s) {
    return report(s.error());
  }
  if (o.json) {
    print_json(boost::json::object{{"id", o.key}, {"deleted", true}});
  } else {
    std::cout << "Deleted key " << o.key << ": its token no longer verifies.\n";
  }
  return kExitOk;
}

int run_key_verify(const KeyVerifyOptions& o) {
  std::string token = o.token;
  if (token.empty()) std::getline(std::cin, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  auto rt = Runtime::open(o.data_dir, o.store);
  if (!rt) return report(rt.error());
  service::IndexSync sync((*rt)->store(), (*rt)->index(), (*rt)->settings(), (*rt)->clock());
  if (auto s = sync.load(); !s) return report(s.error());
  const service::Authenticator authenticator((*rt)->index(), (*rt)->protector(), (*rt)->clock());
  const auto verified = authenticator.verify_key(token);
  (void)service::UsageFlusher((*rt)->store(), (*rt)->index().keys()).flush_all();
  if (o.json) {
    boost::json::object out{{"valid", verified.has_value()}};
    if (verified) {
      out["key_id"] = verified->key_id.to_string();
      out["org_id"] = verified->org_id.to_string();
      out["kind"] = to_string(verified->kind);
      out["expires_at"] = time_or_null(verified->expires_at);
    }
    print_json(out);
  } else if (verified) {
    std::cout << "valid: " << to_string(verified->kind) << " key " << verified->key_id.to_string()
              << " of organization " << verified->org_id.to_string() << ", expires "
              << time_or_dash(verified->expires_at) << "\n";
  } else {
    std::cout << "invalid\n";
  }
  return verified ? kExitOk : kExitFailure;
}

}  // namespace keyward::cli
