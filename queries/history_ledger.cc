#include "queries/history_ledger.h"

#include <algorithm>
#include <deque>
#include <map>
#include <tuple>

#include "queries/lineage_graph.h"  // dataset_id
#include "storage/keys.h"

namespace auditgraph::queries {
namespace {

using storage::get_u64_be;
using storage::put_u64_be;

// The marker of every family. Builds with only access_by_dataset kept theirs under
// "access_by_dataset": such a store has no "history/2", so it is cleared and rebuilt.
constexpr std::string_view kMarkerKey = "history/2";
constexpr std::string_view kOlderMarkerKey = "access_by_dataset";
// Buffered records written at once; and how far the marker may lag behind the events added
// without a record among them, so a restart does not re-read a long stretch of the log.
constexpr size_t kFlushRecords = 4096;
constexpr uint64_t kFlushLag = 1 << 17;

std::string dataset_prefix(const std::string& id) {
  std::string k;
  const auto n = static_cast<uint32_t>(id.size());
  for (int shift = 24; shift >= 0; shift -= 8) k.push_back(static_cast<char>(n >> shift));
  k.append(id);
  return k;
}

// Event times order as unsigned big-endian bytes once the sign bit is flipped.
void put_time(std::string* out, Timestamp t) {
  put_u64_be(out, static_cast<uint64_t>(t.unix_nanos) ^ (uint64_t{1} << 63));
}
Timestamp get_time(std::string_view in) {
  return Timestamp{static_cast<int64_t>(get_u64_be(in) ^ (uint64_t{1} << 63))};
}

struct Record {
  Timestamp time;
  uint64_t seq;
  AccessRecorded::Mode mode;
  PrincipalRef principal;
};

// Calls fn(record) for each record of the dataset ids in [from, to) with seq < size, in key
// order per id; stops when fn returns false.
template <typename Fn>
Status each_record(const HistoryStore& store, const std::vector<std::string>& dataset,
                   Timestamp from, Timestamp to, uint64_t size, Fn fn) {
  bool go_on = true;
  for (const std::string& id : dataset) {
    const std::string prefix = dataset_prefix(id);
    std::string lo = prefix, hi = prefix;
    put_time(&lo, from);
    put_time(&hi, to);
    Status decoded;
    Status s = store.scan(HistoryFamily::kAccessByDataset, lo, hi,
                          [&](std::string_view key, std::string_view value) {
      if (key.size() != prefix.size() + 16 || value.size() < 2 ||
          static_cast<uint8_t>(value[0]) > static_cast<uint8_t>(AccessRecorded::Mode::kWrite) ||
          static_cast<uint8_t>(value[1]) > static_cast<uint8_t>(PrincipalRef::Kind::kService)) {
        decoded = Status::Corruption("history: access record of " + id + " is malformed");
        return false;
      }
      Record r{get_time(key.substr(prefix.size())), get_u64_be(key.substr(prefix.size() + 8)),
               static_cast<AccessRecorded::Mode>(value[0]),
               {static_cast<PrincipalRef::Kind>(value[1]), std::string(value.substr(2))}};
      if (r.seq >= size) return true;
      go_on = fn(r);
      return go_on;
    });
    if (!s.ok()) return s;
    if (!decoded.ok()) return decoded;
    if (!go_on) break;
  }
  return Status::Ok();
}

}  // namespace

Result<uint64_t> HistoryLedger::open() {
  auto marker = store_->get(HistoryFamily::kMeta, kMarkerKey);
  if (!marker.ok() && !marker.status().is_not_found()) return marker.status();
  complete_ = 0;
  bool trusted = marker.ok() && marker->size() == 8 + 32;
  const uint64_t size = trusted ? get_u64_be(*marker) : 0;
  if (trusted && log_) {
    auto root = size <= log_->head().size ? log_->root_at(size) : Result<Hash>(Status::NotFound(""));
    trusted = root.ok() && root->view() == std::string_view(*marker).substr(8);
  }
  bool stale = marker.ok() && !trusted;  // a marker the log does not bear out
  if (!marker.ok()) {
    // No marker: a new store (nothing to clear: every write carries the marker, so another
    // index writing beside this one has written nothing yet), or one an older build wrote.
    auto older = store_->get(HistoryFamily::kMeta, kOlderMarkerKey);
    if (!older.ok() && !older.status().is_not_found()) return older.status();
    stale = older.ok();
  }
  if (trusted) {
    complete_ = size;
  } else if (stale) {
    if (Status s = store_->clear(); !s.ok()) return s;
  }
  applied_ = complete_;
  return complete_;
}

Status HistoryLedger::add(const Event& event) {
  applied_ = event.seq + 1;
  if (event.seq < complete_) return Status::Ok();
  if (const auto* a = std::get_if<AccessRecorded>(&event.payload)) {
    HistoryStore::Put put{HistoryFamily::kAccessByDataset, dataset_prefix(dataset_id(a->dataset)),
                          {}};
    put_time(&put.key, event.event_time);
    put_u64_be(&put.key, event.seq);
    put.value.push_back(static_cast<char>(a->mode));
    put.value.push_back(static_cast<char>(a->principal.kind));
    put.value.append(a->principal.name);
    pending_.push_back(std::move(put));
  }
  if (event.raw.format == RawEvent::Format::kOpenLineage) {
    HistoryStore::Put put{HistoryFamily::kLineageByTime, {}, {}};
    put_time(&put.key, event.event_time);
    put_u64_be(&put.key, event.seq);
    pending_.push_back(std::move(put));
  }
  if (pending_.size() >= kFlushRecords || applied_ - complete_ >= kFlushLag) return flush();
  return Status::Ok();
}

Status HistoryLedger::flush() {
  if (applied_ <= complete_) return Status::Ok();
  HistoryStore::Put marker{HistoryFamily::kMeta, std::string(kMarkerKey), {}};
  put_u64_be(&marker.value, applied_);
  if (log_) {
    auto root = log_->root_at(applied_);
    if (!root.ok()) return root.status();
    marker.value.append(root->view());
  } else {
    marker.value.append(32, '\0');  // no log: nothing to check it against
  }
  pending_.push_back(std::move(marker));
  if (Status s = store_->write(pending_); !s.ok()) {
    pending_.pop_back();  // the records stay buffered: a later flush must still write them
    return s;
  }
  pending_.clear();
  complete_ = applied_;
  return Status::Ok();
}

Result<AccessHistory> HistoryLedger::history(const std::vector<std::string>& dataset,
                                            Timestamp from, Timestamp to, uint64_t size) const {
  std::vector<Record> in_period;
  Status s = each_record(*store_, dataset, from, to, size, [&](Record r) {
    in_period.push_back(std::move(r));
    return true;
  });
  if (!s.ok()) return s;
  std::sort(in_period.begin(), in_period.end(), [](const Record& a, const Record& b) {
    return std::tie(a.time, a.seq) < std::tie(b.time, b.seq);
  });
  AccessHistory h;
  std::map<std::tuple<uint8_t, std::string>, AccessHistory::PerPrincipal> per;
  for (const Record& r : in_period) {
    h.seqs.push_back(r.seq);
    auto& p = per[{static_cast<uint8_t>(r.principal.kind), r.principal.name}];
    p.principal = r.principal;
    (r.mode == AccessRecorded::Mode::kRead ? p.reads : p.writes)++;
    p.last = std::max(p.last, r.time);
  }
  for (auto& [key, p] : per) h.principals.push_back(std::move(p));
  std::stable_sort(h.principals.begin(), h.principals.end(),
                   [](const auto& a, const auto& b) { return a.principal.name < b.principal.name; });
  return h;
}

Result<bool> HistoryLedger::read_between(const std::vector<std::string>& dataset, Timestamp from,
                                        Timestamp to, uint64_t size) const {
  bool read = false;
  Status s = each_record(*store_, dataset, from, to, size, [&](const Record& r) {
    read = r.mode == AccessRecorded::Mode::kRead;
    return !read;
  });
  if (!s.ok()) return s;
  return read;
}

Result<LineageEventsPage> HistoryLedger::lineage_events(const LineageEventsQuery& query,
                                                       uint64_t size) const {
  LineageEventsPage page;
  page.at = size;
  if (query.after && query.before && !(*query.after < *query.before)) return page;  // none
  std::string lo, hi;  // "": unbounded
  if (query.after) put_time(&lo, *query.after);
  if (query.before) put_time(&hi, *query.before);
  // Ascending, the page is the keys from offset on; descending, the last offset + limit keys
  // seen (a window), read back to front.
  const size_t window = query.limit > SIZE_MAX - query.offset ? SIZE_MAX : query.offset + query.limit;
  std::deque<uint64_t> last;
  Status decoded;
  Status s = store_->scan(HistoryFamily::kLineageByTime, lo, hi,
                          [&](std::string_view key, std::string_view) {
    if (key.size() != 16) {
      decoded = Status::Corruption("history: a lineage_by_time key is not 16 bytes");
      return false;
    }
    const uint64_t seq = get_u64_be(key.substr(8));
    if (seq >= size) return true;
    if (query.ascending) {
      if (page.total >= query.offset && page.seqs.size() < query.limit) page.seqs.push_back(seq);
    } else if (window > 0) {
      if (last.size() == window) last.pop_front();
      last.push_back(seq);
    }
    ++page.total;
    return true;
  });
  if (!s.ok()) return s;
  if (!decoded.ok()) return decoded;
  if (!query.ascending) {
    for (auto it = last.rbegin(); it != last.rend(); ++it) {
      const auto from_newest = static_cast<size_t>(it - last.rbegin());
      if (from_newest >= query.offset) page.seqs.push_back(*it);
    }
  }
  return page;
}

}  // namespace auditgraph::queries
