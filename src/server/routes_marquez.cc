// Marquez's namespace routes and sources, and the registration of every Marquez route group:
//   GET /api/v1/namespaces, /api/v1/namespaces/{ns}
//   GET /api/v1/namespaces/{ns}/datasets[/{name}[/versions[/{v}]]]
//   GET /api/v1/namespaces/{ns}/jobs[/{name}[/runs | /versions[/{v}]]]
//   PUT|POST|DELETE /api/v1/namespaces/{ns}/{datasets/{d}[/fields/{f}] | jobs/{j}}/tags/{t}
//   GET /api/v1/sources[/{name}]   (a source is a namespace that holds datasets)
// Marquez's other writes under /api/v1/namespaces/ (its deprecated PUTs of namespaces, datasets
// and jobs, and its DELETEs) are refused with 405: the log is append-only and written by events.
// Path segments are percent-decoded one by one (a namespace "s3://lake" arrives as
// s3:%2F%2Flake). Errors are {"code", "message"} as Marquez sends them.
#include <httplib.h>

#include <algorithm>

#include "src/server/http_server.h"
#include "src/server/http_util.h"
#include "src/server/marquez_json.h"
#include "src/server/routes_marquez.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;
using marquez::Reply;

// GET /api/v1/namespaces/{ns}[/datasets[/{name}] | /jobs[/{name}[/runs]]], and the versions.
void namespace_get(Engine& engine, const httplib::Request& req, httplib::Response& res,
                   RequestContext& ctx) {
  const std::vector<std::string> seg = marquez::segments(req);  // api v1 namespaces ns ...
  if (seg.size() < 4 || seg.size() > 8 || seg[3].empty()) {
    return marquez::error(res, 404, "no route for " + req.path);
  }
  if (seg.size() >= 7 && seg[6] == "versions") {
    if (seg[4] == "datasets") return marquez::dataset_versions(engine, req, res, ctx, seg);
    if (seg[4] == "jobs") return marquez::job_versions(engine, req, res, seg);
  }
  if (seg.size() == 8) return marquez::error(res, 404, "no route for " + req.path);
  const std::string& ns = seg[3];
  auto page = marquez::paging(req);
  if (!page.ok()) return marquez::error(res, page.status());
  const auto [limit, offset] = *page;
  const EventLog& log = engine.log();
  // The catalog is read under the index lock; the answer (which reads the log for creation
  // times) is built after it is released.
  const Reply reply = engine.with_index([&](const Index& index) -> Reply {
    const auto known = index.namespaces();
    if (!std::binary_search(known.begin(), known.end(), ns)) {
      return [&res, ns] { marquez::error(res, 404, "Namespace '" + ns + "' not found."); };
    }
    if (seg.size() == 4) {
      auto all = index.namespace_summaries();  // the same names as namespaces(), sorted
      auto it = std::find_if(all.begin(), all.end(), [&](const auto& s) { return s.name == ns; });
      if (it == all.end()) {  // namespaces() and the summaries read the same node ids
        return [&res, ns] { marquez::error(res, 500, "namespace '" + ns + "' has no summary"); };
      }
      return [&res, &log, s = std::move(*it)] {
        http::reply_json(res, 200, marquez::namespace_json(log, s));
      };
    }
    if (seg[4] == "datasets" && seg.size() == 5) {
      return [&res, &log, list = index.datasets(ns, limit, offset)] {
        json items = json::array();
        for (const auto& d : list.items) items.push_back(marquez::dataset_json(log, d, true));
        http::reply_json(res, 200, {{"totalCount", list.total}, {"datasets", items}});
      };
    }
    if (seg[4] == "datasets" && seg.size() == 6) {
      const std::string id = "dataset:" + ns + ":" + seg[5];
      auto d = index.dataset(id);
      const std::string name = seg[5];
      if (!d.ok())
        return [&res, name] { marquez::error(res, 404, "Dataset '" + name + "' not found."); };
      ctx.audited_node = id;
      return [&res, &log, d = std::move(*d)] {
        http::reply_json(res, 200, marquez::dataset_json(log, d, true));
      };
    }
    if (seg[4] == "jobs" && seg.size() == 5) {
      return [&res, &log, list = index.jobs(ns, limit, offset)] {
        json items = json::array();
        for (const auto& j : list.items) items.push_back(marquez::job_json(log, j, true));
        http::reply_json(res, 200, {{"totalCount", list.total}, {"jobs", items}});
      };
    }
    if (seg[4] == "jobs" && (seg.size() == 6 || (seg.size() == 7 && seg[6] == "runs"))) {
      const std::string id = "job:" + ns + ":" + seg[5];
      const std::string name = seg[5];
      auto not_found = [&res, name] { marquez::error(res, 404, "Job '" + name + "' not found."); };
      if (seg.size() == 6) {
        auto j = index.job(id);
        if (!j.ok()) return not_found;
        return [&res, &log, j = std::move(*j)] {
          http::reply_json(res, 200, marquez::job_json(log, j, true));
        };
      }
      auto runs = index.runs(id, limit, offset);
      if (!runs.ok()) return not_found;
      return [&res, runs = std::move(*runs)] {
        json items = json::array();
        for (const auto& r : runs.items) items.push_back(marquez::run_json(r));
        http::reply_json(res, 200, {{"totalCount", runs.total}, {"runs", items}});
      };
    }
    const std::string path = req.path;
    return [&res, path] { marquez::error(res, 404, "no route for " + path); };
  });
  reply();
}

