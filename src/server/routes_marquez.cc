// Marquez's read API, with Marquez's response shapes (docs/api.md lists the fields and where
// they differ), so Marquez clients and its web UI can read auditgraph:
//   GET /api/v1/lineage?nodeId=&depth=               datasets and jobs, inEdges/outEdges
//   GET /api/v1/column-lineage?nodeId=&depth=&withDownstream=
//   GET /api/v1/namespaces, /api/v1/namespaces/{ns}
//   GET /api/v1/namespaces/{ns}/datasets[/{name}], /api/v1/namespaces/{ns}/jobs[/{name}[/runs]]
// Path segments are percent-decoded one by one (a namespace "s3://lake" arrives as
// s3:%2F%2Flake). Errors are {"code", "message"} as Marquez sends them.
#include <httplib.h>

#include <map>
#include <set>

#include "src/event_json.h"
#include "src/export/lineage_export.h"
#include "src/server/http_server.h"
#include "src/server/http_util.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr uint32_t kDefaultDepth = 20;
constexpr size_t kDefaultLimit = 100;

void marquez_error(httplib::Response& res, int code, const std::string& message) {
  http::reply_json(res, code, {{"code", code}, {"message", message}});
}

void marquez_status(httplib::Response& res, const Status& s) {
  marquez_error(res, http::http_status(s), s.message());
}

const char* run_state(RunState s) {
  switch (s) {
    case RunState::kComplete:
      return "COMPLETED";
    case RunState::kFail:
      return "FAILED";
    case RunState::kAbort:
      return "ABORTED";
    case RunState::kRunning:
      return "RUNNING";
    default:
      return "NEW";
  }
}

json time_or_null(const std::optional<Timestamp>& t) {
  return t ? json(format_rfc3339(*t)) : json();
}

// When the log recorded the event at `seq` (Marquez's createdAt: when it first heard of it).
std::optional<Timestamp> recorded_at(const EventLog& log, uint64_t seq) {
  auto e = log.read(seq);
  if (!e.ok()) return std::nullopt;
  return e->recorded_at;
}

json dataset_ref(const DatasetRef& d) { return {{"namespace", d.ns}, {"name", d.name}}; }

json fields_json(const std::vector<SchemaField>& fields) {
  json out = json::array();
  for (const auto& f : fields) {
    out.push_back({{"name", f.name},
                   {"type", f.type.empty() ? json() : json(f.type)},
                   {"tags", f.tags},
                   {"description", f.description.empty() ? json() : json(f.description)}});
  }
  return out;
}

// A dataset as Marquez's DatasetData (lineage nodes) or, with `full`, its Dataset.
json dataset_json(const EventLog& log, const CatalogDataset& d, bool full) {
  const auto created = recorded_at(log, d.first_seq);
  const auto updated = d.last_modified_at ? d.last_modified_at : created;
  json out{{"id", dataset_ref(d.ref)},
           {"type", "DB_TABLE"},
           {"name", d.ref.name},
           {"physicalName", d.ref.name},
           {"createdAt", time_or_null(created)},
           {"updatedAt", time_or_null(updated)},
           {"namespace", d.ref.ns},
           {"sourceName", d.ref.ns},
           {"fields", fields_json(d.fields)},
           {"tags", json::array()},
           {"lastModifiedAt", time_or_null(d.last_modified_at)}};
  const json description = d.description.empty() ? json() : json(d.description);
  const json lifecycle = d.lifecycle_state.empty() ? json() : json(d.lifecycle_state);
  if (!full) {  // DatasetData's order
    out["description"] = description;
    out["lastLifecycleState"] = lifecycle;
    return out;
  }
  out["lastLifecycleState"] = lifecycle;
  out["description"] = description;
  out["currentVersion"] = d.current_version.empty() ? json() : json(d.current_version);
  out["facets"] = json::object();
  out["deleted"] = false;
  // auditgraph's own, beyond Marquez's shape.
  out["owner"] = d.owner.empty() ? json() : json(d.owner);
  out["domain"] = d.domain.empty() ? json() : json(d.domain);
  out["dataProduct"] = d.product;
  return out;
}

json versions_json(const std::vector<CatalogRun::DatasetVersionRef>& list) {
  json out = json::array();
  for (const auto& v : list) {
    out.push_back({{"datasetVersionId",
                    {{"namespace", v.dataset.ns},
                     {"name", v.dataset.name},
                     {"version", v.version.empty() ? json() : json(v.version)}}},
                   {"facets", json::object()}});
  }
  return out;
}

