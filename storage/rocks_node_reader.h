// NodeReader over the `merkle` column family of an open RocksDB.
#pragma once

#include <rocksdb/db.h>

#include <string>
#include <string_view>
#include <vector>

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
    auto hash = hash_in_entry(s, value, level, index);
    if (!hash.ok()) return hash.status();
    return *Hash::FromBytes(*hash);
  }

  // The hashes of nodes (level, begin) .. (level, begin + count - 1), concatenated, read with one
  // MultiGet. Corruption when one is missing, IOError when a read fails. REQUIRES: the nodes
  // exist in the log's tree (every node (L, i) with (i + 1) * 2^L <= size does).
  Result<std::string> hashes(uint8_t level, uint64_t begin, uint64_t count) const {
    std::vector<std::string> keys;
    keys.reserve(count);
    for (uint64_t i = begin; i < begin + count; ++i) keys.push_back(seq_key(node_entry(level, i)));
    std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
    std::vector<rocksdb::PinnableSlice> values(count);
    std::vector<rocksdb::Status> statuses(count);
    db_->MultiGet(rocksdb::ReadOptions(), family_, slices.size(), slices.data(), values.data(),
                  statuses.data());
    std::string out;
    out.reserve(count * Hash::kSize);
    for (uint64_t k = 0; k < count; ++k) {
      auto hash = hash_in_entry(statuses[k], values[k], level, begin + k);
      if (!hash.ok()) return hash.status();
      out.append(*hash);
    }
    return out;
  }

 private:
  // Node (level, index)'s 32 bytes within its merkle entry `value`, as read with status `s`.
  static Result<std::string_view> hash_in_entry(const rocksdb::Status& s,
                                                const rocksdb::PinnableSlice& value, uint8_t level,
                                                uint64_t index) {
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
    return value.ToStringView().substr(offset, Hash::kSize);
  }

  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* family_;
};

}  // namespace auditgraph::storage
