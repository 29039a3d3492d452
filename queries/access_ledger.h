// AccessLedger: the access records (AccessRecorded events) of a log, kept on disk in a
// HistoryStore family keyed for the questions asked of them, not in memory:
//
//   access_by_dataset  u32 BE length + dataset id | event time (u64 BE, sign bit flipped) |
//                      seq (u64 BE)  ->  mode (1 byte) | principal kind (1 byte) | principal name
//   history_meta       "access_by_dataset" -> log size (u64 BE) | that size's Merkle root (32)
//
// so a dataset's records in a period are one key range, in time order. The family is a pure
// function of the log: the ledger writes records as the index applies events, with the log size
// they reflect in the same write (the marker), and on open takes from the marker where the store
// stops being complete. A marker the log does not bear out (past its head, or another root at
// that size) is distrusted and the family cleared. Several indexes over one log may write it at
// once (the server's and a report's): their writes are identical, key for key.
//
// Reads answer as of a log size: records at or past it are left out. Not thread-safe (one per
// index, guarded as the index is).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auditgraph/access.h"
#include "auditgraph/event.h"
#include "auditgraph/event_log.h"
#include "auditgraph/history_store.h"

namespace auditgraph::queries {

class AccessLedger {
 public:
  // `store` must outlive the ledger; `log` (may be null: no root to check the marker against)
  // too.
  AccessLedger(HistoryStore* store, const EventLog* log) : store_(store), log_(log) {}

  // Reads the marker: the log size up to which the store holds every access record (0 when
  // there is none, or after clearing a distrusted one). Call once, before add().
  Result<uint64_t> open();
  uint64_t complete() const { return complete_; }

  // Takes the event that follows the last one added (or the first at any seq after open()).
  // An access record at or past complete() is buffered, and written when enough are.
  Status add(const Event& event);
  // Writes what is buffered, with the marker at the size after the last event added. On an
  // error nothing is written and everything stays buffered.
  Status flush();
  // flush() when a record is buffered; otherwise nothing (the store already holds every record
  // added, and the marker, which add() keeps within a bounded lag, need not move). For reads:
  // a question after appends without access records costs no write.
  Status write_buffered() { return pending_.empty() ? Status::Ok() : flush(); }

  // The records of the dataset known by the ids `dataset`, dated in [from, to), with seq < size:
  // by time then seq, and per principal.
  Result<AccessHistory> history(const std::vector<std::string>& dataset, Timestamp from,
                                Timestamp to, uint64_t size) const;
  // Whether some record with seq < size reads the dataset in [from, to); stops at the first.
  Result<bool> read_between(const std::vector<std::string>& dataset, Timestamp from, Timestamp to,
                            uint64_t size) const;

 private:
  HistoryStore* store_;
  const EventLog* log_;
  uint64_t complete_ = 0;  // every record below this seq is in the store
  uint64_t applied_ = 0;   // the size after the last event added
  std::vector<HistoryStore::Put> pending_;
};

}  // namespace auditgraph::queries
