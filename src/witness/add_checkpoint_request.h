// The body of C2SP tlog-witness's `POST <prefix>/add-checkpoint`, in both directions (the witness
// parses it, HttpCosigner writes it):
//
//   old <size>\n                 the size the client believes the witness last cosigned
//   <base64 hash>\n ...          0 to 63 lines: the RFC 6962 consistency proof from <size>
//   \n
//   <signed checkpoint note>     as the log signed it
//
// Pure functions over values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/hash.h"
#include "auditgraph/status.h"

namespace auditgraph {

inline constexpr size_t kMaxProofLines = 63;  // the spec's limit on consistency proof lines

struct AddCheckpointRequest {
  uint64_t old_size = 0;
  std::vector<Hash> proof;
  std::string note;  // the signed checkpoint, not yet parsed or verified
};

// The request's text.
std::string add_checkpoint_body(uint64_t old_size, std::span<const Hash> proof,
                                std::string_view note);

// Splits a body; InvalidArgument naming the line and the reason for anything else: no
// "old <size>" line, a size with a sign or leading zeroes, a proof line that is not the canonical
// base64 of 32 bytes, more than 63 proof lines, no empty line before the note.
Result<AddCheckpointRequest> parse_add_checkpoint(std::string_view body);

}  // namespace auditgraph
