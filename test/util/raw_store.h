// RawStore: the store's column families opened with plain RocksDB, as an attacker with the files
// would have them. For tamper tests. The store must not be open elsewhere.
#pragma once

#include <doctest/doctest.h>
#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/keys.h"

namespace auditgraph::testing {

class RawStore {
 public:
  // Opens every family the store has (RocksDB refuses to open a store read-write without all).
  explicit RawStore(const std::string& path) {
    rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(rocksdb::Options(), path, &names_);
    REQUIRE_MESSAGE(listed.ok(), listed.ToString());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const std::string& name : names_) {
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    rocksdb::DB* db = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(rocksdb::Options(), path, families, &handles_, &db);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    db_.reset(db);
  }
  ~RawStore() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  }
  RawStore(const RawStore&) = delete;
  RawStore& operator=(const RawStore&) = delete;

  rocksdb::ColumnFamilyHandle* log() { return family(storage::kLogFamily); }
  rocksdb::ColumnFamilyHandle* merkle() { return family(storage::kMerkleFamily); }
  rocksdb::ColumnFamilyHandle* meta() { return family(storage::kMetaFamily); }
  rocksdb::ColumnFamilyHandle* family(const std::string& name) {
    for (size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == name) return handles_[i];
    }
    FAIL("the store has no column family " << name);
    return nullptr;
  }
  // Drops a family with everything in it, as if the store were written before it existed.
  void drop(const std::string& name) {
    rocksdb::ColumnFamilyHandle* h = family(name);
    REQUIRE(db_->DropColumnFamily(h).ok());
  }

  std::string get(rocksdb::ColumnFamilyHandle* cf, const std::string& key) {
    std::string v;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf, key, &v);
    REQUIRE_MESSAGE(s.ok(), s.ToString());
    return v;
  }
  void put(rocksdb::ColumnFamilyHandle* cf, const std::string& key, const std::string& value) {
    REQUIRE(db_->Put(rocksdb::WriteOptions(), cf, key, value).ok());
  }
  void del(rocksdb::ColumnFamilyHandle* cf, const std::string& key) {
    REQUIRE(db_->Delete(rocksdb::WriteOptions(), cf, key).ok());
  }

 private:
  std::vector<std::string> names_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace auditgraph::testing
