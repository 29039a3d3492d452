// RocksHistoryStore: the HistoryStore of a RocksEventLog, its history families (keys.h) in the
// log's own database. Writes go through the log's WAL fence, so a history write never runs beside
// a WAL sync and a failed one stops the log as any failed write does (RocksEventLog::fenced).
#pragma once

#include <array>
#include <functional>

#include <rocksdb/db.h>

#include "auditgraph/history_store.h"

namespace auditgraph::storage {

class RocksHistoryStore final : public HistoryStore {
 public:
  using Fence = std::function<Status(const std::function<Status()>& wal_op)>;
  // `db` and `families` (in HistoryFamily order) must outlive this store.
  RocksHistoryStore(rocksdb::DB* db,
                    std::array<rocksdb::ColumnFamilyHandle*, kHistoryFamilies> families,
                    Fence fence)
      : db_(db), families_(families), fence_(std::move(fence)) {}

  Status write(std::span<const Put> puts) override;
  Status scan(HistoryFamily family, std::string_view from, std::string_view to,
              const std::function<bool(std::string_view, std::string_view)>& fn) const override;
  Result<std::string> get(HistoryFamily family, std::string_view key) const override;
  // A range deletion per family: every key this project writes begins below byte 0xFF.
  Status clear() override;

 private:
  rocksdb::ColumnFamilyHandle* handle(HistoryFamily f) const {
    return families_[static_cast<size_t>(f)];
  }

  rocksdb::DB* db_;
  std::array<rocksdb::ColumnFamilyHandle*, kHistoryFamilies> families_;
  Fence fence_;
};

}  // namespace auditgraph::storage
