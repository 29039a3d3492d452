// Checking an answer bundle (src/proof/answer_bundle.h) offline, with no store and without
// trusting whoever made it: only the log's key and the witnesses' are trusted. Thread-safe (pure).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auditgraph/checkpoint.h"
#include "auditgraph/status.h"
#include "src/checkpoint/trusted_checkpoint.h"
#include "src/proof/answer_bundle.h"

namespace auditgraph {

// What a bundle that passed showed.
struct BundleReport {
  AnswerKind kind = AnswerKind::kProvenance;
  std::string subject;
  uint64_t size = 0;      // the log size the answer was computed at
  Checkpoint checkpoint;  // the signed checkpoint it was proved in
  size_t cosigned = 0;    // witness cosignatures that verified
  size_t records = 0;     // evidence records proved in the checkpoint's tree
  size_t claims = 0;      // edges, nodes, paths, versions, schema and notice claims re-derived
  // Whether the log's key signed a statement over the whole bundle (answer_bundle.h).
  bool statement = false;
  // Without a statement: the answer's fields no record is named for, which the bundle cannot
  // show (below), in words; "" with one (the log vouches for them).
  std::string unchecked;
};

// Checks, in order: that `text` is a bundle (format, kind and fields known, nothing else); the
// checkpoint note's signatures (trust's log key and a quorum of its witnesses, as
// verify_checkpoint_note); that the answer's size is at most the checkpoint's and its root is
// that tree's prefix (the consistency proof); every evidence record: its seq below the answer's
// size, its inclusion proof in the checkpoint's tree, that it decodes to the event of that seq;
// and that every claim of the answer follows from the records it names (src/proof/claims.h),
// every record being named by some claim.
//
// Errors: InvalidArgument "bundle: ..." for text that is not a well-formed bundle (bad JSON, an
// unknown kind or field, a wrong type, bad base64); Corruption naming what failed otherwise: the
// checkpoint's signatures, the consistency proof, "the inclusion proof of seq N", or the claim
// and the seq that does not support it.
//
// With a "statement", last: that it is signed by the log's key over exactly this bundle
// (Corruption "statement: ..." otherwise), so no byte of the bundle can change unnoticed.
//
// Not shown by a bundle, whatever it holds: that the answer is complete (records it leaves out
// cannot be seen); and, without a statement, the fields no record is named for (a lineage node's
// distance, owner and domain, cycles and frontier; access's as_of; check-change's changes,
// impacts and verdict), which the statement makes the log operator's signed word.
Result<BundleReport> verify_answer_bundle(std::string_view text, const CheckpointTrust& trust);

}  // namespace auditgraph
