#include "src/ingest/bulk_ingest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>

#include "src/ingest/framing.h"
#include "src/ingest/scheme1_keys.h"

namespace auditgraph {
namespace {

constexpr size_t kBlockBytes = 8 << 20;
constexpr size_t kMaxQueuedChunks = 4;

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Reads up to `n` bytes, retrying short reads; returns bytes read, or -1 with errno.
ssize_t read_fully(int fd, char* buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t got = ::read(fd, buf + done, n - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return -1;
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return static_cast<ssize_t>(done);
}

}  // namespace

std::string RefusedEvent::message() const {
  // Appended piece by piece: g++ 12 misreports operator+ chains here (-Wrestrict, GCC 105329).
  std::string out = source;
  if (line) out.append(":").append(std::to_string(line));
  return out.append(": ").append(error.message());
}

namespace {
// A file is not a batch: only the per-event limits apply to it.
IngestLimits file_limits(IngestLimits limits) {
  limits.max_batch_events = SIZE_MAX;
  limits.max_batch_bytes = SIZE_MAX;
  return limits;
}
}  // namespace

BulkIngest::BulkIngest(EventLog* log, BulkIngestOptions options)
    : log_(log),
      options_(std::move(options)),
      parser_(file_limits(options_.limits), options_.clock) {
  if (log_) appender_ = std::thread([this] { appender_loop(); });
}

BulkIngest::~BulkIngest() { finish(); }

void BulkIngest::expect_files(const std::vector<std::string>& paths) {
  for (const auto& p : paths) {
    struct stat st {};
    if (p != "-" && ::stat(p.c_str(), &st) == 0) summary_.bytes_total += st.st_size;
  }
}

void BulkIngest::on_event(const std::string& source, size_t line, Event* event,
                          const IngestError* error) {
  ++summary_.events;
  if (error) {
    ++summary_.refused;
    ++summary_.refused_by_reason[error->reason];
    if (summary_.errors.size() < options_.max_errors_kept)
      summary_.errors.push_back({source, line, *error});
    return;
  }
  if (!log_) {
    ++summary_.validated;
    return;
  }
  chunk_.push_back(std::move(*event));
  if (chunk_.size() >= options_.chunk_events) queue_chunk();
}

void BulkIngest::queue_chunk() {
  if (chunk_.empty()) return;
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return queue_.size() < kMaxQueuedChunks || !log_status_.ok(); });
  queue_.push_back(std::move(chunk_));
  chunk_.clear();
  chunk_.reserve(options_.chunk_events);
  cv_.notify_all();
}

void BulkIngest::appender_loop() {
  // Two chunks in flight, in file order: while one is written and synced, the next is encoded
  // (start_append does that on this thread) and queued behind it.
  struct InFlight {
    std::vector<Event> batch;                // moving it keeps its buffer, so the span stays
    std::unique_ptr<PendingAppend> pending;  // null once the log has failed
  };
  auto settle = [this](InFlight* chunk) {
    if (!chunk->pending) return;  // not appended: the log had already failed
    auto appended = chunk->pending->wait();
    std::lock_guard lock(mu_);
    if (!appended.ok()) {
      if (log_status_.ok()) log_status_ = appended.status();
    } else {
      for (const auto& a : *appended) (a.duplicate ? summary_.duplicates : summary_.written)++;
    }
  };
  std::optional<InFlight> previous;
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return !queue_.empty() || closing_; });
    if (queue_.empty()) break;
    InFlight next{std::move(queue_.front()), nullptr};
    queue_.pop_front();
    const bool log_ok = log_status_.ok();
    lock.unlock();
    cv_.notify_all();
    if (log_ok) {
      Status matched = ingest::match_scheme1_retries(*log_, next.batch);
      if (matched.ok()) {
        next.pending = log_->start_append(next.batch);
      } else {
        lock.lock();
        if (log_status_.ok()) log_status_ = matched;
        lock.unlock();
        cv_.notify_all();
      }
    }
    if (previous) settle(&*previous);
    previous = std::move(next);
    lock.lock();
  }
  lock.unlock();
  if (previous) settle(&*previous);
}

void BulkIngest::maybe_progress() {
  if (!progress_) return;
  const int64_t t = now_ns();
  if (t - last_progress_ns_ < 100'000'000) return;
  last_progress_ns_ = t;
  std::lock_guard lock(mu_);
  progress_(summary_);
}

Status BulkIngest::add_file(const std::string& path) {
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(path + ": " + std::strerror(errno));
  Status s = process_stream(fd, path);
  if (!is_stdin) ::close(fd);
  {
    std::lock_guard lock(mu_);
    if (!log_status_.ok()) return log_status_;
  }
  return s;
}

Status BulkIngest::process_stream(int fd, const std::string& source) {
  std::string buf;
  size_t line_number = 0;  // lines consumed before buf
  size_t index = 0;        // events seen in this file
  bool ndjson = false, decided = false;
  for (;;) {
    const size_t old = buf.size();
    buf.resize(old + kBlockBytes);
    ssize_t got = read_fully(fd, buf.data() + old, kBlockBytes);
    if (got < 0) return Status::IOError(source + ": " + std::strerror(errno));
    buf.resize(old + static_cast<size_t>(got));
    summary_.bytes_done += static_cast<uint64_t>(got);
    const bool eof = got == 0 || static_cast<size_t>(got) < kBlockBytes;
    if (!decided) {
      // Decide once the first line is whole (or the file ended).
      if (buf.find('\n') == std::string::npos && !eof) continue;
      ndjson = parser_.detect_framing(buf) == Framing::kNdjson;
      decided = true;
    }
    if (!ndjson) {
      if (!eof) continue;  // a JSON document is parsed whole
      auto error = parser_.for_each(buf, Framing::kJson, options_.format,
                                    [&](size_t, Event* e, const IngestError* err) {
                                      on_event(source, 0, e, err);
                                      maybe_progress();
                                    });
      if (error) on_event(source, 0, nullptr, &*error);
      break;
    }
    // NDJSON: every whole line now; the partial last line waits for the next block.
    size_t end = eof ? buf.size() : buf.rfind('\n');
    if (end == std::string::npos) end = 0;
    std::string_view whole_lines(buf.data(), eof ? buf.size() : end + 1);
    for (const ingest::Line& line : ingest::split_lines(whole_lines)) {
      Event event;
      auto error = parser_.parse_event(line.text, index, options_.format, event);
      on_event(source, line_number + line.number, error ? nullptr : &event,
               error ? &*error : nullptr);
      ++index;
    }
    line_number += static_cast<size_t>(std::count(whole_lines.begin(), whole_lines.end(), '\n'));
    maybe_progress();
    if (eof) break;
    buf.erase(0, whole_lines.size());
  }
  return Status::Ok();
}

Status BulkIngest::finish() {
  queue_chunk();
  if (appender_.joinable()) {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
    }
    cv_.notify_all();
    appender_.join();
  }
  std::lock_guard lock(mu_);
  return log_status_;
}

}  // namespace auditgraph
