// Bearer tokens for the HTTP service, kept in a JSON file that holds only their SHA-256 hashes.
//
// A token is "agt_" + 64 hex characters (32 random bytes from OpenSSL). Each has an id (to list
// and revoke it by), the principal it acts as, and one role:
//   ingest  may post events;
//   audit   may read every query, lineage and log route (each query is recorded in the log);
//   admin   both, and /metrics.
// The file is replaced whole (temp file, fsync, rename) with mode 0600; a revoked token stays
// listed with its revocation time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/hash.h"
#include "auditgraph/status.h"

namespace auditgraph {

enum class Role : uint8_t { kIngest, kAudit, kAdmin };
const char* role_name(Role role);
std::optional<Role> parse_role(const std::string& name);

struct TokenEntry {
  std::string id;         // "tok_" + 12 hex characters
  std::string principal;  // who the token acts as
  Role role = Role::kAudit;
  Hash sha256;  // of the token; the file holds its hex
  Timestamp created_at;
  std::optional<Timestamp> revoked_at;
};

struct Caller {
  std::string token_id;
  std::string principal;
  Role role = Role::kAudit;
};

class TokenStore {
 public:
  // An empty store that saves to `path`.
  explicit TokenStore(std::string path);

  // The store in `path`; a missing file is an empty store. InvalidArgument naming the entry and
  // field when the file is not a tokens file.
  static Result<TokenStore> Load(const std::string& path);

  // Adds a token for `principal` with `role`, saves the file, and returns the token itself: the
  // only time it is seen. InvalidArgument for an empty principal.
  Result<std::string> add(const std::string& principal, Role role, Timestamp now);
  // Marks the token with this id revoked and saves. NotFound for an unknown id;
  // FailedPrecondition when it was revoked already.
  Status revoke(const std::string& id, Timestamp now);

  const std::vector<TokenEntry>& entries() const { return entries_; }

  // The caller a presented token belongs to, if it is known and not revoked. Every live entry's
  // hash is compared in constant time, so the time taken does not tell how much matched.
  std::optional<Caller> authenticate(const std::string& token) const;

 private:
  Status save() const;

  std::string path_;
  std::vector<TokenEntry> entries_;
};

}  // namespace auditgraph
