// NodeReader over the `merkle` column family of an open RocksDB.
#pragma once

#include <rocksdb/db.h>

#include "storage/keys.h"
#include "storage/merkle_tree.h"

namespace auditgraph::storage {

class RocksNodeReader final : public NodeReader {
 public:
  // `db` and `family` must outlive this reader.
  RocksNodeReader(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family)
      : db_(db), family_(family) {}

  Result<Hash> node(uint8_t level, uint64_t index) const override {
    rocksdb::PinnableSlice value;
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), family_, seq_key(node_entry(level, index)), &value);
    auto where = [&] {
      return "merkle node (level " + std::to_string(level) + ", index " + std::to_string(index) +
             ")";
    };
    if (s.IsNotFound()) return Status::Corruption(where() + " is missing");
    if (!s.ok()) return Status::IOError(where() + ": " + s.ToString());
    size_t offset = size_t{level} * Hash::kSize;
    if (value.size() < offset + Hash::kSize) {
      return Status::Corruption(where() + " is missing: its entry is " +
                                std::to_string(value.size()) + " bytes");
    }
    return *Hash::FromBytes(value.ToStringView().substr(offset, Hash::kSize));
  }

 private:
  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* family_;
};

}  // namespace auditgraph::storage
