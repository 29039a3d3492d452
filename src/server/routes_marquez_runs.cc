// Marquez's routes over runs and the raw events, from the run model and the log:
//   GET /api/v1/jobs?limit=&offset=&runState=       jobs of every namespace, by id
//   GET /api/v1/jobs/runs/{id}                      one run
//   GET /api/v1/jobs/runs/{id}/facets?type=run|job  the facets its events carried, merged
//   GET /api/v1/events/lineage?before=&after=&limit=&offset=&sortDirection=
//                                                   the OpenLineage events as received
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
using marquez::Reply;

constexpr size_t kAll = std::numeric_limits<size_t>::max();

void all_jobs(Engine& engine, const httplib::Request& req, httplib::Response& res) {
  auto page = marquez::paging(req);
  if (!page.ok()) return marquez::error(res, page.status());
  const auto [limit, offset] = *page;
  const std::string state = http::param_or(req, "runState", "");
  static const std::vector<std::string> kStates{"NEW", "RUNNING", "COMPLETED", "FAILED",
                                                "ABORTED"};
  if (!state.empty() && std::find(kStates.begin(), kStates.end(), state) == kStates.end()) {
    return marquez::error(res, 400,
                          "runState: '" + state +
                              "' is not NEW, RUNNING, COMPLETED, FAILED or ABORTED");
  }
  const EventLog& log = engine.log();
  const Reply reply = engine.with_index([&](const Index& index) -> Reply {
    std::vector<CatalogJob> page;
    size_t total = 0;
    for (const auto& ns : index.namespaces()) {
      if (state.empty()) {
        // Without a filter only the page's jobs are built: the others are counted.
        const size_t in_ns = index.jobs(ns, 0, 0).total;
        if (total + in_ns > offset && page.size() < limit) {
          const size_t from = offset > total ? offset - total : 0;
          for (auto& j : index.jobs(ns, limit - page.size(), from).items) page.push_back(std::move(j));
        }
        total += in_ns;
        continue;
      }
      // The state of each one's latest run decides: every job is built.
      for (auto& j : index.jobs(ns, kAll, 0).items) {
        if (!j.latest_run || marquez::run_state(j.latest_run->state) != state) continue;
        if (total >= offset && page.size() < limit) page.push_back(std::move(j));
        ++total;
      }
    }
    return [&res, &log, total, page = std::move(page)] {
      json items = json::array();
      for (const auto& j : page) items.push_back(marquez::job_json(log, j, true));
      http::reply_json(res, 200, {{"totalCount", total}, {"jobs", std::move(items)}});
    };
  });
  reply();
}

// /api/v1/jobs/runs/{id}[/facets]
void run_routes(Engine& engine, const httplib::Request& req, httplib::Response& res) {
  const std::vector<std::string> seg = marquez::segments(req);  // api v1 jobs runs id [facets]
  if (seg.size() < 5 || seg.size() > 6 || (seg.size() == 6 && seg[5] != "facets")) {
    return marquez::error(res, 404, "no route for " + req.path);
  }
  const std::string& id = seg[4];
  const bool facets = seg.size() == 6;
  std::string type;
  if (facets) {
    type = http::param_or(req, "type", "");
    if (type != "run" && type != "job") {
      return marquez::error(res, 400, "type: '" + type + "' is not run or job");
    }
  }
  auto run = engine.with_index([&](const Index& index) { return index.run(id); });
  if (!run.ok()) return marquez::error(res, 404, "Run '" + id + "' not found.");
  if (!facets) return http::reply_json(res, 200, marquez::run_json(*run));
  // The run's events in log order: a facet sent again later replaces the earlier one, as
  // Marquez keeps a run's latest facets.
  json merged = json::object();
  for (uint64_t seq : run->seqs) {
    auto event = engine.log().read(seq);
    if (!event.ok()) return marquez::error(res, event.status());
    if (event->raw.format != RawEvent::Format::kOpenLineage) continue;  // no facets to give
    const json raw = json::parse(event->raw.bytes, nullptr, false);
    if (raw.is_discarded()) {
      return marquez::error(res, 500, "event " + std::to_string(seq) +
                                          ": the raw OpenLineage bytes kept do not parse as JSON");
    }
    const json* holder = raw.contains(type) ? &raw[type] : nullptr;
    if (!holder || !holder->is_object() || !holder->contains("facets")) continue;
    const json& f = (*holder)["facets"];
    if (!f.is_object()) continue;  // the parser refuses such events; none reach the log
    for (const auto& [name, value] : f.items()) merged[name] = value;
  }
  http::reply_json(res, 200, {{"runId", id}, {"facets", std::move(merged)}});
}

void lineage_events(Engine& engine, const httplib::Request& req, httplib::Response& res) {
  auto page = marquez::paging(req);
  if (!page.ok()) return marquez::error(res, page.status());
  const auto [limit, offset] = *page;
  auto before = http::time_param(req, "before");
  if (!before.ok()) return marquez::error(res, before.status());
  auto after = http::time_param(req, "after");
  if (!after.ok()) return marquez::error(res, after.status());
  std::string direction = http::param_or(req, "sortDirection", "desc");
  for (char& c : direction) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (direction != "desc" && direction != "asc") {
    return marquez::error(res, 400, "sortDirection: '" + direction + "' is not asc or desc");
  }
  // Marquez answers from its lineage_events table; ours is the events-by-time history beside
  // the log (one key range), and the events' bytes are read from the log.
  LineageEventsQuery query;
  query.after = *after;
  query.before = *before;
  query.ascending = direction == "asc";
  query.limit = limit;
  query.offset = offset;
  auto found = engine.with_index([&](const Index& index) { return index.lineage_events(query); });
  if (!found.ok()) return marquez::error(res, found.status());
  const EventLog& log = engine.log();
  json events = json::array();
  for (uint64_t seq : found->seqs) {
    auto e = log.read(seq);
    if (!e.ok()) return marquez::error(res, e.status());
    json raw = json::parse(e->raw.bytes, nullptr, false);
    if (raw.is_discarded()) {
      return marquez::error(res, 500, "event " + std::to_string(seq) +
                                          ": the raw OpenLineage bytes kept do not parse as JSON");
    }
    events.push_back(std::move(raw));
  }
  http::reply_json(res, 200, {{"events", std::move(events)}, {"totalCount", found->total}});
}

}  // namespace

void add_marquez_run_routes(HttpServer& server) {
  Engine& engine = server.engine();
  server.route("GET", "/api/v1/jobs", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 all_jobs(engine, req, res);
               });
  server.route("GET", "/api/v1/jobs/runs/.+", "GET /api/v1/jobs/runs/{id}[/facets]",
               Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 run_routes(engine, req, res);
               });
  // Marquez's deprecated run writes (start, complete, fail, abort): runs come from events.
  server.route("POST", "/api/v1/jobs/runs/.+", "POST /api/v1/jobs/runs/{id}/...", Access::kIngest,
               [](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 marquez::error(res, 405,
                                "POST " + req.path +
                                    ": not served. Runs are made by OpenLineage events: post "
                                    "them to /api/v1/lineage.");
               });
  server.route("GET", "/api/v1/events/lineage", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 lineage_events(engine, req, res);
               });
}

}  // namespace auditgraph
