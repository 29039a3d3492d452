// A log checkpoint (C2SP tlog-checkpoint): the body of the signed note a log publishes about
// its Merkle tree. Exactly three lines, each ending in "\n":
//
//   <origin>                   the log's name, e.g. auditgraph.example.com/finance-mesh
//   <size>                     the tree size in decimal, no leading zeroes
//   <base64 root>              the RFC 6962 root of the first <size> records
//
// A value type in auditgraph_core.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "auditgraph/hash.h"
#include "auditgraph/status.h"

namespace auditgraph {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root;
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;

  // The three-line body. REQUIRES: check_origin(origin) is OK.
  std::string body() const;
  // A body: the three lines above; extension lines after them are allowed by the spec and
  // ignored here. InvalidArgument naming `field`'s line and the reason otherwise.
  static Result<Checkpoint> Parse(std::string_view body, std::string_view field = "checkpoint");
};

// OK when `origin` can be a log's origin line: a key name (no spaces, controls or '+').
Status check_origin(std::string_view origin, std::string_view field = "origin");

}  // namespace auditgraph
