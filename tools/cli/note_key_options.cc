#include "tools/cli/note_key_options.h"

#include "src/checkpoint/key_file.h"

namespace auditgraph::cli {

void add_trust_options(CLI::App* verb, TrustOptions* options) {
  verb->add_option("--key", options->key, "the log's verifier key, or a file holding it")
      ->required();
  verb->add_option("--witness", options->witnesses,
                   "a witness's verifier key (or file); repeatable");
  verb->add_option("--quorum", options->quorum, "witness cosignatures needed (default: all given)");
}

Result<CheckpointTrust> read_trust(const TrustOptions& options) {
  CheckpointTrust trust;
  auto log_key = read_verifier_key(options.key, "--key");
  if (!log_key.ok()) return log_key.status();
  if (log_key->type != NoteKeyType::kEd25519) {
    return Status::InvalidArgument("--key: " + log_key->name +
                                   " is a witness key; give the log's key");
  }
  trust.log_key = *std::move(log_key);
  for (const std::string& w : options.witnesses) {
    auto key = read_verifier_key(w, "--witness");
    if (!key.ok()) return key.status();
    if (key->type != NoteKeyType::kCosignatureV1) {
      return Status::InvalidArgument("--witness: " + key->name +
                                     " is not a witness's cosignature/v1 key");
    }
    trust.witnesses.push_back(*std::move(key));
  }
  trust.quorum = options.quorum == 0 ? options.witnesses.size() : options.quorum;
  if (trust.quorum > options.witnesses.size()) {
    return Status::InvalidArgument("--quorum: " + std::to_string(trust.quorum) +
                                   " is more than the " + std::to_string(options.witnesses.size()) +
                                   " witnesses given");
  }
  return trust;
}

Result<std::unique_ptr<CheckpointPublisher>> publisher_from_key_file(
    EventLog& log, const std::string& signing_key) {
  auto key = read_signer_key(signing_key, "--signing-key");
  if (!key.ok()) return key.status();
  return CheckpointPublisher::Create(log, *std::move(key), PublisherOptions{});
}

}  // namespace auditgraph::cli
