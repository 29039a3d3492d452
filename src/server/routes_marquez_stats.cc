// Marquez's dashboard counts over time, [{"startInterval", "endInterval", "count"}] oldest
// first:
//   GET /api/v1/stats/lineage-events?period=DAY|WEEK&timezone=   OpenLineage events recorded
//   GET /api/v1/stats/jobs, /datasets, /sources (same parameters)  first recorded in each interval
// DAY is the last 24 hours by the hour, ending with the current hour; WEEK the last 7 days by
// the day, ending with today. `timezone` places the boundaries: UTC (the default), GMT, Z, or a
// fixed offset +HH:MM / -HH:MM (zone names such as Europe/Berlin are refused: g++ 12's library
// has no time zone database).
// Times are the log's (recorded_at), which never goes backwards, so an interval is a range of
// seqs found by binary search; a source is a namespace that holds datasets.
#include <httplib.h>

#include <algorithm>
#include <limits>

#include "src/event_json.h"
#include "src/server/http_server.h"
#include "src/server/http_util.h"
#include "src/server/marquez_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kHour = 3600 * kSecond;
constexpr int64_t kDay = 24 * kHour;

// The offset from UTC in nanoseconds; InvalidArgument naming the parameter.
Result<int64_t> zone_offset(const std::string& zone) {
  if (zone.empty() || zone == "UTC" || zone == "GMT" || zone == "Z" || zone == "Etc/UTC") return 0;
  const bool sign_ok = zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':';
  auto digits = [&](size_t at) {
    return std::isdigit(static_cast<unsigned char>(zone[at])) &&
           std::isdigit(static_cast<unsigned char>(zone[at + 1]));
  };
  if (sign_ok && digits(1) && digits(4)) {
    const int64_t h = std::stoi(zone.substr(1, 2)), m = std::stoi(zone.substr(4, 2));
    if (h <= 14 && m < 60) return (zone[0] == '-' ? -1 : 1) * (h * kHour + m * 60 * kSecond);
  }
  return Status::InvalidArgument("timezone: '" + zone +
                                 "' is not UTC or a fixed offset +HH:MM (zone names are not "
                                 "supported)");
}

// The interval boundaries, oldest first: 25 hourly (DAY) or 8 daily (WEEK) instants.
Result<std::vector<Timestamp>> boundaries(const httplib::Request& req, Timestamp now) {
  const std::string period = http::param_or(req, "period", "DAY");
  if (period != "DAY" && period != "WEEK") {
    return Status::InvalidArgument("period: '" + period + "' is not DAY or WEEK");
  }
  auto offset = zone_offset(http::param_or(req, "timezone", "UTC"));
  if (!offset.ok()) return offset.status();
  const int64_t step = period == "DAY" ? kHour : kDay;
  const size_t count = period == "DAY" ? 24 : 7;
  // The end of the current hour or day, in local time, back in UTC.
  const int64_t local = now.unix_nanos + *offset;
  const int64_t floor = local - ((local % step) + step) % step;
  const int64_t end = floor + step - *offset;
  std::vector<Timestamp> out;
  for (size_t i = 0; i <= count; ++i) {
    out.push_back({end - static_cast<int64_t>(count - i) * step});
  }
  return out;
}

// The first seq recorded at or after `t` (the log's size when none is).
Result<uint64_t> first_seq_at(const EventLog& log, uint64_t size, Timestamp t) {
  uint64_t lo = 0, hi = size;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    auto e = log.read(mid);
    if (!e.ok()) return e.status();
    if (e->recorded_at < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

json intervals(const std::vector<Timestamp>& at, const std::vector<size_t>& counts) {
  json out = json::array();
  for (size_t i = 0; i + 1 < at.size(); ++i) {
    out.push_back({{"startInterval", format_rfc3339(at[i])},
                   {"endInterval", format_rfc3339(at[i + 1])},
                   {"count", counts[i]}});
  }
  return out;
}

enum class What : uint8_t { kEvents, kJobs, kDatasets, kSources };

void stats(Engine& engine, const httplib::Request& req, httplib::Response& res, What what) {
  auto at = boundaries(req, engine.clock().now());
  if (!at.ok()) return marquez::error(res, at.status());
  const EventLog& log = engine.log();
  const uint64_t size = log.head().size;
  std::vector<uint64_t> seq_at;  // seq_at[i]: the first seq recorded at or after at[i]
  for (const Timestamp& t : *at) {
    auto seq = first_seq_at(log, size, t);
    if (!seq.ok()) return marquez::error(res, seq.status());
    seq_at.push_back(*seq);
  }
  std::vector<size_t> counts(at->size() - 1, 0);
  auto count_seq = [&](uint64_t seq) {
    // The interval i with seq_at[i] <= seq < seq_at[i + 1].
    auto it = std::upper_bound(seq_at.begin(), seq_at.end(), seq);
    if (it == seq_at.begin() || it == seq_at.end()) return;  // before the first or after the last
    ++counts[static_cast<size_t>(it - seq_at.begin()) - 1];
  };
  if (what == What::kEvents) {
    const Status scanned = log.scan(seq_at.front(), seq_at.back(), [&](const Event& e) {
      if (e.raw.format == RawEvent::Format::kOpenLineage) count_seq(e.seq);
      return true;
    });
    if (!scanned.ok()) return marquez::error(res, scanned);
    return http::reply_json(res, 200, intervals(*at, counts));
  }
  engine.with_index([&](const Index& index) {
    const Index::FirstSeen seen =
        index.first_seen(what == What::kJobs ? NodeKind::kJob : NodeKind::kDataset);
    // A source is a namespace that holds datasets, new with its first dataset.
    for (uint64_t seq : what == What::kSources ? seen.namespaces : seen.nodes) count_seq(seq);
  });
  http::reply_json(res, 200, intervals(*at, counts));
}

}  // namespace

void add_marquez_stats_routes(HttpServer& server) {
  Engine& engine = server.engine();
  for (auto [path, what] : {std::pair{"lineage-events", What::kEvents},
                            {"jobs", What::kJobs},
                            {"datasets", What::kDatasets},
                            {"sources", What::kSources}}) {
    const std::string route = std::string("/api/v1/stats/") + path;
    server.route("GET", route, Access::kQuery,
                 [&engine, what = what](const httplib::Request& req, httplib::Response& res,
                                        RequestContext&) { stats(engine, req, res, what); });
  }
}

}  // namespace auditgraph
