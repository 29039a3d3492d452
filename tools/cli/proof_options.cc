#include "tools/cli/proof_options.h"

#include "tools/cli/command.h"
#include "tools/cli/note_key_options.h"

namespace auditgraph::cli {

void add_proof_options(CLI::App* verb, ProofOptions* options) {
  verb->add_flag("--with-proofs", options->with_proofs,
                 "answer as a bundle with a signed checkpoint, the evidence records and their "
                 "inclusion proofs (check it with verify-answer)");
  verb->add_option("--signing-key", options->signing_key,
                   "with --with-proofs: sign a checkpoint of the head with this note key");
}

int print_bundle(EventLog& log, const ProofOptions& options, const ProvableAnswer& answer) {
  Result<SignedCheckpoint> checkpoint = Status::NotFound("");
  std::unique_ptr<CheckpointPublisher> publisher;  // with a key: it signs the statement too
  if (!options.signing_key.empty()) {
    auto made = publisher_from_key_file(log, options.signing_key);
    if (!made.ok()) return fail(made.status(), 2);
    publisher = std::move(*made);
    checkpoint = publisher->publish();
  } else {
    checkpoint = log.signed_checkpoint();
    const bool covers = checkpoint.ok() && checkpoint->head.size >= answer.at.size;
    if (checkpoint.status().is_not_found() || (checkpoint.ok() && !covers)) {
      return fail("--with-proofs: the store has no signed checkpoint covering log size " +
                  std::to_string(answer.at.size) +
                  "; pass --signing-key FILE to sign one now (or run checkpoint --signing-key "
                  "FILE, or serve --signing-key FILE, first)");
    }
  }
  if (!checkpoint.ok()) return fail(checkpoint.status());
  StatementSigner sign;
  if (publisher) sign = [&publisher](std::string_view body) { return publisher->sign_note(body); };
  auto bundle = make_answer_bundle(log, answer, *checkpoint, sign);
  if (!bundle.ok()) return fail(bundle.status());
  print_json(*bundle);
  return 0;
}

}  // namespace auditgraph::cli