json run_json(const CatalogRun& r) {
  const auto ended = r.completed_at;
  json duration;
  if (ended) duration = (ended->unix_nanos - r.started_at.unix_nanos) / 1'000'000;
  return {{"id", r.run_id},
          {"createdAt", format_rfc3339(r.started_at)},
          {"updatedAt", format_rfc3339(ended.value_or(r.started_at))},
          {"nominalStartTime", nullptr},
          {"nominalEndTime", nullptr},
          {"state", run_state(r.state)},
          {"startedAt", format_rfc3339(r.started_at)},
          {"endedAt", time_or_null(ended)},
          {"durationMs", duration},
          {"args", json::object()},
          {"jobVersion", nullptr},
          {"inputDatasetVersions", versions_json(r.inputs)},
          {"outputDatasetVersions", versions_json(r.outputs)},
          {"facets", json::object()},
          {"seqs", r.seqs}};
}

// A job as Marquez's JobData (lineage nodes) or, with `full`, its Job.
json job_json(const EventLog& log, const CatalogJob& j, bool full) {
  const auto created = recorded_at(log, j.first_seq);
  json inputs = json::array(), outputs = json::array();
  for (const auto& d : j.inputs) inputs.push_back(dataset_ref(d));
  for (const auto& d : j.outputs) outputs.push_back(dataset_ref(d));
  const json latest = j.latest_run ? run_json(*j.latest_run) : json();
  json out{{"id", {{"namespace", j.ref.ns}, {"name", j.ref.name}}},
           {"type", "BATCH"},
           {"name", j.ref.name},
           {"simpleName", j.ref.name},
           {"parentJobName", nullptr},
           {"parentJobUuid", nullptr},
           {"createdAt", time_or_null(created)},
           {"updatedAt", j.latest_run ? latest["updatedAt"] : time_or_null(created)},
           {"namespace", j.ref.ns},
           {"inputs", std::move(inputs)},
           {"outputs", std::move(outputs)},
           {"location", nullptr},
           {"description", nullptr},
           {"latestRun", latest}};
  if (full) {
    out["latestRuns"] = j.latest_run ? json::array({latest}) : json::array();
    out["facets"] = json::object();
    out["currentVersion"] = nullptr;
    out["labels"] = json::array();
    out["tags"] = json::array();
  }
  return out;
}

// The request path's segments, each percent-decoded on its own.
std::vector<std::string> raw_segments(const httplib::Request& req) {
  std::string path = req.target.substr(0, req.target.find('?'));
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(httplib::detail::decode_url(path.substr(start, slash - start), false));
    start = slash + 1;
  }
  return out;
}

Result<std::pair<size_t, size_t>> paging(const httplib::Request& req) {
  auto limit = http::uint_param(req, "limit", 1000);
  if (!limit.ok()) return limit.status();
  auto offset = http::uint_param(req, "offset");
  if (!offset.ok()) return offset.status();
  return std::pair<size_t, size_t>(limit->value_or(kDefaultLimit), offset->value_or(0));
}

