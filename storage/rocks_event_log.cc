#include "storage/rocks_event_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <unordered_map>

#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/write_batch.h>

#include "storage/keys.h"
#include "storage/record_codec.h"

namespace auditgraph {

Result<std::unique_ptr<EventLog>> EventLog::Open(const LogOptions& options,
                                                 const std::string& path) {
  return storage::RocksEventLog::Open(options, path);
}

namespace storage {
namespace {

Status from_rocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  if (s.IsNotFound()) return Status::NotFound(what + ": " + s.ToString());
  return Status::IOError(what + ": " + s.ToString());
}

std::string encode_head(const LogHead& head, Timestamp last_recorded_at) {
  std::string v;
  put_u64_be(&v, head.size);
  v.append(head.root.view());
  put_u64_be(&v, static_cast<uint64_t>(last_recorded_at.unix_nanos));
  return v;
}

std::string encode_checkpoint(const LogHead& head) {
  std::string v;
  put_u64_be(&v, head.size);
  v.append(head.root.view());
  return v;
}

// size (8) + root (32), optionally followed by more.
Result<LogHead> decode_size_root(std::string_view v, const char* what) {
  if (v.size() < 8 + Hash::kSize) {
    return Status::Corruption(std::string(what) + " record is " + std::to_string(v.size()) +
                              " bytes, too short");
  }
  LogHead h;
  h.size = get_u64_be(v);
  h.root = *Hash::FromBytes(v.substr(8, Hash::kSize));
  return h;
}

}  // namespace

RocksEventLog::RocksEventLog(const LogOptions& options, std::string path)
    : options_(options),
      path_(std::move(path)),
      clock_(options.clock ? options.clock : &system_clock_) {}

RocksEventLog::~RocksEventLog() {
  pipeline_.reset();  // its threads use the database
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  handles_.clear();
  db_.reset();
}

Result<std::unique_ptr<EventLog>> RocksEventLog::Open(const LogOptions& options,
                                                      const std::string& path) {
  std::unique_ptr<RocksEventLog> log(new RocksEventLog(options, path));
  Status s = log->open_db();
  if (s.ok()) s = log->check_head();
  if (!s.ok()) {
    if (options.logger) options.logger->error("event log at {}: {}", path, s.to_string());
    return s;
  }
  log->pipeline_ = std::make_unique<CommitPipeline<Job>>(
      CommitPipeline<Job>::Stages{
          [raw = log.get()](const std::vector<Job*>& group) { return raw->write_group(group); },
          [raw = log.get()](const std::vector<std::vector<Job*>>& groups) {
            raw->sync_groups(groups);
          }},
      std::max<size_t>(1, options.max_group_events),
      std::chrono::microseconds(options.sync ? options.group_commit_wait_us : 0));
  if (options.logger) {
    LogHead h = log->head();
    options.logger->info("event log at {}: {} records, root {}", path, h.size, h.root.hex());
  }
  return std::unique_ptr<EventLog>(std::move(log));
}

Status RocksEventLog::open_db() {
  rocksdb::Options db_options;
  db_options.create_if_missing = options_.create_if_missing;
  db_options.create_missing_column_families = true;
  db_options.paranoid_checks = true;
  db_options.IncreaseParallelism(2);
  // One writer at a time (the group leader), and the hash memtable of `idempotency` needs it.
  db_options.allow_concurrent_memtable_write = false;
  // With sync on, the WAL is written and fsynced by the sync stage (FlushWAL(true)) once for many
  // groups, so a group's write costs no system call.
  db_options.manual_wal_flush = options_.sync;

  // Open every family the store has (later versions may add index families), plus ours.
  std::vector<std::string> names;
  rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(db_options, path_, &names);
  if (!listed.ok()) {
    if (!options_.create_if_missing) {
      return Status::NotFound("no event log at " + path_ + " (" + listed.ToString() + ")");
    }
    names = {rocksdb::kDefaultColumnFamilyName};
  }
  for (const char* ours : {kLogFamily, kMerkleFamily, kIdempotencyFamily, kMetaFamily}) {
    if (std::find(names.begin(), names.end(), ours) == names.end()) names.emplace_back(ours);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) {
    rocksdb::ColumnFamilyOptions cf_options;
    if (name == kIdempotencyFamily) {
      cf_options.OptimizeForPointLookup(64);  // 64 MiB block cache, bloom filters
    }
    if (name == kIdempotencyFamily) {
      // Keys are hash-prefixed (keys.h): bucket the memtable by that prefix.
      cf_options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(kIdempotencyPrefixBytes));
      cf_options.memtable_factory.reset(rocksdb::NewHashLinkListRepFactory(1 << 19));
    }
    if (name == kMerkleFamily) {
      cf_options.compression = rocksdb::kNoCompression;  // hashes do not compress
    }
    if (name == kLogFamily || name == kMerkleFamily) {
      // Keys (seqs, big-endian) arrive in increasing order, so the memtable keeps an insert hint per prefix and skips the skiplist
      // search: the single largest CPU cost of an append before this.
      cf_options.memtable_insert_with_hint_prefix_extractor.reset(
          rocksdb::NewFixedPrefixTransform(1));
    }
    families.emplace_back(name, cf_options);
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, path_, families, &handles_, &raw);
  if (!s.ok()) return from_rocks(s, "opening event log at " + path_);
  db_.reset(raw);
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == kLogFamily) log_cf_ = handles_[i];
    if (names[i] == kMerkleFamily) merkle_cf_ = handles_[i];
    if (names[i] == kIdempotencyFamily) idempotency_cf_ = handles_[i];
    if (names[i] == kMetaFamily) meta_cf_ = handles_[i];
  }
  nodes_ = std::make_unique<RocksNodeReader>(db_.get(), merkle_cf_);
  return Status::Ok();
}

