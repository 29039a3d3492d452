// EventLog: the append-only, tamper-evident log of events. Every appended event gets a dense seq
// (0, 1, 2, ...), is stored as an exact byte record, and becomes a leaf of an RFC 6962 Merkle tree
// whose nodes are written in the same atomic batch as the records, so the stored head is never
// ahead of its tree. There is no update and no delete.
//
// Thread safety: every method may be called from any thread. Concurrent append() calls share one
// durable write (group commit).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/clock.h"
#include "auditgraph/event.h"
#include "auditgraph/history_store.h"
#include "auditgraph/merkle.h"
#include "auditgraph/status.h"

namespace spdlog {
class logger;
}

namespace auditgraph {

class FaultyDisk;  // auditgraph/faulty_disk.h

// The most hashes one EventLog::read_hashes call returns (2 MiB).
inline constexpr uint64_t kMaxReadHashes = 64 * 1024;

// The idempotency key scheme a new store is created with (EventLog::key_scheme).
inline constexpr uint32_t kCurrentKeyScheme = 2;

struct LogOptions {
  bool create_if_missing = true;      // make an empty store when `path` has none
  bool sync = true;                   // fsync before append() returns; false only for tests/benches
  size_t max_record_bytes = 4 << 20;  // an encoded event larger than this is refused
  size_t max_group_events = 64 * 1024;  // cap on events written by one group commit
  // How long the group-commit syncer may wait for as many appenders as its last fsync covered,
  // so that they share the next one (only when sync is on). 0: never wait.
  uint32_t group_commit_wait_us = 100;
  const Clock* clock = nullptr;            // null: a SystemClock; must outlive the log
  std::shared_ptr<spdlog::logger> logger;  // null: log nothing
  // null: the real disk. Otherwise every file of the store is read and written through this one,
  // which fails writes and syncs on purpose and can lose unsynced data (auditgraph/faulty_disk.h).
  std::shared_ptr<FaultyDisk> disk;
  // A checkpoint held outside the store (e.g. by a witness): open fails unless the log is at
  // least expected_checkpoint_size long and, when a root is given too, its tree of that size has
  // that root.
  std::optional<uint64_t> expected_checkpoint_size;
  std::optional<Hash> expected_checkpoint_root;
};

// The log's size and the Merkle root over its records.
struct LogHead {
  uint64_t size = 0;
  Hash root;  // merkle_empty_root() when size == 0
  friend bool operator==(const LogHead&, const LogHead&) = default;
};

// What append() did with one event of the batch.
struct Appended {
  uint64_t seq = 0;
  bool duplicate = false;  // true: its idempotency key was already logged at `seq`; nothing written
};

// The outcome of verify().
struct VerifyReport {
  uint64_t size = 0;  // records checked
  bool ok = false;
  std::optional<uint64_t> first_bad_seq;  // set when !ok and the fault lies in a record
  std::string message;                    // what was found, in words
};

// A published checkpoint with the signed note its publisher made of it (auditgraph/note.h and
// checkpoint.h: a C2SP signed checkpoint; the log itself does not read it).
struct SignedCheckpoint {
  LogHead head;
  std::string note;
};

// Makes the signed note of a checkpoint of `head`; an error publishes nothing.
using CheckpointSigner = std::function<Result<std::string>(const LogHead& head)>;

// Counters since open, for metrics and benchmarks.
struct LogStats {
  uint64_t appends = 0;         // append() calls that wrote or deduplicated (not refused)
  uint64_t events_written = 0;  // new records
  uint64_t duplicates = 0;      // events answered from their idempotency key
  uint64_t refused = 0;         // append() calls refused (bad input or a failed write)
  uint64_t writes = 0;          // group commits: one RocksDB write each
  uint64_t syncs = 0;           // fsyncs of the write-ahead log (each covers one or more writes)
};

// An append in flight (EventLog::start_append).
class PendingAppend {
 public:
  virtual ~PendingAppend() = default;  // waits for the append if wait() was not called
  // Blocks until the append is done and returns what EventLog::append would have. Call once.
  virtual Result<std::vector<Appended>> wait() = 0;
};

class EventLog {
 public:
  virtual ~EventLog() = default;

  // Opens (or creates, per options) the store at `path`. Refuses, with Corruption naming what
  // disagrees, a store whose head does not match its Merkle tree, whose records are not a dense
  // prefix, or whose size is below a checkpoint it published (or `expected_checkpoint_*`).
  static Result<std::unique_ptr<EventLog>> Open(const LogOptions& options, const std::string& path);

  // verify() for a store that is not open: reads the store at `path` read-only (nothing is
  // written, and a running writer may keep it open) and checks it the same way, without first
  // trusting its head. So a store that Open() refuses, e.g. one whose head was rewritten, is
  // still examined, and the report names the first bad seq where a record is at fault.
  static VerifyReport VerifyStore(const std::string& path);

  // Appends `batch` as one all-or-nothing unit and returns one Appended per event, in order.
  // New events get consecutive seqs. An event whose idempotency key is already in the log (or
  // earlier in the same batch) gets that seq back and is not written again. Returns only after
  // the batch is durable (when options.sync). On error nothing of the batch is written; an I/O
  // error also stops the log from taking further appends until it is reopened.
  virtual Result<std::vector<Appended>> append(std::span<const Event> batch) = 0;

