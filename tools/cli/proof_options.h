// --with-proofs for the query verbs (provenance, impact, access, versions, check-change): the
// answer printed as a bundle (src/proof/answer_bundle.h) that `verify-answer` checks offline.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "auditgraph/event_log.h"
#include "src/proof/answer_bundle.h"

namespace auditgraph::cli {

struct ProofOptions {
  bool with_proofs = false;
  std::string signing_key;  // "": prove in the store's latest signed checkpoint
};

// Adds --with-proofs and --signing-key FILE to `verb`, filling `options`.
void add_proof_options(CLI::App* verb, ProofOptions* options);

// Prints the bundle of `answer` (JSON) and returns 0. Its checkpoint: with --signing-key, one of
// the head signed and published now; otherwise the store's latest signed checkpoint, which must
// cover the answer's log size (1, saying how to get one, when it does not or there is none).
// 2 for a --signing-key that cannot be used; 1 when a record or proof cannot be read.
int print_bundle(EventLog& log, const ProofOptions& options, const ProvableAnswer& answer);

}  // namespace auditgraph::cli
