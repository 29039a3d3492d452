// RocksEventLog's reads and proofs. Nothing here looks past the published (durable) head.
#include <rocksdb/db.h>

#include "storage/record_codec.h"
#include "storage/rocks_event_log.h"
#include "storage/rocks_util.h"

namespace auditgraph::storage {

Result<std::string> RocksEventLog::read_raw(uint64_t seq) const {
  uint64_t size = head().size;
  if (seq >= size) {
    return Status::NotFound("seq " + std::to_string(seq) + " is past the head (size " +
                            std::to_string(size) + ")");
  }
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), log_cf_, seq_key(seq), &value);
  if (s.IsNotFound()) {
    return Status::Corruption("record " + std::to_string(seq) + " is missing below the head");
  }
  if (!s.ok()) return from_rocks(s, "reading record " + std::to_string(seq));
  return value;
}

Result<Event> RocksEventLog::read(uint64_t seq) const {
  auto raw = read_raw(seq);
  if (!raw.ok()) return raw.status();
  auto event = decode_record(*raw);
  if (!event.ok()) {
    return Status::Corruption("seq " + std::to_string(seq) + ": " + event.status().message());
  }
  return event;
}

Status RocksEventLog::scan(uint64_t from, uint64_t to,
                           const std::function<bool(const Event&)>& fn) const {
  return scan_records(from, to, [&](const Event& e, std::string_view) { return fn(e); });
}

Status RocksEventLog::scan_records(
    uint64_t from, uint64_t to,
    const std::function<bool(const Event&, std::string_view record)>& fn) const {
  const uint64_t end = std::min(to, head().size);
  if (from >= end) return Status::Ok();
  rocksdb::ReadOptions ro;
  std::string upper = seq_key(end);
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, log_cf_));
  uint64_t expected = from;
  for (it->Seek(seq_key(from)); it->Valid(); it->Next(), ++expected) {
    uint64_t seq = it->key().size() == 8 ? get_u64_be(it->key().ToStringView()) : ~uint64_t{0};
    if (seq != expected) {
      return Status::Corruption("record " + std::to_string(expected) + " is missing from the log");
    }
    const std::string_view record = it->value().ToStringView();
    auto event = decode_record(record);
    if (!event.ok()) {
      return Status::Corruption("seq " + std::to_string(seq) + ": " + event.status().message());
    }
    if (!fn(*event, record)) return Status::Ok();
  }
  if (!it->status().ok()) return from_rocks(it->status(), "scanning the log");
  if (expected != end) {
    return Status::Corruption("record " + std::to_string(expected) + " is missing from the log");
  }
  return Status::Ok();
}

Result<uint64_t> RocksEventLog::find_idempotency_key(const std::string& key) const {
  rocksdb::PinnableSlice value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), idempotency_cf_, idempotency_key(key), &value);
  if (s.IsNotFound()) return Status::NotFound("idempotency key not in the log");
  if (!s.ok()) return from_rocks(s, "reading idempotency key");
  if (value.size() != 8) return Status::Corruption("idempotency entry is not an 8-byte seq");
  return get_u64_be(value.ToStringView());
}

Result<Hash> RocksEventLog::root_at(uint64_t size) const {
  uint64_t have = head().size;
  if (size > have) {
    return Status::InvalidArgument("size: " + std::to_string(size) + " is above the log size " +
                                   std::to_string(have));
  }
  return tree_root(*nodes_, size);
}

Result<InclusionProof> RocksEventLog::prove_inclusion(uint64_t seq, uint64_t size) const {
  uint64_t have = head().size;
  if (size > have) {
    return Status::InvalidArgument("size: " + std::to_string(size) + " is above the log size " +
                                   std::to_string(have));
  }
  if (seq >= size) {
    return Status::InvalidArgument("seq: " + std::to_string(seq) + " is not below the tree size " +
                                   std::to_string(size));
  }
  auto raw = read_raw(seq);
  if (!raw.ok()) return raw.status();
  auto path = inclusion_path(*nodes_, seq, size);
  if (!path.ok()) return path.status();
  auto root = tree_root(*nodes_, size);
  if (!root.ok()) return root.status();
  return InclusionProof{seq, size, merkle_leaf_hash(*raw), std::move(*path), *root};
}

Result<ConsistencyProof> RocksEventLog::prove_consistency(uint64_t from, uint64_t to) const {
  uint64_t have = head().size;
  if (to > have) {
    return Status::InvalidArgument("to: " + std::to_string(to) + " is above the log size " +
                                   std::to_string(have));
  }
  if (from > to) {
    return Status::InvalidArgument("from: " + std::to_string(from) + " is above to " +
                                   std::to_string(to));
  }
  ConsistencyProof proof{from, to, {}, {}, {}};
  auto from_root = tree_root(*nodes_, from);
  if (!from_root.ok()) return from_root.status();
  auto to_root = tree_root(*nodes_, to);
  if (!to_root.ok()) return to_root.status();
  proof.from_root = *from_root;
  proof.to_root = *to_root;
  if (from > 0 && from < to) {
    auto path = consistency_path(*nodes_, from, to);
    if (!path.ok()) return path.status();
    proof.path = std::move(*path);
  }
  return proof;
}

Result<std::string> RocksEventLog::read_hashes(uint8_t level, uint64_t begin,
                                               uint64_t count) const {
  if (count > kMaxReadHashes) {
    return Status::InvalidArgument("count: " + std::to_string(count) + " is above " +
                                   std::to_string(kMaxReadHashes) + " hashes a call");
  }
  const uint64_t size = head().size;
  const uint64_t nodes = level >= 64 ? 0 : size >> level;
  if (begin > nodes || count > nodes - begin) {
    return Status::NotFound("level " + std::to_string(level) + " nodes [" + std::to_string(begin) +
                            ", " + std::to_string(begin) + " + " + std::to_string(count) +
                            "): the tree of size " + std::to_string(size) + " has " +
                            std::to_string(nodes) + " nodes at that level");
  }
  return nodes_->hashes(level, begin, count);
}

}  // namespace auditgraph::storage
