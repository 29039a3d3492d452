// CheckpointPublisher: signs C2SP checkpoints of one log's head with the log's note key, has
// them cosigned by the configured witnesses, and publishes (stores) only those that reach the
// quorum (EventLog::publish_signed_checkpoint), so the store keeps every note it ever handed
// out and each later one extends them all.
//
// Thread safety: every method may be called from any thread; publishing is serialized.
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "auditgraph/checkpoint.h"
#include "auditgraph/event_log.h"
#include "auditgraph/note.h"

namespace auditgraph {

// One witness as the publisher sees it (src/witness/ implements it over HTTP).
class Cosigner {
 public:
  virtual ~Cosigner() = default;
  // Who it is: the verifier key its cosignatures are checked with (type kCosignatureV1).
  virtual const NoteVerifier& key() const = 0;
  // Asks for a cosignature of `note` (a checkpoint signed by the log) whose tree extends every
  // checkpoint the witness cosigned before; `log` gives the consistency proofs it needs.
  // Returns the cosignature line, not yet checked (the publisher checks it against key()).
  // An error says why the witness refused or could not be reached.
  virtual Result<NoteSignature> cosign(const std::string& note, const Checkpoint& checkpoint,
                                       const EventLog& log) = 0;
};

struct PublisherOptions {
  std::vector<std::shared_ptr<Cosigner>> witnesses;  // none: publish the log's signature alone
  size_t quorum = 0;  // cosignatures a checkpoint needs before it is published (<= witnesses)
  std::chrono::milliseconds interval{1000};  // run(): at most one checkpoint this often
  std::shared_ptr<spdlog::logger> logger;    // null: log nothing
};

// What the publisher has done since it started, for metrics.
struct PublisherStats {
  uint64_t published = 0;         // checkpoints published
  uint64_t failed = 0;            // attempts that published nothing (quorum or write failed)
  uint64_t witness_refusals = 0;  // cosignatures refused or not obtained, over all witnesses
  uint64_t last_size = 0;         // the tree size of the latest checkpoint publish() returned
};

class CheckpointPublisher {
 public:
  // `log` must outlive the publisher. The signer's key name is the log's origin.
  // InvalidArgument when the signer is not an Ed25519 key or the quorum exceeds the witnesses.
  static Result<std::unique_ptr<CheckpointPublisher>> Create(EventLog& log, NoteSigner signer,
                                                             PublisherOptions options);
  ~CheckpointPublisher();  // stops run()'s thread

  const NoteVerifier& key() const { return signer_.verifier(); }
  // `body` signed by the log's key alone, as a signed note's text (an answer bundle's
  // statement: src/proof/answer_bundle.h). REQUIRES: body ends with '\n'.
  std::string sign_note(std::string_view body) const;
  const std::string& origin() const { return signer_.verifier().name; }

  // Publishes a checkpoint of the log's head if it is past the last one published, and returns
  // the last published (the new one, or the old one when the head did not move). An error
  // (a witness quorum not reached, a failed write) publishes nothing and is returned.
  Result<SignedCheckpoint> publish();
  // The latest published checkpoint whose size is at least `size`, publishing one now when the
  // latest is smaller. FailedPrecondition when the log itself is shorter than `size`.
  Result<SignedCheckpoint> covering(uint64_t size);

  // Starts a thread that publishes after appends, at most once per options.interval; call
  // poke() after appends to wake it. Stopped by the destructor.
  void start();
  void poke();

  PublisherStats stats() const;

 private:
  CheckpointPublisher(EventLog& log, NoteSigner signer, PublisherOptions options);
  // The note for `head`: the log's signature, then the witnesses' cosignatures; an error when
  // fewer than the quorum cosigned.
  Result<std::string> sign(const LogHead& head);
  void loop();

  EventLog& log_;
  const NoteSigner signer_;
  const PublisherOptions options_;
  mutable std::mutex stats_mu_;
  PublisherStats stats_;  // guarded by stats_mu_
  std::mutex wake_mu_;
  std::condition_variable wake_;
  bool poked_ = false, stopping_ = false;  // guarded by wake_mu_
  std::thread thread_;
};

}  // namespace auditgraph