// Loads the head and refuses a store whose head, tree, records or checkpoints disagree.
Status RocksEventLog::check_head() {
  rocksdb::ReadOptions ro;
  std::string format, head_value;
  rocksdb::Status fs = db_->Get(ro, meta_cf_, kFormatKey, &format);
  rocksdb::Status hs = db_->Get(ro, meta_cf_, kHeadKey, &head_value);
  if (!fs.ok() && !fs.IsNotFound()) return from_rocks(fs, "reading format");
  if (!hs.ok() && !hs.IsNotFound()) return from_rocks(hs, "reading head");

  std::unique_ptr<rocksdb::Iterator> last(db_->NewIterator(ro, log_cf_));
  last->SeekToLast();
  if (fs.IsNotFound()) {
    if (last->Valid() || hs.ok()) {
      return Status::Corruption("store at " + path_ + " has records but no format marker");
    }
    // A new store: write the format and the empty head.
    rocksdb::WriteBatch batch;
    batch.Put(meta_cf_, kFormatKey, kFormatValue);
    batch.Put(meta_cf_, kHeadKey, encode_head({0, merkle_empty_root()}, Timestamp{}));
    Status s = durable_write(&batch, "initializing event log");
    if (!s.ok()) return s;
    head_ = {0, merkle_empty_root()};
    return Status::Ok();
  }
  if (format != kFormatValue) {
    return Status::Corruption("store at " + path_ + " has format '" + format + "', expected '" +
                              std::string(kFormatValue) + "'");
  }
  if (hs.IsNotFound()) return Status::Corruption("store at " + path_ + " has no head");

  auto head = decode_size_root(head_value, "head");
  if (!head.ok()) return head.status();
  if (head_value.size() >= 8 + Hash::kSize + 8) {
    last_recorded_at_ = Timestamp{
        static_cast<int64_t>(get_u64_be(std::string_view(head_value).substr(8 + Hash::kSize)))};
  }

  // The records must end exactly at the head.
  if (!last->status().ok()) return from_rocks(last->status(), "reading the last record");
  if (head->size == 0 ? last->Valid()
                      : (!last->Valid() || last->key().size() != 8 ||
                         get_u64_be(last->key().ToStringView()) != head->size - 1)) {
    std::string found = last->Valid() && last->key().size() == 8
                            ? "seq " + std::to_string(get_u64_be(last->key().ToStringView()))
                            : std::string("none");
    return Status::Corruption("head says " + std::to_string(head->size) +
                              " records but the last stored record is " + found);
  }

  // The head must agree with the stored tree.
  auto frontier = Frontier::Load(*nodes_, head->size);
  if (!frontier.ok()) return Status::Corruption("head disagrees with its tree: " + frontier.status().message());
  if (frontier->root() != head->root) {
    return Status::Corruption("head root " + head->root.hex() + " does not match the stored tree's root " +
                              frontier->root().hex() + " at size " + std::to_string(head->size));
  }
  frontier_ = std::move(*frontier);
  head_ = *head;

  // And the log must extend every checkpoint it published or was told of.
  auto cp = checkpoint();
  if (cp.ok()) {
    Status s = check_checkpoint(cp->size, cp->root, "published checkpoint");
    if (!s.ok()) return s;
  } else if (!cp.status().is_not_found()) {
    return cp.status();
  }
  if (options_.expected_checkpoint_size) {
    Hash want = options_.expected_checkpoint_root.value_or(Hash{});
    if (!options_.expected_checkpoint_root) {
      if (head_.size < *options_.expected_checkpoint_size) {
        return Status::Corruption("log size " + std::to_string(head_.size) +
                                  " is below the expected checkpoint size " +
                                  std::to_string(*options_.expected_checkpoint_size));
      }
    } else {
      Status s = check_checkpoint(*options_.expected_checkpoint_size, want, "expected checkpoint");
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

// Writes outside the pipeline (store creation, checkpoints), synced when options_.sync or
// `force_sync`. With manual_wal_flush the WAL buffer is flushed explicitly.
Status RocksEventLog::durable_write(rocksdb::WriteBatch* batch, const std::string& what,
                                    bool force_sync) {
  Status s = from_rocks(db_->Write(rocksdb::WriteOptions(), batch), what);
  if (s.ok() && (options_.sync || force_sync)) s = from_rocks(db_->FlushWAL(/*sync=*/true), what);
  return s;
}

Status RocksEventLog::check_checkpoint(uint64_t size, const Hash& root,
                                       const std::string& what) const {
  if (head_.size < size) {
    return Status::Corruption("log size " + std::to_string(head_.size) + " is below the " + what +
                              " of size " + std::to_string(size) + ": records were removed");
  }
  auto have = root_at(size);
  if (!have.ok()) return have.status();
  if (*have != root) {
    return Status::Corruption("the log does not extend the " + what + " of size " +
                              std::to_string(size) + ": root " + have->hex() + ", checkpoint " +
                              root.hex());
  }
  return Status::Ok();
}

Result<std::vector<Appended>> RocksEventLog::append(std::span<const Event> batch) {
  if (batch.empty()) return std::vector<Appended>{};
  Job job{batch};
  pipeline_->run(&job, batch.size());
  return std::move(job.result);
}

Result<std::vector<std::optional<uint64_t>>> RocksEventLog::logged_seqs(
    std::span<const Event> batch) const {
  std::vector<std::string> keys;
  std::vector<size_t> positions;
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].idempotency_key.empty()) continue;
    keys.push_back(idempotency_key(batch[i].idempotency_key));
    positions.push_back(i);
  }
  std::vector<std::optional<uint64_t>> out(batch.size());
  if (keys.empty()) return out;
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_->MultiGet(rocksdb::ReadOptions(), idempotency_cf_, keys.size(), slices.data(), values.data(),
                statuses.data());
  for (size_t k = 0; k < keys.size(); ++k) {
    if (statuses[k].IsNotFound()) continue;
    if (!statuses[k].ok()) return from_rocks(statuses[k], "reading idempotency keys");
    if (values[k].size() != 8) return Status::Corruption("idempotency entry is not an 8-byte seq");
    out[positions[k]] = get_u64_be(values[k].ToStringView());
  }
  return out;
}

