// RocksEventLog::verify and EventLog::VerifyStore: recompute the whole tree from the records and
// compare it with the stored tree, the head and the published checkpoint.
#include <rocksdb/db.h>

#include <algorithm>

#include "storage/keys.h"
#include "storage/record_codec.h"
#include "storage/rocks_event_log.h"
#include "storage/rocks_util.h"

namespace auditgraph {

VerifyReport EventLog::VerifyStore(const std::string& path) {
  return storage::RocksEventLog::VerifyStore(path);
}

namespace storage {
namespace {

// The check itself, over the records and tree in `db` against the head `want` and the
// checkpoint `cp` (NotFound when none was published).
VerifyReport verify_records(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* log_cf,
                            rocksdb::ColumnFamilyHandle* merkle_cf, const LogHead& want,
                            const Result<LogHead>& cp) {
  VerifyReport report;
  auto fail = [&](std::optional<uint64_t> seq, std::string message) {
    report.ok = false;
    report.first_bad_seq = seq;
    report.message = std::move(message);
    return report;
  };

  Frontier frontier;
  std::vector<TreeNode> nodes;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), log_cf));
  uint64_t seq = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++seq) {
    if (it->key().size() != 8)
      return fail(seq, "record key of " + std::to_string(it->key().size()) + " bytes in the log");
    uint64_t key = get_u64_be(it->key().ToStringView());
    if (key != seq) {
      return fail(seq, key > seq ? "record " + std::to_string(seq) + " is missing"
                                 : "record key " + std::to_string(key) + " out of order");
    }
    if (seq >= want.size) {
      return fail(seq, "record " + std::to_string(seq) + " lies past the head (size " +
                           std::to_string(want.size) + ")");
    }
    std::string_view record = it->value().ToStringView();
    auto event = decode_record(record);
    if (!event.ok())
      return fail(seq, "record " + std::to_string(seq) + ": " + event.status().message());
    if (event->seq != seq) {
      return fail(seq,
                  "record " + std::to_string(seq) + " carries seq " + std::to_string(event->seq));
    }

    nodes.clear();
    frontier.append(merkle_leaf_hash(record), &nodes);
    std::string stored;
    rocksdb::Status got = db->Get(rocksdb::ReadOptions(), merkle_cf, seq_key(seq), &stored);
    if (!got.ok()) {
      return fail(seq, "merkle entry " + std::to_string(seq) + ": " + got.ToString());
    }
    if (stored.size() != nodes.size() * Hash::kSize) {
      return fail(seq, "merkle entry " + std::to_string(seq) + " is " +
                           std::to_string(stored.size()) + " bytes, expected " +
                           std::to_string(nodes.size() * Hash::kSize));
    }
    for (size_t l = 0; l < nodes.size(); ++l) {
      const TreeNode& n = nodes[l];
      if (std::string_view(stored).substr(l * Hash::kSize, Hash::kSize) == n.hash.view()) continue;
      if (n.level == 0) {
        return fail(seq, "record " + std::to_string(seq) +
                             " does not match its Merkle leaf: the record was changed");
      }
      uint64_t first = n.index << n.level;
      return fail(first, "merkle node (level " + std::to_string(n.level) + ", index " +
                             std::to_string(n.index) + ") over seqs [" + std::to_string(first) +
                             ", " + std::to_string(first + (uint64_t{1} << n.level)) +
                             ") does not match the records");
    }
    if (cp.ok() && frontier.size() == cp->size && frontier.root() != cp->root) {
      return fail(std::nullopt, "the records do not extend the published checkpoint of size " +
                                    std::to_string(cp->size));
    }
  }
  if (!it->status().ok()) return fail(std::nullopt, "reading the log: " + it->status().ToString());
  report.size = seq;
  if (seq < want.size) {
    return fail(seq, "record " + std::to_string(seq) + " is missing (head says " +
                         std::to_string(want.size) + " records)");
  }
  if (frontier.root() != want.root) {
    return fail(std::nullopt, "recomputed root " + frontier.root().hex() +
                                  " does not match the head's root " + want.root.hex());
  }
  if (cp.ok() && cp->size > seq) {
    return fail(std::nullopt, "the log is shorter than its published checkpoint of size " +
                                  std::to_string(cp->size));
  }
  report.ok = true;
  report.message = "verified " + std::to_string(seq) + " records; root " + want.root.hex();
  return report;
}

}  // namespace

VerifyReport RocksEventLog::verify() const {
  return verify_records(db_.get(), log_cf_, merkle_cf_, head(), checkpoint());
}

VerifyReport RocksEventLog::VerifyStore(const std::string& path) {
  VerifyReport report;
  auto refuse = [&](std::string message) {
    report.message = std::move(message);
    return report;
  };
  rocksdb::Options options;
  options.paranoid_checks = true;
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(options, path, &names);
  if (!s.ok()) return refuse("no event log at " + path + ": " + s.ToString());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name :
       {rocksdb::kDefaultColumnFamilyName.c_str(), kLogFamily, kMerkleFamily, kMetaFamily}) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return refuse("store at " + path + " has no '" + name + "' family");
    }
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  s = rocksdb::DB::OpenForReadOnly(options, path, families, &handles, &raw);
  if (!s.ok()) return refuse("opening " + path + " read-only: " + s.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  struct Handles {  // destroyed before the database
    rocksdb::DB* db;
    std::vector<rocksdb::ColumnFamilyHandle*>& all;
    ~Handles() {
      for (auto* h : all) db->DestroyColumnFamilyHandle(h);
    }
  } owned{db.get(), handles};

  auto read_meta = [&](std::string_view key, const char* what) -> Result<LogHead> {
    std::string value;
    rocksdb::Status got = db->Get(rocksdb::ReadOptions(), handles[3], key, &value);
    if (got.IsNotFound()) return Status::NotFound(std::string("no ") + what);
    if (!got.ok()) return from_rocks(got, std::string("reading the ") + what);
    return decode_size_root(value, what);
  };
  auto head = read_meta(kHeadKey, "head");
  if (!head.ok()) return refuse("the head is unusable: " + head.status().message());
  auto cp = read_meta(kCheckpointKey, "checkpoint");
  if (!cp.ok() && !cp.status().is_not_found()) {
    return refuse("the checkpoint is unusable: " + cp.status().message());
  }
  return verify_records(db.get(), handles[1], handles[2], *head, cp);
}

}  // namespace storage
}  // namespace auditgraph