  // append() without waiting: encodes `batch` on the calling thread, queues it and returns, so
  // a caller can prepare the next batch while this one is written and synced. Batches started
  // by one thread are logged in the order they were started. `batch` must stay alive and
  // unchanged until the returned handle's wait() returns (or the handle is destroyed).
  virtual std::unique_ptr<PendingAppend> start_append(std::span<const Event> batch) = 0;

  // The current head (size and root).
  virtual LogHead head() const = 0;

  // The decoded event at `seq`; NotFound past the head, Corruption when it does not decode.
  virtual Result<Event> read(uint64_t seq) const = 0;
  // The exact stored bytes of the record at `seq` (the Merkle leaf).
  virtual Result<std::string> read_raw(uint64_t seq) const = 0;
  // Calls `fn` for each event with from <= seq < min(to, size), in seq order; stops at the first
  // error (a decode failure or fn returning false, which yields OK).
  virtual Status scan(uint64_t from, uint64_t to,
                      const std::function<bool(const Event&)>& fn) const = 0;
  // The same, handing each event out with its record's stored bytes (its Merkle leaf), for a
  // reader that checks the records against the tree in the same pass. The bytes are valid only
  // during the call.
  virtual Status scan_records(
      uint64_t from, uint64_t to,
      const std::function<bool(const Event&, std::string_view record)>& fn) const = 0;

  // The seq an idempotency key was logged under, or NotFound.
  virtual Result<uint64_t> find_idempotency_key(const std::string& key) const = 0;

  // How the idempotency keys of this store's events were derived (docs/events.md): 1 for a
  // store written before content keys (OpenLineage runs keyed by run, type, time and job), whose
  // old keys ingest must still honour; kCurrentKeyScheme for a store created since. Fixed when
  // the store is created; a backup keeps it.
  virtual uint32_t key_scheme() const = 0;

  // Merkle root of the first `size` records (size <= head().size). O(log n) reads.
  virtual Result<Hash> root_at(uint64_t size) const = 0;
  // Inclusion proof of record `seq` in the tree of `size` records. The leaf hash is computed from
  // the record bytes as stored now, so a tampered record yields a proof that does not verify.
  // O(log n) reads.
  virtual Result<InclusionProof> prove_inclusion(uint64_t seq, uint64_t size) const = 0;
  // Consistency proof between the trees of `from` and `to` records. O(log n) reads.
  virtual Result<ConsistencyProof> prove_consistency(uint64_t from, uint64_t to) const = 0;
  // The hashes of tree level `level`, nodes [begin, begin + count), concatenated in order, 32
  // bytes each, as the log holds them now (node (L, i) is the root of the perfect subtree over
  // records [i * 2^L, (i + 1) * 2^L); level 0 holds the leaf hashes). These are the hashes that
  // C2SP tlog-tiles serves as tiles. NotFound when the log has fewer than begin + count nodes at
  // that level (floor(size / 2^level)); InvalidArgument when count is above kMaxReadHashes;
  // Corruption when a stored node below the head is missing; IOError when a read fails.
  // O(count): one batched read. count 0 yields "".
  virtual Result<std::string> read_hashes(uint8_t level, uint64_t begin, uint64_t count) const = 0;

  virtual LogStats stats() const = 0;

  // Recomputes the whole tree from the records and compares it with the stored tree and head.
  // O(n). Reports the first seq whose record does not match.
  virtual VerifyReport verify() const = 0;

  // Publishes the current head as a checkpoint: from now on, open refuses this store if its log
  // is shorter or does not extend this tree. Returns the head published.
  virtual Result<LogHead> publish_checkpoint() = 0;
  // The last published checkpoint, or NotFound.
  virtual Result<LogHead> checkpoint() const = 0;

  // publish_checkpoint() with a signed note: when the head is past the last signed checkpoint
  // (or none was signed), calls `sign(head)` once and writes the head as the published
  // checkpoint and the note beside it, kept by size, in one synced write; otherwise returns the
  // last signed checkpoint without calling `sign`. Every note published stays readable
  // (signed_checkpoint(size)), so whoever holds one can be shown that a later one extends it.
  // `sign`'s error is returned and nothing is published. Serialized with publish_checkpoint();
  // `sign` may read the log (e.g. prove_consistency) but must not publish.
  virtual Result<SignedCheckpoint> publish_signed_checkpoint(const CheckpointSigner& sign) = 0;
  // The signed checkpoint of tree size `size`, or without a size the largest one published;
  // NotFound when there is none.
  virtual Result<SignedCheckpoint> signed_checkpoint(std::optional<uint64_t> size = {}) const = 0;

  // The store's history families (auditgraph/history_store.h): where an index keeps history it
  // does not hold in memory. Not part of the log: never hashed or verified, rebuilt from the log.
  // A backup copies them. Owned by the log; mutable even through a const log, as a cache is.
  virtual HistoryStore& history() const = 0;

  // Writes a consistent copy of the store into `dir`, which must not exist yet: a store of its
  // own that opens and verifies without this one (files are hard-linked where the file system
  // allows, so a backup on the same disk costs little space). Every event acknowledged before
  // the call is in it. Returns the copy's head. AlreadyExists when `dir` exists.
  virtual Result<LogHead> backup(const std::string& dir) const = 0;
};

}  // namespace auditgraph
