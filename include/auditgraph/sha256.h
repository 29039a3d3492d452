// Sha256: SHA-256 over data given in parts, for inputs too large to hold twice or best hashed as
// they are read (the index snapshot is hashed block by block as it is read).
#pragma once

#include <string_view>

#include "auditgraph/hash.h"

namespace auditgraph {

// finish() returns sha256() of the parts' concatenation. A resource (not copyable); not
// thread-safe.
class Sha256 {
 public:
  Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view part);
  // REQUIRES: called once; update() is not called after it.
  Hash finish();

 private:
  alignas(8) unsigned char state_[128];  // OpenSSL's SHA256_CTX (checked in hash.cc)
};

}  // namespace auditgraph
