// HistoryStore: ordered key-value families beside the log, where the index keeps the history it
// does not hold in memory (access records by dataset and time; OpenLineage events by time). What is in them is derived: a
// pure function of the log, written by the index as it applies events, never hashed or verified
// as the log is, and rebuilt by replaying the log when missing or stale. Keys and values are
// bytes; their encodings belong to the reader that writes them (queries/history_ledger.h).
//
// Thread safety: every method may be called from any thread; write() is atomic across families.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "auditgraph/status.h"

namespace auditgraph {

enum class HistoryFamily : uint8_t {
  kMeta,             // what the families reflect: the log size they were written up to
  kAccessByDataset,  // access records by dataset, time and seq
  kLineageByTime,    // the OpenLineage events (raw format) by event time and seq
};
inline constexpr size_t kHistoryFamilies = 3;

class HistoryStore {
 public:
  struct Put {
    HistoryFamily family;
    std::string key, value;
  };

  virtual ~HistoryStore() = default;

  // Writes every put, all or nothing. Not synced by itself: a crash may lose the latest writes
  // (whole), so a writer keeps its progress marker in the same write. An I/O error is returned;
  // in a log's store it also stops the log, as any failed write does (EventLog::append).
  virtual Status write(std::span<const Put> puts) = 0;
  // Calls `fn` with each key in [from, to) of `family` (to "" : no upper bound) in key order;
  // stops early, with OK, when fn returns false. IOError when a read fails.
  virtual Status scan(HistoryFamily family, std::string_view from, std::string_view to,
                      const std::function<bool(std::string_view key, std::string_view value)>& fn)
      const = 0;
  // The value of `key`, or NotFound.
  virtual Result<std::string> get(HistoryFamily family, std::string_view key) const = 0;
  // Removes every key of every family (before a rebuild).
  virtual Status clear() = 0;
};

// A HistoryStore in memory (an ordered map per family), for an index that has no store.
std::unique_ptr<HistoryStore> make_memory_history_store();

}  // namespace auditgraph