Result<RocksEventLog::JobPlan> RocksEventLog::plan_job(const Job& job, uint64_t first_seq,
                                                       Timestamp recorded_at,
                                                       const KeyMap& group_keys) const {
  auto logged = logged_seqs(job.batch);
  if (!logged.ok()) return logged.status();
  JobPlan plan;
  KeyMap job_keys;
  uint64_t next = first_seq;
  for (size_t i = 0; i < job.batch.size(); ++i) {
    const Event& e = job.batch[i];
    if (!e.idempotency_key.empty()) {
      // Earlier in this batch, earlier in this group, or already in the log.
      std::optional<uint64_t> dup = (*logged)[i];
      if (auto it = job_keys.find(e.idempotency_key); it != job_keys.end()) dup = it->second;
      if (auto it = group_keys.find(e.idempotency_key); it != group_keys.end()) dup = it->second;
      if (dup) {
        plan.out.push_back({*dup, true});
        continue;
      }
    }
    std::string record = encode_record(e, next, recorded_at);
    if (record.size() > options_.max_record_bytes) {
      return Status::InvalidArgument("event " + std::to_string(i) + ": encoded record is " +
                                     std::to_string(record.size()) + " bytes, above the limit of " +
                                     std::to_string(options_.max_record_bytes));
    }
    if (!e.idempotency_key.empty()) {
      job_keys.emplace(e.idempotency_key, next);
      plan.new_keys.emplace_back(e.idempotency_key, next);
    }
    plan.out.push_back({next, false});
    plan.records.push_back(std::move(record));
    ++next;
  }
  return plan;
}