// /api/v1/namespaces/{ns}[/datasets[/{name}] | /jobs[/{name}[/runs]]]
void namespace_routes(Engine& engine, const httplib::Request& req, httplib::Response& res,
                      RequestContext& ctx) {
  const std::vector<std::string> seg = raw_segments(req);  // api v1 namespaces ns ...
  if (seg.size() < 4 || seg.size() > 7 || seg[3].empty()) {
    return marquez_error(res, 404, "no route for " + req.path);
  }
  const std::string& ns = seg[3];
  auto page = paging(req);
  if (!page.ok()) return marquez_status(res, page.status());
  const auto [limit, offset] = *page;
  const EventLog& log = engine.log();
  // The catalog is read under the index lock; the answer (which reads the log for creation
  // times) is built after it is released.
  using Reply = std::function<void()>;
  const Reply reply = engine.with_index([&](const Index& index) -> Reply {
    const auto known = index.namespaces();
    if (!std::binary_search(known.begin(), known.end(), ns)) {
      return [&res, ns] { marquez_error(res, 404, "Namespace '" + ns + "' not found."); };
    }
    if (seg.size() == 4) {
      return [&res, ns] {
        http::reply_json(res, 200,
                         {{"name", ns},
                          {"createdAt", nullptr},
                          {"updatedAt", nullptr},
                          {"ownerName", "anonymous"},
                          {"description", nullptr},
                          {"isHidden", false}});
      };
    }
    if (seg[4] == "datasets" && seg.size() == 5) {
      return [&res, &log, list = index.datasets(ns, limit, offset)] {
        json items = json::array();
        for (const auto& d : list.items) items.push_back(dataset_json(log, d, true));
        http::reply_json(res, 200, {{"totalCount", list.total}, {"datasets", items}});
      };
    }
    if (seg[4] == "datasets" && seg.size() == 6) {
      const std::string id = "dataset:" + ns + ":" + seg[5];
      auto d = index.dataset(id);
      const std::string name = seg[5];
      if (!d.ok())
        return [&res, name] { marquez_error(res, 404, "Dataset '" + name + "' not found."); };
      ctx.audited_node = id;
      return [&res, &log, d = std::move(*d)] {
        http::reply_json(res, 200, dataset_json(log, d, true));
      };
    }
    if (seg[4] == "jobs" && seg.size() == 5) {
      return [&res, &log, list = index.jobs(ns, limit, offset)] {
        json items = json::array();
        for (const auto& j : list.items) items.push_back(job_json(log, j, true));
        http::reply_json(res, 200, {{"totalCount", list.total}, {"jobs", items}});
      };
    }
    if (seg[4] == "jobs" && (seg.size() == 6 || (seg.size() == 7 && seg[6] == "runs"))) {
      const std::string id = "job:" + ns + ":" + seg[5];
      const std::string name = seg[5];
      auto not_found = [&res, name] { marquez_error(res, 404, "Job '" + name + "' not found."); };
      if (seg.size() == 6) {
        auto j = index.job(id);
        if (!j.ok()) return not_found;
        return
            [&res, &log, j = std::move(*j)] { http::reply_json(res, 200, job_json(log, j, true)); };
      }
      auto runs = index.runs(id, limit, offset);
      if (!runs.ok()) return not_found;
      return [&res, runs = std::move(*runs)] {
        json items = json::array();
        for (const auto& r : runs.items) items.push_back(run_json(r));
        http::reply_json(res, 200, {{"totalCount", runs.total}, {"runs", items}});
      };
    }
    const std::string path = req.path;
    return [&res, path] { marquez_error(res, 404, "no route for " + path); };
  });
  reply();
}

// The lineage around `node` restricted to `kinds`: upstream, and downstream too when asked.
Result<LineageAnswer> around(const Index& index, const std::string& node, uint32_t depth,
                             bool downstream, std::vector<NodeKind> kinds) {
  LineageQuery q;
  q.node = node;
  q.max_depth = depth;
  q.kinds = std::move(kinds);
  return downstream ? lineage_both_ways(index, std::move(q)) : index.lineage(q);
}

