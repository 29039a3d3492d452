// Marquez's search, over the catalog's search (ids, domains, owners, column tags; principals
// are not Marquez results and are left out):
//   GET /api/v1/search?q=&filter=DATASET|JOB&sort=NAME|UPDATE_AT&limit=&namespace=&before=&after=
//   GET /api/v2beta/search/jobs?q=, GET /api/v2beta/search/datasets?q=
// Answers {"totalCount", "results": [{"type", "name", "updatedAt", "namespace", "nodeId"}]}.
#include <httplib.h>

#include <algorithm>
#include <limits>

#include "auditgraph/ingest.h"
#include "src/event_json.h"
#include "src/server/http_server.h"
#include "src/server/http_util.h"
#include "src/server/marquez_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

struct Hit {
  bool job = false;
  std::string id, ns, name;
  uint64_t first_seq = 0;
  std::optional<Timestamp> updated_at;  // none: when it was first recorded
  json updated;                         // filled outside the index lock
};

// "YYYY-MM-DD" as the start of that day (UTC); InvalidArgument naming the parameter.
Result<std::optional<Timestamp>> day_param(const httplib::Request& req, const std::string& name) {
  if (!req.has_param(name.c_str())) return std::optional<Timestamp>();
  const std::string text = req.get_param_value(name.c_str());
  const auto t = parse_rfc3339(text + "T00:00:00Z");
  if (text.size() != 10 || !t) {
    return Status::InvalidArgument(name + ": '" + text + "' is not a date YYYY-MM-DD");
  }
  return std::optional<Timestamp>(*t);
}

// `only`: "DATASET", "JOB" or "" for both.
void search(Engine& engine, const httplib::Request& req, httplib::Response& res,
            std::string only) {
  auto q = http::required_param(req, "q");
  if (!q.ok()) return marquez::error(res, q.status());
  if (only.empty() && req.has_param("filter")) only = req.get_param_value("filter");
  if (!only.empty() && only != "DATASET" && only != "JOB") {
    return marquez::error(res, 400, "filter: '" + only + "' is not DATASET or JOB");
  }
  const std::string sort = http::param_or(req, "sort", "UPDATE_AT");
  if (sort != "NAME" && sort != "UPDATE_AT") {
    return marquez::error(res, 400, "sort: '" + sort + "' is not NAME or UPDATE_AT");
  }
  auto limit = http::uint_param(req, "limit", marquez::kMaxLimit);
  if (!limit.ok()) return marquez::error(res, limit.status());
  auto before = day_param(req, "before");
  if (!before.ok()) return marquez::error(res, before.status());
  auto after = day_param(req, "after");
  if (!after.ok()) return marquez::error(res, after.status());
  const std::string ns = http::param_or(req, "namespace", "");

  std::vector<Hit> hits = engine.with_index([&](const Index& index) {
    SearchQuery query;
    query.text = *q;
    query.limit = std::numeric_limits<size_t>::max();
    std::vector<Hit> out;
    for (const SearchHit& h : index.search(query).hits) {
      if (h.kind == SearchHit::Kind::kPrincipal) continue;
      Hit hit;
      hit.job = h.kind == SearchHit::Kind::kJob;
      if (!only.empty() && hit.job != (only == "JOB")) continue;
      hit.id = h.id;
      if (hit.job) {
        auto j = index.job(h.id);
        if (!j.ok()) continue;  // the search just named it under the same lock
        hit.ns = j->ref.ns, hit.name = j->ref.name, hit.first_seq = j->first_seq;
        if (j->latest_run) hit.updated_at = j->latest_run->completed_at.value_or(j->latest_run->started_at);
      } else {
        auto d = index.dataset(h.id);
        if (!d.ok()) continue;  // as above
        hit.ns = d->ref.ns, hit.name = d->ref.name, hit.first_seq = d->first_seq;
        hit.updated_at = d->last_modified_at;
      }
      if (!ns.empty() && hit.ns != ns) continue;
      out.push_back(std::move(hit));
    }
    return out;
  });
  // Times from the log, outside the index lock; then the date filters and the order.
  std::vector<Hit> kept;
  for (auto& h : hits) {
    if (!h.updated_at) h.updated_at = marquez::recorded_at(engine.log(), h.first_seq);
    if (*before && (!h.updated_at || !(*h.updated_at < **before))) continue;
    if (*after && (!h.updated_at || *h.updated_at < **after)) continue;
    kept.push_back(std::move(h));
  }
  std::stable_sort(kept.begin(), kept.end(), [&](const Hit& a, const Hit& b) {
    if (sort == "NAME") return a.name < b.name;
    return b.updated_at < a.updated_at;  // newest first
  });
  json results = json::array();
  for (const auto& h : kept) {
    if (results.size() >= limit->value_or(marquez::kDefaultLimit)) break;
    results.push_back({{"type", h.job ? "JOB" : "DATASET"},
                       {"name", h.name},
                       {"updatedAt", marquez::time_or_null(h.updated_at)},
                       {"namespace", h.ns},
                       {"nodeId", h.id}});
  }
  http::reply_json(res, 200, {{"totalCount", kept.size()}, {"results", std::move(results)}});
}

}  // namespace

void add_marquez_search_routes(HttpServer& server) {
  Engine& engine = server.engine();
  server.route("GET", "/api/v1/search", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 search(engine, req, res, "");
               });
  server.route("GET", "/api/v2beta/search/jobs", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 search(engine, req, res, "JOB");
               });
  server.route("GET", "/api/v2beta/search/datasets", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 search(engine, req, res, "DATASET");
               });
}

}  // namespace auditgraph