bool RocksEventLog::write_group(const std::vector<Job*>& group) {
  Status stopped;
  {
    std::lock_guard lock(head_mu_);
    stopped = write_error_;
  }
  if (!stopped.ok()) {
    for (Job* job : group) {
      job->result = Status::FailedPrecondition("event log stopped after a failed write (" +
                                               stopped.message() + "); reopen it");
    }
    return false;
  }
  const Timestamp recorded_at = std::max(clock_->now(), last_recorded_at_);
  const Frontier before = frontier_;
  LogStats delta;
  rocksdb::WriteBatch write;
  KeyMap group_keys;             // idempotency keys taken by this group
  std::vector<TreeNode> nodes;   // scratch: the nodes one leaf completes
  std::string entry;             // their merkle entry (storage/keys.h)
  std::vector<Job*> accepted;

  for (Job* job : group) {
    // Each job is planned without touching shared state, so a refused batch leaves nothing.
    auto plan = plan_job(*job, frontier_.size(), recorded_at, group_keys);
    if (!plan.ok()) {
      job->result = plan.status();
      ++delta.refused;
      continue;
    }
    ++delta.appends;
    delta.events_written += plan->records.size();
    delta.duplicates += plan->out.size() - plan->records.size();
    for (const std::string& record : plan->records) {
      const std::string key = seq_key(frontier_.size());
      nodes.clear();
      frontier_.append(merkle_leaf_hash(record), &nodes);
      entry.clear();
      for (const TreeNode& n : nodes) entry.append(n.hash.view());
      write.Put(log_cf_, key, record);
      write.Put(merkle_cf_, key, entry);
    }
    for (auto& [key, seq] : plan->new_keys) {
      write.Put(idempotency_cf_, idempotency_key(key), seq_key(seq));
      group_keys.emplace(std::move(key), seq);
    }
    job->result = std::move(plan->out);
    accepted.push_back(job);
  }
  if (accepted.empty()) {
    publish(LogHead{}, delta);
    return false;
  }

  const LogHead new_head{frontier_.size(), frontier_.root()};
  write.Put(meta_cf_, kHeadKey, encode_head(new_head, recorded_at));
  // Durability comes from the sync stage (one fsync for many groups), not from this write.
  Status s = from_rocks(db_->Write(rocksdb::WriteOptions(), &write), "writing to the event log");
  if (!s.ok()) {
    // Whether the batch reached the disk is unknown; only a reopen can tell.
    frontier_ = before;
    for (Job* job : accepted) job->result = s;
    delta.refused += accepted.size();
    delta.appends = delta.events_written = delta.duplicates = 0;
    std::lock_guard lock(head_mu_);
    write_error_ = s;
    stats_.refused += delta.refused;
    if (options_.logger) options_.logger->error("event log append failed: {}", s.to_string());
    return false;
  }
  last_recorded_at_ = recorded_at;
  ++delta.writes;
  for (Job* job : accepted) job->head = new_head;
  if (options_.sync) {
    // The head is published by sync_groups once durable; count the rest there too.
    std::lock_guard lock(head_mu_);
    stats_.refused += delta.refused;
    stats_.writes += delta.writes;
    return true;
  }
  publish(new_head, delta);
  return false;
}