void lineage_graph(Engine& engine, const httplib::Request& req, httplib::Response& res,
                   RequestContext& ctx) {
  auto node = http::required_param(req, "nodeId");
  if (!node.ok()) return marquez_status(res, node.status());
  auto depth = http::uint_param(req, "depth", 1000);
  if (!depth.ok()) return marquez_status(res, depth.status());
  const uint32_t d = static_cast<uint32_t>(depth->value_or(kDefaultDepth));
  using Edges = std::map<std::string, std::pair<std::set<std::pair<std::string, std::string>>,
                                                std::set<std::pair<std::string, std::string>>>>;
  struct Graph {
    Edges edges;  // node -> (inEdges, outEdges) as (origin, destination)
    std::set<std::string> jobs;
    std::map<std::string, CatalogJob> job_entries;
    std::map<std::string, CatalogDataset> dataset_entries;
  };
  const std::optional<Graph> graph_data =
      engine.with_index([&](const Index& index) -> std::optional<Graph> {
        // A job's graph is its datasets' graphs together.
        std::vector<std::string> starts;
        if (node->rfind("job:", 0) == 0) {
          auto job = index.job(*node);
          if (!job.ok()) {
            marquez_status(res, job.status());
            return std::nullopt;
          }
          for (const auto* list : {&job->inputs, &job->outputs}) {
            for (const auto& ds : *list) starts.push_back("dataset:" + ds.ns + ":" + ds.name);
          }
        } else if (node->rfind("dataset:", 0) == 0) {
          starts.push_back(*node);
        } else {
          marquez_error(res, 400, "nodeId: '" + *node + "' is not a dataset: or job: id");
          return std::nullopt;
        }
        Edges edges;
        std::set<std::string> jobs;
        if (node->rfind("job:", 0) == 0) {
          jobs.insert(*node);
          edges[*node];
        }
        for (const auto& start : starts) {
          auto a = around(index, start, d, true, {NodeKind::kDataset});
          if (!a.ok()) {
            marquez_status(res, a.status());
            return std::nullopt;
          }
          for (const auto& n : a->nodes) edges[n.id];
          for (const auto& e : a->edges) {
            jobs.insert(e.via_job);
            edges[e.from].second.insert({e.from, e.via_job});
            edges[e.via_job].first.insert({e.from, e.via_job});
            edges[e.via_job].second.insert({e.via_job, e.to});
            edges[e.to].first.insert({e.via_job, e.to});
          }
        }
        std::map<std::string, CatalogJob> job_entries;
        std::map<std::string, CatalogDataset> dataset_entries;
        for (const auto& [id, in_out] : edges) {
          if (jobs.count(id)) {
            if (auto j = index.job(id); j.ok()) job_entries.emplace(id, std::move(*j));
          } else if (auto ds = index.dataset(id); ds.ok()) {
            dataset_entries.emplace(id, std::move(*ds));
          }
        }
        ctx.audited_node = node->rfind("dataset:", 0) == 0 ? *node : "";
        return Graph{std::move(edges), std::move(jobs), std::move(job_entries),
                     std::move(dataset_entries)};
      });
  if (!graph_data) return;             // answered already (an error)
  const EventLog& log = engine.log();  // the log is read outside the index lock
  const Graph& g = *graph_data;
  json graph = json::array();
  for (const auto& [id, in_out] : g.edges) {  // sorted by id, as Marquez sends them
    json data;
    if (g.jobs.count(id)) {
      auto j = g.job_entries.find(id);
      data = j != g.job_entries.end() ? job_json(log, j->second, false) : json();
    } else {
      auto ds = g.dataset_entries.find(id);
      data = ds != g.dataset_entries.end() ? dataset_json(log, ds->second, false) : json();
    }
    json in = json::array(), out = json::array();
    for (const auto& [o, dst] : in_out.first) in.push_back({{"origin", o}, {"destination", dst}});
    for (const auto& [o, dst] : in_out.second) out.push_back({{"origin", o}, {"destination", dst}});
    graph.push_back({{"id", id},
                     {"type", g.jobs.count(id) ? "JOB" : "DATASET"},
                     {"data", std::move(data)},
                     {"inEdges", std::move(in)},
                     {"outEdges", std::move(out)}});
  }
  http::reply_json(res, 200, {{"graph", std::move(graph)}});
}

