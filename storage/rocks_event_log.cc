#include "storage/rocks_event_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include <rocksdb/memtablerep.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/write_batch.h>

#include "storage/faulty_file_system.h"
#include "storage/keys.h"
#include "storage/rocks_util.h"

namespace auditgraph {

Result<std::unique_ptr<EventLog>> EventLog::Open(const LogOptions& options,
                                                 const std::string& path) {
  return storage::RocksEventLog::Open(options, path);
}

namespace storage {

RocksEventLog::RocksEventLog(const LogOptions& options, std::string path)
    : options_(options),
      path_(std::move(path)),
      clock_(options.clock ? options.clock : &system_clock_) {}

RocksEventLog::~RocksEventLog() {
  pipeline_.reset();  // its threads use the database
  history_.reset();
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  handles_.clear();
  db_.reset();
}

Result<std::unique_ptr<EventLog>> RocksEventLog::Open(const LogOptions& options,
                                                      const std::string& path) {
  std::unique_ptr<RocksEventLog> log(new RocksEventLog(options, path));
  Status s = log->open_db();
  if (s.ok()) s = log->check_head();
  if (!s.ok()) return s;  // the caller reports it
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
  // options_ holds the disk, so its Env outlives the database.
  if (options_.disk) db_options.env = options_.disk->impl().fs.env();
  db_options.IncreaseParallelism(2);
  // One writer at a time (the pipeline's writer), and the hash memtable of `idempotency` needs it.
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
  std::vector<const char*> ours{kLogFamily, kMerkleFamily, kIdempotencyFamily, kMetaFamily};
  ours.insert(ours.end(), std::begin(kHistoryFamilyNames), std::end(kHistoryFamilyNames));
  for (const char* name : ours) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) {
    rocksdb::ColumnFamilyOptions cf_options;
    if (name == kIdempotencyFamily) {
      cf_options.OptimizeForPointLookup(64);  // 64 MiB block cache, bloom filters
      // Keys are hash-prefixed (keys.h): bucket the memtable by that prefix, so inserts and
      // look-ups of keys that arrive in no order skip the skiplist search.
      cf_options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(kIdempotencyPrefixBytes));
      cf_options.memtable_factory.reset(rocksdb::NewHashLinkListRepFactory(1 << 19));
    }
    if (name == kMerkleFamily) {
      cf_options.compression = rocksdb::kNoCompression;  // hashes do not compress
    }
    if (name == kLogFamily || name == kHistoryFamilyNames[1]) {
      // Records are JSON-heavy text; LZ4 keeps most of Snappy's ratio at less CPU in flushes.
      cf_options.compression = rocksdb::kLZ4Compression;
    }
    if (name == kLogFamily || name == kMerkleFamily) {
      // Keys (seqs, big-endian) arrive in increasing order, so the memtable keeps an insert hint
      // and skips the skiplist search, which was the largest CPU cost of an append.
      cf_options.memtable_insert_with_hint_prefix_extractor.reset(
          rocksdb::NewFixedPrefixTransform(1));
    }
    families.emplace_back(name, cf_options);
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, path_, families, &handles_, &raw);
  if (!s.ok()) return from_rocks(s, "opening event log at " + path_);
  db_.reset(raw);
  std::array<rocksdb::ColumnFamilyHandle*, kHistoryFamilies> history_cfs{};
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == kLogFamily) log_cf_ = handles_[i];
    if (names[i] == kMerkleFamily) merkle_cf_ = handles_[i];
    if (names[i] == kIdempotencyFamily) idempotency_cf_ = handles_[i];
    if (names[i] == kMetaFamily) meta_cf_ = handles_[i];
    for (size_t f = 0; f < kHistoryFamilies; ++f) {
      if (names[i] == kHistoryFamilyNames[f]) history_cfs[f] = handles_[i];
    }
  }
  history_ = std::make_unique<RocksHistoryStore>(
      db_.get(), history_cfs, [this](const std::function<Status()>& op) { return fenced(op); });
  nodes_ = std::make_unique<RocksNodeReader>(db_.get(), merkle_cf_);
  return Status::Ok();
}

// A store without the marker was written before content keys: scheme 1.
Status RocksEventLog::load_key_scheme() {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), meta_cf_, kKeySchemeKey, &value);
  if (s.IsNotFound()) {
    key_scheme_ = 1;
    return Status::Ok();
  }
  if (!s.ok()) return from_rocks(s, "reading key_scheme");
  if (value != "1" && value != std::to_string(kCurrentKeyScheme)) {
    return Status::Corruption("store at " + path_ + " has idempotency key scheme '" + value +
                              "'; this build knows 1 and " + std::to_string(kCurrentKeyScheme));
  }
  key_scheme_ = value == "1" ? 1 : kCurrentKeyScheme;
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
    // A new store: write the format, the key scheme and the empty head.
    rocksdb::WriteBatch batch;
    batch.Put(meta_cf_, kFormatKey, kFormatValue);
    batch.Put(meta_cf_, kKeySchemeKey, std::to_string(kCurrentKeyScheme));
    batch.Put(meta_cf_, kHeadKey, encode_head({0, merkle_empty_root()}, Timestamp{}));
    Status s = durable_write(&batch, "initializing event log");
    if (!s.ok()) return s;
    head_ = {0, merkle_empty_root()};
    key_scheme_ = kCurrentKeyScheme;
    return Status::Ok();
  }
  if (format != kFormatValue) {
    return Status::Corruption("store at " + path_ + " has format '" + format + "', expected '" +
                              std::string(kFormatValue) + "'");
  }
  if (hs.IsNotFound()) return Status::Corruption("store at " + path_ + " has no head");
  Status scheme = load_key_scheme();
  if (!scheme.ok()) return scheme;

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
  if (!frontier.ok()) {
    return Status::Corruption("head disagrees with its tree: " + frontier.status().message());
  }
  if (frontier->root() != head->root) {
    return Status::Corruption("head root " + head->root.hex() +
                              " does not match the stored tree's root " + frontier->root().hex() +
                              " at size " + std::to_string(head->size));
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
  if (options_.expected_checkpoint_size && options_.expected_checkpoint_root) {
    return check_checkpoint(*options_.expected_checkpoint_size, *options_.expected_checkpoint_root,
                            "expected checkpoint");
  }
  if (options_.expected_checkpoint_size && head_.size < *options_.expected_checkpoint_size) {
    return Status::Corruption("log size " + std::to_string(head_.size) +
                              " is below the expected checkpoint size " +
                              std::to_string(*options_.expected_checkpoint_size));
  }
  return Status::Ok();
}