void RocksEventLog::sync_groups(const std::vector<std::vector<Job*>>& groups) {
  Status s;
  {
    std::lock_guard lock(head_mu_);
    s = write_error_;
  }
  // An earlier failed sync poisons everything written after it, even if this fsync succeeds:
  // after a failed fsync the kernel may have dropped the dirty pages it could not write.
  if (s.ok()) s = from_rocks(db_->FlushWAL(/*sync=*/true), "syncing the event log");
  LogHead durable;
  LogStats delta;
  for (const auto& group : groups) {
    for (Job* job : group) {
      if (!job->result.ok()) continue;
      if (!s.ok()) {
        job->result = s;
        ++delta.refused;
        continue;
      }
      durable = job->head;
      ++delta.appends;
      for (const Appended& a : *job->result) (a.duplicate ? delta.duplicates : delta.events_written)++;
    }
  }
  if (!s.ok()) {
    std::lock_guard lock(head_mu_);
    if (write_error_.ok() && options_.logger) {
      options_.logger->error("event log sync failed: {}", s.to_string());
    }
    write_error_ = s;
    stats_.refused += delta.refused;
    return;
  }
  ++delta.syncs;
  publish(durable, delta);
}

// Makes `head` the head readers see, if it is ahead of it, and adds `delta` to the counters.
void RocksEventLog::publish(const LogHead& head, const LogStats& delta) {
  std::lock_guard lock(head_mu_);
  if (head.size > head_.size) head_ = head;
  stats_.appends += delta.appends;
  stats_.events_written += delta.events_written;
  stats_.duplicates += delta.duplicates;
  stats_.refused += delta.refused;
  stats_.writes += delta.writes;
  stats_.syncs += delta.syncs;
}

LogStats RocksEventLog::stats() const {
  std::lock_guard lock(head_mu_);
  return stats_;
}

LogHead RocksEventLog::head() const {
  std::lock_guard lock(head_mu_);
  return head_;
}

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
    auto event = decode_record(it->value().ToStringView());
    if (!event.ok()) {
      return Status::Corruption("seq " + std::to_string(seq) + ": " + event.status().message());
    }
    if (!fn(*event)) return Status::Ok();
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

Result<LogHead> RocksEventLog::checkpoint() const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), meta_cf_, kCheckpointKey, &value);
  if (s.IsNotFound()) return Status::NotFound("no checkpoint was published");
  if (!s.ok()) return from_rocks(s, "reading checkpoint");
  return decode_size_root(value, "checkpoint");
}

Result<LogHead> RocksEventLog::publish_checkpoint() {
  std::lock_guard lock(checkpoint_mu_);
  LogHead now = head();
  auto previous = checkpoint();
  if (previous.ok() && previous->size >= now.size) return *previous;
  rocksdb::WriteBatch batch;
  batch.Put(meta_cf_, kCheckpointKey, encode_checkpoint(now));
  // A checkpoint is a promise: it is synced even when appends are not.
  Status s = durable_write(&batch, "writing checkpoint", /*force_sync=*/true);
  if (!s.ok()) return s;
  if (options_.logger) {
    options_.logger->info("published checkpoint: size {}, root {}", now.size, now.root.hex());
  }
  return now;
}

}  // namespace storage
}  // namespace auditgraph
