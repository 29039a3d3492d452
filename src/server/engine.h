// Engine: one store's log and its index, shared by the server's request threads.
//
// Writes go to the log from any thread (group commit makes concurrent appends share fsyncs) and
// are acknowledged once durable, without waiting for the index: an indexer thread applies new
// events to the index in the background, a few thousand per turn of its lock. Every query first
// brings the index up to the log's head under that lock, so a query that follows an
// acknowledged write sees it. Queries run under the same lock, one at a time: the index keeps
// per-query scratch space (auditgraph/index.h), and its queries take micro- to milliseconds.
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "auditgraph/clock.h"
#include "auditgraph/event_log.h"
#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "auditgraph/note.h"
#include "src/checkpoint/publisher.h"
#include "src/server/token_store.h"

namespace auditgraph {

struct EngineOptions {
  IngestLimits limits;
  // The log's options; a missing store is always created. Its clock (null: the system clock)
  // and logger serve the engine too.
  LogOptions log;
  // The log's note key: with one, the engine publishes signed checkpoints of its head after
  // appends (CheckpointPublisher, with `publisher`'s witnesses and quorum); none: it does not.
  std::optional<NoteSigner> signing_key;
  PublisherOptions publisher;
};

class Engine {
 public:
  // Opens (creating) the store in `dir` and its index, from the store's snapshot when it
  // matches.
  static Result<std::unique_ptr<Engine>> Open(const std::string& dir, EngineOptions options);
  ~Engine();

  const IngestLimits& limits() const { return options_.limits; }
  const Clock& clock() const { return *clock_; }
  const EventLog& log() const { return *log_; }
  // The checkpoint publisher; null when the engine has no signing key.
  CheckpointPublisher* publisher() { return publisher_.get(); }

  // Validates and appends a batch, all or nothing (Ingestor::ingest), then brings the index up
  // to date.
  Result<IngestReceipt> ingest(std::string_view text, Framing framing, IngestFormat format);

  // Records that `caller` asked `what` (the request's method and target) about `node` (a
  // dataset or column id; "" for the log as a whole, recorded as dataset `auditgraph:log`), as
  // an access record in the log, durably. The answer must not be sent unless this succeeded.
  Status record_query(const Caller& caller, const std::string& node, const std::string& what);

  // Runs `fn` with the index brought up to the log's head, under the index lock.
  template <typename F>
  auto with_index(F&& fn) {
    std::lock_guard lock(index_mu_);
    catch_up_locked();
    return fn(static_cast<const Index&>(*index_));
  }

  // Brings the index up to the log's head. OK when it is there; IOError naming the index's size,
  // the log's and the reason when it cannot get there (a read failure, or a bug): queries must
  // then not be answered, since with_index would answer from the stale index.
  Status index_status();

  // Writes the index snapshot into the store folder (for a fast next start).
  Status save_snapshot();

 private:
  Engine(EngineOptions options, std::unique_ptr<EventLog> log, std::unique_ptr<Index> index,
         std::string snapshot_path, std::unique_ptr<CheckpointPublisher> publisher);
  void written();  // after an append: wakes the indexer and the publisher
  // Applies the log's events past the index's head, at most `max` of them; returns how many.
  uint64_t catch_up_locked(uint64_t max = UINT64_MAX);
  void indexer();  // the background thread: catches up whenever woken
  std::unique_ptr<Ingestor> take_ingestor();
  void give_back(std::unique_ptr<Ingestor> ingestor);

  EngineOptions options_;
  SystemClock system_clock_;
  const Clock* clock_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<CheckpointPublisher> publisher_;  // reads log_: declared after it, gone before
  std::mutex index_mu_;
  std::unique_ptr<Index> index_;
  uint64_t stuck_at_ = UINT64_MAX;  // the index size a catch-up last failed at (logged once)
  Status stuck_;                    // guarded by index_mu_: the last catch-up's failure, if any
  std::atomic<bool> log_declared_{false};  // dataset auditgraph:log declared by this process
  std::string snapshot_path_;
  std::mutex wake_mu_;
  std::condition_variable wake_;
  bool written_ = false, stopping_ = false;  // guarded by wake_mu_
  std::thread indexer_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Ingestor>> ingestors_;  // idle; one per concurrent request
};

}  // namespace auditgraph
