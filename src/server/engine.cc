#include "src/server/engine.h"

#include "src/open_index.h"

namespace auditgraph {
namespace {

const DatasetRef kAuditLogDataset{"auditgraph", "log"};

}  // namespace

Result<std::unique_ptr<Engine>> Engine::Open(const std::string& dir, EngineOptions options) {
  LogOptions log_options = options.log;
  log_options.create_if_missing = true;
  auto opened = open_index(dir, log_options);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<CheckpointPublisher> publisher;
  if (options.signing_key) {
    PublisherOptions publisher_options = options.publisher;
    if (!publisher_options.logger) publisher_options.logger = options.log.logger;
    auto created =
        CheckpointPublisher::Create(*opened->log, *options.signing_key, publisher_options);
    if (!created.ok()) return created.status();
    publisher = std::move(*created);
  }
  auto engine = std::unique_ptr<Engine>(
      new Engine(std::move(options), std::move(opened->log), std::move(opened->index),
                 dir + "/" + kIndexSnapshotFile, std::move(publisher)));
  if (engine->publisher_) {
    engine->publisher_->start();
    engine->publisher_->poke();  // a first checkpoint of the head as it was opened
  }
  return engine;
}

Engine::Engine(EngineOptions options, std::unique_ptr<EventLog> log, std::unique_ptr<Index> index,
               std::string snapshot_path, std::unique_ptr<CheckpointPublisher> publisher)
    : options_(std::move(options)),
      clock_(options_.log.clock ? options_.log.clock : &system_clock_),
      log_(std::move(log)),
      publisher_(std::move(publisher)),
      index_(std::move(index)),
      snapshot_path_(std::move(snapshot_path)) {
  indexer_ = std::thread([this] { indexer(); });
}

Engine::~Engine() {
  {
    std::lock_guard lock(wake_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  indexer_.join();
  ingestors_.clear();  // they hold the log
  index_.reset();
}

void Engine::indexer() {
  constexpr uint64_t kPerTurn = 4096;  // events applied per hold of the index lock
  std::unique_lock wake(wake_mu_);
  while (true) {
    wake_.wait(wake, [&] { return written_ || stopping_; });
    if (stopping_) return;
    written_ = false;
    wake.unlock();
    uint64_t applied = 0;
    do {
      std::lock_guard lock(index_mu_);
      applied = catch_up_locked(kPerTurn);
    } while (applied == kPerTurn);
    wake.lock();
  }
}

Result<IngestReceipt> Engine::ingest(std::string_view text, Framing framing, IngestFormat format) {
  std::unique_ptr<Ingestor> ingestor = take_ingestor();
  auto receipt = ingestor->ingest(text, framing, format);
  give_back(std::move(ingestor));
  if (receipt.ok() && receipt->errors.empty() && receipt->written() > 0) written();
  return receipt;
}

void Engine::written() {
  {
    std::lock_guard lock(wake_mu_);
    written_ = true;
  }
  wake_.notify_one();
  if (publisher_) publisher_->poke();
}

Status Engine::record_query(const Caller& caller, const std::string& node,
                            const std::string& what) {
  AccessRecorded access;
  access.principal = {PrincipalRef::Kind::kUser, caller.principal};
  access.mode = AccessRecorded::Mode::kRead;
  access.engine = "auditgraph-http";
  access.query_id = what;
  // The parts put back together give the same id, so the record is found under the node.
  const auto parts = split_node_id(node);
  if (parts && parts->kind != NodeKind::kJob) {
    access.dataset = {parts->ns, parts->name};
    if (parts->kind == NodeKind::kColumn) access.columns.push_back(parts->field);
  } else {
    access.dataset = kAuditLogDataset;
  }
  const bool about_log = access.dataset == kAuditLogDataset;
  std::vector<Event> batch;
  if (about_log && !log_declared_.load()) {
    // The log is a dataset of its own, declared once (the key makes a repeat, after a restart,
    // a no-op), so that it has an owner and a known origin like every other dataset.
    Event d;
    d.event_time = clock_->now();
    d.actor = "auditgraph";
    d.producer = "auditgraph-http";
    d.idempotency_key = "auditgraph:declare:auditgraph:log";
    DatasetDeclared declared;
    declared.dataset = kAuditLogDataset;
    declared.domain = "audit";
    declared.owners = {Owner{"auditgraph", "engine"}};
    declared.description = "the audit log itself: queries about the log as a whole read it";
    d.payload = std::move(declared);
    batch.push_back(std::move(d));
  }
  Event e;
  e.event_time = clock_->now();
  e.actor = caller.principal;
  e.producer = "auditgraph-http";
  e.payload = std::move(access);
  batch.push_back(std::move(e));
  auto appended = log_->append(batch);
  if (!appended.ok()) return appended.status();
  if (about_log) log_declared_ = true;
  if (publisher_) publisher_->poke();  // the next query indexes it
  return Status::Ok();
}

Status Engine::save_snapshot() {
  std::lock_guard lock(index_mu_);
  catch_up_locked();
  return index_->save_snapshot(snapshot_path_);
}

uint64_t Engine::catch_up_locked(uint64_t max) {
  const LogHead head = log_->head();
  const uint64_t from = index_->head().size;
  if (from >= head.size) return 0;
  const uint64_t to = head.size - from > max ? from + max : head.size;
  Status failed;
  LogHead last = head;  // the index's head after the last event applied
  if (to < head.size) {
    auto root = log_->root_at(to);
    if (root.ok()) last = {to, *root};
    else failed = root.status();
  }
  if (failed.ok()) {
    LogHead running = index_->head();
    Status s = log_->scan(from, to, [&](const Event& e) {
      running.size = e.seq + 1;
      failed = index_->add(e, e.seq + 1 == to ? last : running);
      return failed.ok();
    });
    if (!s.ok()) failed = s;
  }
  if (failed.ok()) {
    stuck_ = Status::Ok();
    return to - from;
  }
  // The log was verified on open and only this process writes it, so this is a read failure or
  // a bug. Answers would be as of the last event indexed: index_status() says so instead.
  const uint64_t at = index_->head().size;
  stuck_ = Status::IOError("index: stuck at log size " + std::to_string(at) + " of " +
                           std::to_string(head.size) + " (" + failed.message() +
                           "); queries are not answered from a stale index");
  if (options_.log.logger && stuck_at_ != at) {
    stuck_at_ = at;  // said once per position
    options_.log.logger->error("index: cannot catch up with the log: {}", failed.to_string());
  }
  return 0;
}

Status Engine::index_status() {
  std::lock_guard lock(index_mu_);
  catch_up_locked();
  return stuck_;
}

std::unique_ptr<Ingestor> Engine::take_ingestor() {
  {
    std::lock_guard lock(pool_mu_);
    if (!ingestors_.empty()) {
      auto out = std::move(ingestors_.back());
      ingestors_.pop_back();
      return out;
    }
  }
  return std::make_unique<Ingestor>(*log_, options_.limits, clock_);
}

void Engine::give_back(std::unique_ptr<Ingestor> ingestor) {
  std::lock_guard lock(pool_mu_);
  ingestors_.push_back(std::move(ingestor));
}

}  // namespace auditgraph