// PUT, POST or DELETE of a tag under /api/v1/namespaces/{ns}/...
void namespace_write(Engine& engine, const httplib::Request& req, httplib::Response& res,
                     RequestContext& ctx, bool removed) {
  const std::vector<std::string> seg = marquez::segments(req);
  const size_t n = seg.size();
  if (n >= 8 && seg[n - 2] == "tags") {
    return marquez::namespace_tag(engine, req, res, ctx, seg, removed);
  }
  // Marquez's (deprecated) writes of namespaces, datasets, jobs and runs, and its deletes.
  marquez::error(res, 405,
                 req.method + " " + req.path +
                     ": not served. The log is append-only and is written by events: post "
                     "OpenLineage events to /api/v1/lineage, native ones to /v1/events.");
}

void namespaces(Engine& engine, httplib::Response& res) {
  const EventLog& log = engine.log();
  const auto all =
      engine.with_index([](const Index& index) { return index.namespace_summaries(); });
  json list = json::array();
  for (const auto& ns : all) list.push_back(marquez::namespace_json(log, ns));
  http::reply_json(res, 200, {{"namespaces", std::move(list)}});
}

// Sources: Marquez names each dataset's source; ours is the dataset's namespace (sourceName),
// so the sources are the namespaces that hold datasets, typed by their URI scheme.
json source_json(const EventLog& log, const Index::NamespaceSummary& s) {
  const json n = marquez::namespace_json(log, s);
  const std::string& ns = s.name;
  const size_t colon = ns.find("://");
  std::string type = colon == std::string::npos ? "" : ns.substr(0, colon);
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return {{"type", type.empty() ? "UNKNOWN" : type},
          {"name", ns},
          {"createdAt", n["createdAt"]},
          {"updatedAt", n["updatedAt"]},
          {"connectionUrl", ns},
          {"description", nullptr}};
}

void sources(Engine& engine, const httplib::Request& req, httplib::Response& res) {
  const std::vector<std::string> seg = marquez::segments(req);  // api v1 sources [name]
  if (seg.size() > 4) return marquez::error(res, 404, "no route for " + req.path);
  auto page = marquez::paging(req);
  if (!page.ok()) return marquez::error(res, page.status());
  const auto [limit, offset] = *page;
  const auto all = engine.with_index([&](const Index& index) {
    std::vector<Index::NamespaceSummary> out;
    for (auto& s : index.namespace_summaries()) {
      if (!s.holds_datasets || (seg.size() == 4 && seg[3] != s.name)) continue;
      out.push_back(std::move(s));
    }
    return out;
  });
  const EventLog& log = engine.log();
  if (seg.size() == 4) {
    if (all.empty()) return marquez::error(res, 404, "Source '" + seg[3] + "' not found.");
    return http::reply_json(res, 200, source_json(log, all[0]));
  }
  json list = json::array();
  for (size_t i = offset; i < all.size() && list.size() < limit; ++i) {
    list.push_back(source_json(log, all[i]));
  }
  http::reply_json(res, 200, {{"totalCount", all.size()}, {"sources", std::move(list)}});
}

}  // namespace

void add_marquez_routes(HttpServer& server) {
  Engine& engine = server.engine();
  add_marquez_lineage_routes(server);
  add_marquez_run_routes(server);
  add_marquez_search_routes(server);
  add_marquez_stats_routes(server);
  add_marquez_tag_routes(server);
  server.route("GET", "/api/v1/namespaces", Access::kQuery,
               [&engine](const httplib::Request&, httplib::Response& res, RequestContext&) {
                 namespaces(engine, res);
               });
  server.route("GET", "/api/v1/namespaces/.+", "GET /api/v1/namespaces/{ns}/...", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 namespace_get(engine, req, res, ctx);
               });
  for (const char* method : {"PUT", "POST", "DELETE"}) {
    const bool removed = std::string(method) == "DELETE";
    server.route(method, "/api/v1/namespaces/.+",
                 std::string(method) + " /api/v1/namespaces/{ns}/.../tags/{tag}", Access::kIngest,
                 [&engine, removed](const httplib::Request& req, httplib::Response& res,
                                    RequestContext& ctx) {
                   namespace_write(engine, req, res, ctx, removed);
                 });
  }
  server.route("GET", "/api/v1/sources(/.+)?", "GET /api/v1/sources[/{name}]", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 sources(engine, req, res);
               });
}

}  // namespace auditgraph
