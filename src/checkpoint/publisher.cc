#include "src/checkpoint/publisher.h"

#include <spdlog/spdlog.h>

namespace auditgraph {

Result<std::unique_ptr<CheckpointPublisher>> CheckpointPublisher::Create(EventLog& log,
                                                                         NoteSigner signer,
                                                                         PublisherOptions options) {
  if (signer.verifier().type != NoteKeyType::kEd25519) {
    return Status::InvalidArgument(
        "--signing-key: the log's key must be an Ed25519 note key (type 0x01), not a witness key");
  }
  if (Status s = check_origin(signer.verifier().name, "--signing-key: name"); !s.ok()) return s;
  if (options.quorum > options.witnesses.size()) {
    return Status::InvalidArgument("--witness-quorum: " + std::to_string(options.quorum) +
                                   " is more than the " + std::to_string(options.witnesses.size()) +
                                   " witnesses given");
  }
  return std::unique_ptr<CheckpointPublisher>(
      new CheckpointPublisher(log, std::move(signer), std::move(options)));
}

CheckpointPublisher::CheckpointPublisher(EventLog& log, NoteSigner signer, PublisherOptions options)
    : log_(log), signer_(std::move(signer)), options_(std::move(options)) {}

CheckpointPublisher::~CheckpointPublisher() {
  {
    std::lock_guard lock(wake_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string CheckpointPublisher::sign_note(std::string_view body) const {
  return Note{std::string(body), {signer_.sign(body)}}.to_string();
}

Result<std::string> CheckpointPublisher::sign(const LogHead& head) {
  const Checkpoint checkpoint{origin(), head.size, head.root};
  const std::string body = checkpoint.body();
  Note note{body, {signer_.sign(body)}};
  const std::string signed_by_log = note.to_string();
  size_t cosigned = 0;
  std::string refusals;
  for (const auto& witness : options_.witnesses) {
    auto line = witness->cosign(signed_by_log, checkpoint, log_);
    Status s = line.ok() ? witness->key().verify(body, *line) : line.status();
    if (!s.ok()) {
      {
        std::lock_guard lock(stats_mu_);
        ++stats_.witness_refusals;
      }
      if (options_.logger) {
        options_.logger->warn("witness {} did not cosign checkpoint {}: {}", witness->key().name,
                              head.size, s.to_string());
      }
      refusals += "; " + witness->key().name + ": " + s.message();
      continue;
    }
    note.signatures.push_back(*std::move(line));
    ++cosigned;
  }
  if (cosigned < options_.quorum) {
    return Status::FailedPrecondition(
        "checkpoint " + std::to_string(head.size) + ": " + std::to_string(cosigned) + " of the " +
        std::to_string(options_.quorum) + " cosignatures needed" + refusals);
  }
  return note.to_string();
}

Result<SignedCheckpoint> CheckpointPublisher::publish() {
  // The log calls `sign` only when it is about to write a new checkpoint: a head that did not
  // move returns the last one and is no publication.
  bool signed_new = false;
  auto published = log_.publish_signed_checkpoint([this, &signed_new](const LogHead& head) {
    signed_new = true;
    return sign(head);
  });
  std::lock_guard lock(stats_mu_);
  if (!published.ok()) {
    ++stats_.failed;
    return published;
  }
  if (signed_new) ++stats_.published;
  stats_.last_size = published->head.size;
  return published;
}

Result<SignedCheckpoint> CheckpointPublisher::covering(uint64_t size) {
  auto latest = log_.signed_checkpoint();
  if (latest.ok() && latest->head.size >= size) return latest;
  if (!latest.ok() && !latest.status().is_not_found()) return latest.status();
  if (log_.head().size < size) {
    return Status::FailedPrecondition("the log has " + std::to_string(log_.head().size) +
                                      " records, fewer than " + std::to_string(size));
  }
  return publish();
}

void CheckpointPublisher::start() {
  thread_ = std::thread([this] { loop(); });
}

void CheckpointPublisher::poke() {
  {
    std::lock_guard lock(wake_mu_);
    poked_ = true;
  }
  wake_.notify_one();
}

PublisherStats CheckpointPublisher::stats() const {
  std::lock_guard lock(stats_mu_);
  return stats_;
}

void CheckpointPublisher::loop() {
  std::unique_lock lock(wake_mu_);
  while (true) {
    wake_.wait(lock, [this] { return poked_ || stopping_; });
    if (stopping_) return;
    poked_ = false;
    lock.unlock();
    auto published = publish();
    // A failure was counted and logged by sign() or the log; the next append tries again.
    if (!published.ok() && options_.logger) {
      options_.logger->warn("checkpoint not published: {}", published.status().to_string());
    }
    lock.lock();
    // At most one checkpoint per interval: wait it out unless stopping.
    wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
    if (stopping_) return;
  }
}

}  // namespace auditgraph
