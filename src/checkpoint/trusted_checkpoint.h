// Checking a signed checkpoint against the keys one trusts: the log's key, and witnesses of
// which a quorum must have cosigned. What `checkpoint verify` and `verify-answer` both ask.
// Pure functions over auditgraph_core (libcrypto only); thread-safe.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "auditgraph/checkpoint.h"
#include "auditgraph/note.h"
#include "auditgraph/status.h"

namespace auditgraph {

struct CheckpointTrust {
  NoteVerifier log_key;                 // kEd25519; its name is the log's origin
  std::vector<NoteVerifier> witnesses;  // kCosignatureV1 keys
  size_t quorum = 0;                    // cosignatures needed, <= witnesses.size()
};

// A note that passed: its checkpoint, the note itself and how many witnesses cosigned it.
struct TrustedCheckpoint {
  Checkpoint checkpoint;
  Note note;
  size_t cosigned = 0;
};

// OK with the checkpoint when `text` is a note signed by trust.log_key, cosigned by at least
// trust.quorum of trust.witnesses, whose body is a checkpoint with the log key's name as origin.
// InvalidArgument naming `field` when it is no note or no checkpoint; Corruption naming what
// failed otherwise (a signature that does not verify, no signature by the log key, too few
// cosignatures, another origin).
Result<TrustedCheckpoint> verify_checkpoint_note(std::string_view text,
                                                 const CheckpointTrust& trust,
                                                 std::string_view field);

}  // namespace auditgraph
