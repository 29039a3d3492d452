// HistoryLedger: the history of a log that the index keeps on disk, not in memory, in
// HistoryStore families keyed for the questions asked of them:
//
//   access_by_dataset  u32 BE length + dataset id | event time (u64 BE, sign bit flipped) |
//                      seq (u64 BE)  ->  mode (1 byte) | principal kind (1 byte) | principal name
//   lineage_by_time    event time (u64 BE, sign bit flipped) | seq (u64 BE)  ->  ""
//                      (the events received as OpenLineage JSON; the log holds their bytes)
//   history_meta       "history/2" -> log size (u64 BE) | that size's Merkle root (32)
//
// so a dataset's access records in a period, and the OpenLineage events of a period, are each
// one key range, in time order. The families are a pure function of the log: the ledger writes
// them as the index applies events, with the log size they reflect in the same write (the
// marker, one for every family), and on open takes from the marker where the store stops being
// complete. A store written by a build with fewer families (its marker had another key), or
// whose marker the log does not bear out (past its head, or another root at that size), is
// cleared and rebuilt from the log; a new one (no marker) is filled. Several indexes over one log may write at
// once (the server's and a report's): their writes are identical, key for key.
//
// Reads answer as of a log size: entries at or past it are left out. Not thread-safe (one per
// index, guarded as the index is).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auditgraph/access.h"
#include "auditgraph/catalog.h"
#include "auditgraph/event.h"
#include "auditgraph/event_log.h"
#include "auditgraph/history_store.h"

namespace auditgraph::queries {

class HistoryLedger {
 public:
  // `store` must outlive the ledger; `log` (may be null: no root to check the marker against)
  // too.
  HistoryLedger(HistoryStore* store, const EventLog* log) : store_(store), log_(log) {}

  // Reads the marker: the log size up to which the store holds every family's entries (0 when
  // there is none, or after clearing a stale store). Call once, before add().
  Result<uint64_t> open();
  uint64_t complete() const { return complete_; }

  // Takes the event that follows the last one added (or the first at any seq after open()).
  // An event at or past complete() that the families hold (an access record, an OpenLineage
  // event) is buffered, and written when enough are.
  Status add(const Event& event);
  // Writes what is buffered, with the marker at the size after the last event added. On an
  // error nothing is written and everything stays buffered.
  Status flush();
  // flush() when an entry is buffered; otherwise nothing (the store already holds every entry
  // added, and the marker, which add() keeps within a bounded lag, need not move). For reads:
  // a question after appends that the families do not hold costs no write.
  Status write_buffered() { return pending_.empty() ? Status::Ok() : flush(); }

  // The records of the dataset known by the ids `dataset`, dated in [from, to), with seq < size:
  // by time then seq, and per principal.
  Result<AccessHistory> history(const std::vector<std::string>& dataset, Timestamp from,
                                Timestamp to, uint64_t size) const;
  // Whether some record with seq < size reads the dataset in [from, to); stops at the first.
  Result<bool> read_between(const std::vector<std::string>& dataset, Timestamp from, Timestamp to,
                            uint64_t size) const;
  // The OpenLineage events with seq < size that `query` asks for (its period, order and page),
  // and how many the period holds (none when before is not after after): one forward pass over
  // the period's keys, keeping at most offset + limit of them.
  Result<LineageEventsPage> lineage_events(const LineageEventsQuery& query, uint64_t size) const;

 private:
  HistoryStore* store_;
  const EventLog* log_;
  uint64_t complete_ = 0;  // every record below this seq is in the store
  uint64_t applied_ = 0;   // the size after the last event added
  std::vector<HistoryStore::Put> pending_;
};

}  // namespace auditgraph::queries
