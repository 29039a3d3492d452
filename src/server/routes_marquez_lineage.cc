// Marquez's lineage routes:
//   GET /api/v1/lineage?nodeId=&depth=                 datasets and jobs, inEdges/outEdges
//   GET /api/v1/column-lineage?nodeId=&depth=&withDownstream=   fields (nodeId a dataset, a
//                                                      field or a job: its outputs' fields)
//   GET /api/v1/runlineage/upstream?runId=&depth=      the runs and versions upstream of a run
#include <httplib.h>

#include <deque>
#include <map>
#include <set>

#include "src/event_json.h"
#include "src/export/lineage_export.h"
#include "src/server/http_server.h"
#include "src/server/http_util.h"
#include "src/server/marquez_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr uint32_t kDefaultDepth = 20;

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
  if (!node.ok()) return marquez::error(res, node.status());
  auto depth = http::uint_param(req, "depth", 1000);
  if (!depth.ok()) return marquez::error(res, depth.status());
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
            marquez::error(res, job.status());
            return std::nullopt;
          }
          for (const auto* list : {&job->inputs, &job->outputs}) {
            for (const auto& ds : *list) starts.push_back("dataset:" + ds.ns + ":" + ds.name);
          }
        } else if (node->rfind("dataset:", 0) == 0) {
          starts.push_back(*node);
        } else {
          marquez::error(res, 400, "nodeId: '" + *node + "' is not a dataset: or job: id");
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
            marquez::error(res, a.status());
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
      data = j != g.job_entries.end() ? marquez::job_json(log, j->second, false) : json();
    } else {
      auto ds = g.dataset_entries.find(id);
      data = ds != g.dataset_entries.end() ? marquez::dataset_json(log, ds->second, false) : json();
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
  if (!node.ok()) return marquez::error(res, node.status());
  auto depth = http::uint_param(req, "depth", 1000);
  if (!depth.ok()) return marquez::error(res, depth.status());
  auto downstream = marquez::bool_param(req, "withDownstream", false);
  if (!downstream.ok()) return marquez::error(res, downstream.status());
  const uint32_t d = static_cast<uint32_t>(depth->value_or(kDefaultDepth));
  engine.with_index([&](const Index& index) {
    std::vector<std::string> starts;
    std::string dataset_id = *node;
    if (node->rfind("datasetField:", 0) == 0) {
      starts.push_back(*node);
      if (auto parts = split_node_id(*node)) dataset_id = parts->dataset_id();
    } else if (node->rfind("dataset:", 0) == 0) {
      auto ds = index.dataset(*node);
      if (!ds.ok()) return marquez::error(res, ds.status());
      for (const auto& f : ds->fields) {
        starts.push_back("datasetField:" + ds->ref.ns + ":" + ds->ref.name + ":" + f.name);
      }
    } else if (node->rfind("job:", 0) == 0) {
      // A job's column lineage is its outputs' fields' (their inputs are reached upstream).
      auto job = index.job(*node);
      if (!job.ok()) return marquez::error(res, job.status());
      dataset_id = "";
      for (const auto& out : job->outputs) {
        auto ds = index.dataset("dataset:" + out.ns + ":" + out.name);
        if (!ds.ok()) continue;  // an output the index knows only by name: no fields to show
        for (const auto& f : ds->fields) {
          starts.push_back("datasetField:" + out.ns + ":" + out.name + ":" + f.name);
        }
      }
    } else {
      return marquez::error(res, 400,
                            "nodeId: '" + *node + "' is not a dataset:, datasetField: or job: id");
    }
    // column -> the (input column, transformation) pairs it derives from
    std::map<std::string, std::set<std::pair<std::string, std::string>>> inputs;
    for (const auto& start : starts) {
      auto a = around(index, start, d, *downstream, {NodeKind::kColumn});
      if (!a.ok()) {
        if (a.status().code() == Status::Code::kNotFound && node->rfind("datasetField:", 0) != 0) {
          continue;  // a field no lineage mentions
        }
        return marquez::error(res, a.status());
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

// The run, the versions it read, the runs that wrote them, and so on up to `depth` runs deep;
// each run once, nearest first. Marquez's UpstreamRunLineage.
void run_lineage_upstream(Engine& engine, const httplib::Request& req, httplib::Response& res) {
  auto run_id = http::required_param(req, "runId");
  if (!run_id.ok()) return marquez::error(res, run_id.status());
  auto depth = http::uint_param(req, "depth", 1000);
  if (!depth.ok()) return marquez::error(res, depth.status());
  const uint64_t max_depth = depth->value_or(kDefaultDepth);
  engine.with_index([&](const Index& index) {
    auto root = index.run(*run_id);
    if (!root.ok()) return marquez::error(res, 404, "Run '" + *run_id + "' not found.");
    json runs = json::array();
    std::set<std::string> seen{*run_id};
    std::deque<std::pair<CatalogRun, uint64_t>> todo;  // (run, its distance from the root)
    todo.emplace_back(std::move(*root), 0);
    while (!todo.empty()) {
      auto [run, level] = std::move(todo.front());
      todo.pop_front();
      std::vector<DatasetRef> ins, outs;
      for (const auto& v : run.inputs) ins.push_back(v.dataset);
      for (const auto& v : run.outputs) outs.push_back(v.dataset);
      json inputs = json::array();
      for (const auto& v : run.inputs) {
        inputs.push_back(
            {{"namespace", v.dataset.ns},
             {"name", v.dataset.name},
             {"version", v.version.empty() ? marquez::unversioned_input(v.dataset) : v.version},
             {"producedByRunId", v.run_id.empty() ? json() : json(v.run_id)}});
        if (v.run_id.empty() || level + 1 >= max_depth || !seen.insert(v.run_id).second) continue;
        auto producer = index.run(v.run_id);
        if (!producer.ok()) {  // the ledger gave this run as the writer: it must know it
          return marquez::error(res, 500, "run '" + v.run_id + "': " + producer.status().message());
        }
        todo.emplace_back(std::move(*producer), level + 1);
      }
      runs.push_back(
          {{"job",
            {{"namespace", run.job.ns},
             {"name", run.job.name},
             {"version", marquez::job_version(run.job, ins, outs)}}},
           {"run",
            {{"id", run.run_id},
             {"start", format_rfc3339(run.started_at)},
             {"end", marquez::time_or_null(run.completed_at)},
             {"status", marquez::run_state(run.state)}}},
           {"inputs", std::move(inputs)}});
    }
    http::reply_json(res, 200, {{"runs", std::move(runs)}});
  });
}

}  // namespace

void add_marquez_lineage_routes(HttpServer& server) {
  Engine& engine = server.engine();
  server.route("GET", "/api/v1/lineage", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 lineage_graph(engine, req, res, ctx);
               });
  server.route("GET", "/api/v1/column-lineage", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 column_lineage(engine, req, res, ctx);
               });
  server.route("GET", "/api/v1/runlineage/upstream", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 run_lineage_upstream(engine, req, res);
               });
}

}  // namespace auditgraph