void column_lineage(Engine& engine, const httplib::Request& req, httplib::Response& res,
                    RequestContext& ctx) {
  auto node = http::required_param(req, "nodeId");
  if (!node.ok()) return marquez_status(res, node.status());
  auto depth = http::uint_param(req, "depth", 1000);
  if (!depth.ok()) return marquez_status(res, depth.status());
  auto downstream = http::bool_param(req, "withDownstream", false);
  if (!downstream.ok()) return marquez_status(res, downstream.status());
  const uint32_t d = static_cast<uint32_t>(depth->value_or(kDefaultDepth));
  engine.with_index([&](const Index& index) {
    std::vector<std::string> starts;
    std::string dataset_id = *node;
    if (node->rfind("datasetField:", 0) == 0) {
      starts.push_back(*node);
      if (auto parts = split_node_id(*node)) dataset_id = parts->dataset_id();
    } else if (node->rfind("dataset:", 0) == 0) {
      auto ds = index.dataset(*node);
      if (!ds.ok()) return marquez_status(res, ds.status());
      for (const auto& f : ds->fields) {
        starts.push_back("datasetField:" + ds->ref.ns + ":" + ds->ref.name + ":" + f.name);
      }
    } else {
      return marquez_error(res, 400,
                           "nodeId: '" + *node + "' is not a dataset: or datasetField: id");
    }
    // column -> the (input column, transformation) pairs it derives from
    std::map<std::string, std::set<std::pair<std::string, std::string>>> inputs;
    for (const auto& start : starts) {
      auto a = around(index, start, d, *downstream, {NodeKind::kColumn});
      if (!a.ok()) {
        if (a.status().code() == Status::Code::kNotFound && node->rfind("dataset:", 0) == 0) {
          continue;  // a field no lineage mentions
        }
        return marquez_status(res, a.status());
      }
      for (const auto& n : a->nodes) inputs[n.id];
      for (const auto& e : a->edges) {
        inputs[e.to].insert({e.from, e.transformation});
        inputs[e.from];
      }
    }
    // Field types from each dataset's current schema.
    std::map<std::string, std::map<std::string, std::string>> types;
    auto type_of = [&](const std::string& ns, const std::string& name, const std::string& field) {
      const std::string id = "dataset:" + ns + ":" + name;
      auto it = types.find(id);
      if (it == types.end()) {
        it = types.emplace(id, std::map<std::string, std::string>()).first;
        if (auto ds = index.dataset(id); ds.ok()) {
          for (const auto& f : ds->fields) it->second[f.name] = f.type;
        }
      }
      auto t = it->second.find(field);
      return t == it->second.end() ? std::string() : t->second;
    };
    auto split_transformation = [](const std::string& t) {
      const size_t slash = t.find('/');
      return std::pair<json, json>(t.empty() ? json() : json(t.substr(0, slash)),
                                   slash == std::string::npos ? json() : json(t.substr(slash + 1)));
    };
    std::map<std::string, std::vector<std::string>> outs;  // input -> columns derived from it
    for (const auto& [col, ins] : inputs) {
      for (const auto& [in, t] : ins) outs[in].push_back(col);
    }
    json graph = json::array();
    for (const auto& [col, ins] : inputs) {
      const auto column = split_node_id(col);
      if (!column || column->kind != NodeKind::kColumn) continue;
      const auto& [kind, ns, name, field] = *column;
      json input_fields = json::array(), in_edges = json::array(), out_edges = json::array();
      for (const auto& [in, t] : ins) {
        const auto input = split_node_id(in);
        if (!input || input->kind != NodeKind::kColumn) continue;
        const auto [type, description] = split_transformation(t);
        input_fields.push_back({{"namespace", input->ns},
                                {"dataset", input->name},
                                {"datasetVersion", nullptr},
                                {"field", input->field},
                                {"transformationDescription", description},
                                {"transformationType", type}});
        in_edges.push_back({{"origin", col}, {"destination", in}});
      }
      for (const auto& o : outs[col]) out_edges.push_back({{"origin", col}, {"destination", o}});
      const json first_type = input_fields.empty() ? json() : input_fields[0]["transformationType"];
      const json first_desc =
          input_fields.empty() ? json() : input_fields[0]["transformationDescription"];
      graph.push_back({{"id", col},
                       {"type", "DATASET_FIELD"},
                       {"data",
                        {{"namespace", ns},
                         {"dataset", name},
                         {"datasetVersion", nullptr},
                         {"field", field},
                         {"fieldType", type_of(ns, name, field)},
                         {"transformationDescription", first_desc},
                         {"transformationType", first_type},
                         {"inputFields", std::move(input_fields)}}},
                       {"inEdges", std::move(in_edges)},
                       {"outEdges", std::move(out_edges)}});
    }
    ctx.audited_node = dataset_id;
    http::reply_json(res, 200, {{"graph", std::move(graph)}});
  });
}

}  // namespace

void add_marquez_routes(HttpServer& server) {
  Engine& engine = server.engine();
  server.route("GET", "/api/v1/lineage", "GET /api/v1/lineage", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 lineage_graph(engine, req, res, ctx);
               });
  server.route("GET", "/api/v1/column-lineage", "GET /api/v1/column-lineage", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 column_lineage(engine, req, res, ctx);
               });
  server.route("GET", "/api/v1/namespaces", "GET /api/v1/namespaces", Access::kQuery,
               [&engine](const httplib::Request&, httplib::Response& res, RequestContext&) {
                 const auto names =
                     engine.with_index([](const Index& index) { return index.namespaces(); });
                 json list = json::array();
                 for (const auto& ns : names) {
                   list.push_back({{"name", ns},
                                   {"createdAt", nullptr},
                                   {"updatedAt", nullptr},
                                   {"ownerName", "anonymous"},
                                   {"description", nullptr},
                                   {"isHidden", false}});
                 }
                 http::reply_json(res, 200, {{"namespaces", std::move(list)}});
               });
  server.route("GET", "/api/v1/namespaces/.+", "GET /api/v1/namespaces/{ns}/...", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 namespace_routes(engine, req, res, ctx);
               });
}

}  // namespace auditgraph
