// The note-key options verbs share: whom to trust when checking a signed checkpoint (--key,
// --witness, --quorum: `checkpoint verify`, `verify-answer`), and the log's signing key
// (--signing-key FILE: `checkpoint`, the query verbs' --with-proofs).
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "auditgraph/event_log.h"
#include "src/checkpoint/publisher.h"
#include "src/checkpoint/trusted_checkpoint.h"

namespace auditgraph::cli {

struct TrustOptions {
  std::string key;                     // the log's verifier key, or a file holding it
  std::vector<std::string> witnesses;  // witness verifier keys (or files)
  size_t quorum = 0;                   // cosignatures needed; 0: every witness given
};

// Adds --key (required), --witness and --quorum to `verb`, filling `options`.
void add_trust_options(CLI::App* verb, TrustOptions* options);

// The keys `options` name. InvalidArgument or IOError naming the option (a usage error, exit 2):
// a key that cannot be read or parsed, a witness key as --key, a quorum above the witnesses.
Result<CheckpointTrust> read_trust(const TrustOptions& options);

// A publisher for `log` signing with the key in the file `signing_key` (--signing-key), without
// witnesses; `log` must outlive it. Errors name --signing-key (a usage error, exit 2).
Result<std::unique_ptr<CheckpointPublisher>> publisher_from_key_file(
    EventLog& log, const std::string& signing_key);

}  // namespace auditgraph::cli
