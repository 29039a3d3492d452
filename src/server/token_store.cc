#include "src/server/token_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "auditgraph/hash.h"
#include "auditgraph/ingest.h"
#include "src/event_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kTokenPrefix = "agt_";

Result<std::string> random_hex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    return Status::IOError("tokens: the system's random source failed");
  }
  return to_hex(raw);
}

}  // namespace

const char* role_name(Role role) {
  switch (role) {
    case Role::kIngest:
      return "ingest";
    case Role::kAudit:
      return "audit";
    case Role::kAdmin:
      return "admin";
  }
  return "?";
}

std::optional<Role> parse_role(const std::string& name) {
  for (Role r : {Role::kIngest, Role::kAudit, Role::kAdmin}) {
    if (name == role_name(r)) return r;
  }
  return std::nullopt;
}

TokenStore::TokenStore(std::string path) : path_(std::move(path)) {}

Result<TokenStore> TokenStore::Load(const std::string& path) {
  TokenStore store(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return store;  // no file yet: no tokens
  std::stringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  const std::string where = "tokens file " + path;
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("tokens") ||
      !doc["tokens"].is_array()) {
    return Status::InvalidArgument(where + ": expected {\"tokens\": [...]}");
  }
  for (size_t i = 0; i < doc["tokens"].size(); ++i) {
    const json& t = doc["tokens"][i];
    const std::string at = where + ": /tokens/" + std::to_string(i);
    auto text_field = [&](const char* key) -> Result<std::string> {
      if (!t.is_object() || !t.contains(key) || !t[key].is_string() ||
          t[key].get<std::string>().empty()) {
        return Status::InvalidArgument(at + "/" + key + ": expected a non-empty string");
      }
      return t[key].get<std::string>();
    };
    TokenEntry e;
    for (auto [key, slot] : {std::pair{"id", &e.id}, {"principal", &e.principal}}) {
      auto v = text_field(key);
      if (!v.ok()) return v.status();
      *slot = *v;
    }
    auto digest = text_field("sha256");
    if (!digest.ok()) return digest.status();
    auto hash = Hash::FromHex(*digest, at + "/sha256");
    if (!hash.ok()) return hash.status();
    e.sha256 = *hash;
    auto role = text_field("role");
    if (!role.ok()) return role.status();
    auto r = parse_role(*role);
    if (!r)
      return Status::InvalidArgument(at + "/role: '" + *role + "' is not ingest, audit or admin");
    e.role = *r;
    auto created = text_field("created_at");
    if (!created.ok()) return created.status();
    auto c = parse_rfc3339(*created);
    if (!c) return Status::InvalidArgument(at + "/created_at: not an RFC 3339 time");
    e.created_at = *c;
    if (t.contains("revoked_at") && !t["revoked_at"].is_null()) {
      auto rv = t["revoked_at"].is_string() ? parse_rfc3339(t["revoked_at"].get<std::string>())
                                            : std::nullopt;
      if (!rv) return Status::InvalidArgument(at + "/revoked_at: not an RFC 3339 time or null");
      e.revoked_at = *rv;
    }
    store.entries_.push_back(std::move(e));
  }
  return store;
}

Result<std::string> TokenStore::add(const std::string& principal, Role role, Timestamp now) {
  if (principal.empty()) return Status::InvalidArgument("--principal: must not be empty");
  auto secret = random_hex(32);
  if (!secret.ok()) return secret.status();
  auto id = random_hex(6);
  if (!id.ok()) return id.status();
  const std::string token = kTokenPrefix + *secret;
  TokenEntry e;
  e.id = "tok_" + *id;
  e.principal = principal;
  e.role = role;
  e.sha256 = sha256(token);
  e.created_at = now;
  entries_.push_back(e);
  if (Status s = save(); !s.ok()) {
    entries_.pop_back();
    return s;
  }
  return token;
}

Status TokenStore::revoke(const std::string& id, Timestamp now) {
  for (auto& e : entries_) {
    if (e.id != id) continue;
    if (e.revoked_at) return Status::FailedPrecondition("token " + id + " is revoked already");
    e.revoked_at = now;
    if (Status s = save(); !s.ok()) {
      e.revoked_at.reset();
      return s;
    }
    return Status::Ok();
  }
  return Status::NotFound("token: no token has the id '" + id + "'");
}

std::optional<Caller> TokenStore::authenticate(const std::string& token) const {
  const Hash presented = sha256(token);
  const TokenEntry* match = nullptr;
  for (const auto& e : entries_) {
    // Every entry is compared, whatever matched before it.
    const bool equal =
        CRYPTO_memcmp(e.sha256.bytes.data(), presented.bytes.data(), Hash::kSize) == 0;
    if (equal && !e.revoked_at) match = &e;
  }
  if (!match) return std::nullopt;
  return Caller{match->id, match->principal, match->role};
}

Status TokenStore::save() const {
  json list = json::array();
  for (const auto& e : entries_) {
    list.push_back({{"id", e.id},
                    {"principal", e.principal},
                    {"role", role_name(e.role)},
                    {"sha256", e.sha256.hex()},
                    {"created_at", format_rfc3339(e.created_at)},
                    {"revoked_at", e.revoked_at ? json(format_rfc3339(*e.revoked_at)) : json()}});
  }
  const std::string text = json{{"tokens", std::move(list)}}.dump(2) + "\n";
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("tokens: cannot write " + tmp);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path_.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError("tokens: cannot replace " + path_);
  }
  return Status::Ok();
}

}  // namespace auditgraph