// Writes outside the pipeline (store creation, checkpoints), synced when options_.sync or
// `force_sync`. With manual_wal_flush the WAL buffer is flushed explicitly.
Status RocksEventLog::durable_write(rocksdb::WriteBatch* batch, const std::string& what,
                                    bool force_sync) {
  Status s = fenced([&] { return from_rocks(db_->Write(rocksdb::WriteOptions(), batch), what); });
  if (s.ok() && (options_.sync || force_sync)) {
    s = fenced([&] { return from_rocks(db_->FlushWAL(/*sync=*/true), what); });
  }
  return s;
}

Status RocksEventLog::stopped_error(const Status& cause) {
  return Status::FailedPrecondition("event log stopped after a failed write or sync (" +
                                    cause.message() + "); reopen it");
}

Status RocksEventLog::fenced(const std::function<Status()>& wal_op) {
  std::lock_guard wal(wal_mu_);
  {
    std::lock_guard lock(head_mu_);
    if (!write_error_.ok()) {
      return stopped_error(write_error_);
    }
  }
  Status s = wal_op();
  if (!s.ok()) {
    std::lock_guard lock(head_mu_);
    write_error_ = s;
    if (options_.logger) options_.logger->error("event log stopped: {}", s.to_string());
  }
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

LogStats RocksEventLog::stats() const {
  std::lock_guard lock(head_mu_);
  return stats_;
}

LogHead RocksEventLog::head() const {
  std::lock_guard lock(head_mu_);
  return head_;
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

Result<SignedCheckpoint> RocksEventLog::publish_signed_checkpoint(const CheckpointSigner& sign) {
  std::lock_guard lock(checkpoint_mu_);
  const LogHead now = head();
  auto last = signed_checkpoint(std::nullopt);
  if (last.ok() && last->head.size >= now.size) return *last;
  if (!last.ok() && !last.status().is_not_found()) return last.status();
  auto note = sign(now);
  if (!note.ok()) return note.status();
  rocksdb::WriteBatch batch;
  auto previous = checkpoint();
  if (!previous.ok() || previous->size < now.size) {
    batch.Put(meta_cf_, kCheckpointKey, encode_checkpoint(now));
  }
  batch.Put(meta_cf_, note_key(now.size), *note);
  // A checkpoint is a promise: it is synced even when appends are not.
  Status s = durable_write(&batch, "writing signed checkpoint", /*force_sync=*/true);
  if (!s.ok()) return s;
  if (options_.logger) {
    options_.logger->info("published signed checkpoint: size {}, root {}", now.size,
                          now.root.hex());
  }
  return SignedCheckpoint{now, *std::move(note)};
}

Result<SignedCheckpoint> RocksEventLog::signed_checkpoint(std::optional<uint64_t> size) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), meta_cf_));
  if (size) {
    it->Seek(note_key(*size));
  } else {
    it->SeekForPrev(note_key(UINT64_MAX));
  }
  if (!it->status().ok()) return from_rocks(it->status(), "reading signed checkpoints");
  const bool found = it->Valid() && it->key().starts_with(kNotePrefix) &&
                     it->key().size() == kNotePrefix.size() + 8 &&
                     (!size || it->key() == rocksdb::Slice(note_key(*size)));
  if (!found) {
    return Status::NotFound(size ? "no signed checkpoint of size " + std::to_string(*size)
                                 : std::string("no signed checkpoint was published"));
  }
  const uint64_t at = get_u64_be(it->key().ToStringView().substr(kNotePrefix.size()));
  auto root = root_at(at);
  if (!root.ok()) return root.status();
  return SignedCheckpoint{LogHead{at, *root}, it->value().ToString()};
}

Result<LogHead> RocksEventLog::backup(const std::string& dir) const {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) {
    return Status::AlreadyExists("backup: " + dir + " exists already; give a new folder");
  }
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db_.get(), &raw);
  if (!s.ok()) return Status::IOError("backup: " + s.ToString());
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush 0: the memtables are flushed first, so the copy holds every
  // acknowledged event in its tables, whatever the write-ahead log holds.
  s = checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0);
  if (!s.ok()) return Status::IOError("backup: writing " + dir + ": " + s.ToString());
  LogOptions copy_options;
  copy_options.create_if_missing = false;
  copy_options.logger = options_.logger;
  auto copy = EventLog::Open(copy_options, dir);  // the copy must open on its own
  if (!copy.ok()) return Status::Corruption("backup: the copy in " + dir + " does not open: " +
                                            copy.status().message());
  const LogHead head = (*copy)->head();
  if (options_.logger) {
    options_.logger->info("backup: {} holds the log at size {}, root {}", dir, head.size,
                          head.root.hex());
  }
  return head;
}

}  // namespace storage
}  // namespace auditgraph
