#include "storage/rocks_history_store.h"

#include <memory>

#include <rocksdb/write_batch.h>

#include "storage/rocks_util.h"

namespace auditgraph::storage {

Status RocksHistoryStore::write(std::span<const Put> puts) {
  rocksdb::WriteBatch batch;
  for (const Put& p : puts) {
    rocksdb::Status s = batch.Put(handle(p.family), p.key, p.value);
    if (!s.ok()) return from_rocks(s, "writing history");
  }
  return fence_([&] { return from_rocks(db_->Write(rocksdb::WriteOptions(), &batch), "writing history"); });
}

Status RocksHistoryStore::scan(
    HistoryFamily family, std::string_view from, std::string_view to,
    const std::function<bool(std::string_view, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  rocksdb::Slice upper(to.data(), to.size());
  if (!to.empty()) ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handle(family)));
  for (it->Seek(rocksdb::Slice(from.data(), from.size())); it->Valid(); it->Next()) {
    if (!fn(it->key().ToStringView(), it->value().ToStringView())) return Status::Ok();
  }
  return from_rocks(it->status(), "reading history");
}

Result<std::string> RocksHistoryStore::get(HistoryFamily family, std::string_view key) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), handle(family), rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return Status::NotFound("history: no such key");
  if (!s.ok()) return from_rocks(s, "reading history");
  return value;
}

Status RocksHistoryStore::clear() {
  const std::string end(8, '\xff');
  rocksdb::WriteBatch batch;
  for (rocksdb::ColumnFamilyHandle* h : families_) {
    rocksdb::Status s = batch.DeleteRange(h, "", end);
    if (!s.ok()) return from_rocks(s, "clearing history");
  }
  return fence_([&] { return from_rocks(db_->Write(rocksdb::WriteOptions(), &batch), "clearing history"); });
}

}  // namespace auditgraph::storage
