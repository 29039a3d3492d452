// Marquez's version routes, from the run model (a dataset version is written by one completed
// run; a job version is one set of inputs and outputs its runs had):
//   GET /api/v1/namespaces/{ns}/datasets/{d}/versions?limit=&offset=   newest first
//   GET /api/v1/namespaces/{ns}/datasets/{d}/versions/{version}
//   GET /api/v1/namespaces/{ns}/jobs/{j}/versions?limit=&offset=       newest first
//   GET /api/v1/namespaces/{ns}/jobs/{j}/versions/{version}
#include <httplib.h>

#include <algorithm>
#include <limits>
#include <map>

#include "src/event_json.h"
#include "src/server/http_util.h"
#include "src/server/marquez_json.h"
#include "src/server/routes_marquez.h"

namespace auditgraph::marquez {
namespace {

constexpr size_t kAll = std::numeric_limits<size_t>::max();

// One dataset version with what its answer needs, read under the index lock.
struct DatasetVersionEntry {
  VersionNode version;
  std::optional<CatalogRun> run;  // the run that wrote it
};

json dataset_version_json(const CatalogDataset& d, const DatasetVersionEntry& v) {
  return {{"id", {{"namespace", d.ref.ns}, {"name", d.ref.name}, {"version", v.version.version}}},
          {"type", "DB_TABLE"},
          {"name", d.ref.name},
          {"physicalName", d.ref.name},
          {"createdAt", format_rfc3339(v.version.written_at)},
          {"version", v.version.version},
          {"namespace", d.ref.ns},
          {"sourceName", d.ref.ns},
          // The index keeps each dataset's current schema, not one per version.
          {"fields", fields_json(d.fields)},
          {"tags", d.tags},
          {"lifecycleState", d.lifecycle_state.empty() ? json() : json(d.lifecycle_state)},
          {"description", d.description.empty() ? json() : json(d.description)},
          {"createdByRun", v.run ? run_json(*v.run) : json()},
          {"facets", json::object()}};
}

}  // namespace

void dataset_versions(Engine& engine, const httplib::Request& req, httplib::Response& res,
                      RequestContext& ctx, const std::vector<std::string>& seg) {
  // seg: api v1 namespaces ns datasets name versions [version]
  auto page = paging(req);
  if (!page.ok()) return error(res, page.status());
  const auto [limit, offset] = *page;
  const std::string id = "dataset:" + seg[3] + ":" + seg[5];
  const std::string wanted = seg.size() == 8 ? seg[7] : "";
  engine.with_index([&](const Index& index) {
    auto d = index.dataset(id);
    if (!d.ok()) return error(res, 404, "Dataset '" + seg[5] + "' not found.");
    VersionQuery q;
    q.dataset = id;
    q.max_depth = 0;
    auto answer = index.version_provenance(q);
    std::vector<VersionNode> all;
    if (answer.ok()) {
      all = std::move(answer->versions);
    } else if (answer.status().code() != Status::Code::kNotFound) {
      return error(res, answer.status());
    }  // NotFound: a dataset never written has no versions
    std::reverse(all.begin(), all.end());  // newest first
    auto entry = [&](VersionNode v) {
      DatasetVersionEntry e{std::move(v), std::nullopt};
      if (auto run = index.run(e.version.run_id); run.ok()) e.run = std::move(*run);
      return e;
    };
    ctx.audited_node = id;
    if (!wanted.empty()) {
      auto it = std::find_if(all.begin(), all.end(),
                             [&](const VersionNode& v) { return v.version == wanted; });
      if (it == all.end()) return error(res, 404, "Dataset version '" + wanted + "' not found.");
      return http::reply_json(res, 200, dataset_version_json(*d, entry(*it)));
    }
    json items = json::array();
    for (size_t i = offset; i < all.size() && items.size() < limit; ++i) {
      items.push_back(dataset_version_json(*d, entry(all[i])));
    }
    http::reply_json(res, 200, {{"totalCount", all.size()}, {"versions", std::move(items)}});
  });
}

void job_versions(Engine& engine, const httplib::Request& req, httplib::Response& res,
                  const std::vector<std::string>& seg) {
  // seg: api v1 namespaces ns jobs name versions [version]
  auto page = paging(req);
  if (!page.ok()) return error(res, page.status());
  const auto [limit, offset] = *page;
  const std::string id = "job:" + seg[3] + ":" + seg[5];
  const std::string wanted = seg.size() == 8 ? seg[7] : "";
  engine.with_index([&](const Index& index) {
    auto runs = index.runs(id, kAll, 0);
    if (!runs.ok()) return error(res, 404, "Job '" + seg[5] + "' not found.");
    // Runs are latest first, so each version's first run seen is its latest.
    struct Version {
      std::string id;
      std::vector<DatasetRef> inputs, outputs;
      Timestamp created_at, updated_at;
      const CatalogRun* latest = nullptr;
    };
    std::vector<Version> versions;
    std::map<std::string, size_t> by_id;
    for (const auto& run : runs->items) {
      Version v;
      for (const auto& d : run.inputs) v.inputs.push_back(d.dataset);
      for (const auto& d : run.outputs) v.outputs.push_back(d.dataset);
      const JobRef job = run.job;
      v.id = job_version(job, v.inputs, v.outputs);
      const Timestamp at = run.completed_at.value_or(run.started_at);
      auto [it, fresh] = by_id.emplace(v.id, versions.size());
      if (fresh) {
        v.created_at = run.started_at;
        v.updated_at = at;
        v.latest = &run;
        versions.push_back(std::move(v));
        continue;
      }
      Version& known = versions[it->second];
      if (run.started_at < known.created_at) known.created_at = run.started_at;
      if (known.updated_at < at) known.updated_at = at;
    }
    auto version_json = [&](const Version& v) {
      json inputs = json::array(), outputs = json::array();
      for (const auto& d : v.inputs) inputs.push_back({{"namespace", d.ns}, {"name", d.name}});
      for (const auto& d : v.outputs) outputs.push_back({{"namespace", d.ns}, {"name", d.name}});
      return json{{"id", {{"namespace", seg[3]}, {"name", seg[5]}, {"version", v.id}}},
                  {"name", seg[5]},
                  {"version", v.id},
                  {"createdAt", format_rfc3339(v.created_at)},
                  {"updatedAt", format_rfc3339(v.updated_at)},
                  {"namespace", seg[3]},
                  {"inputs", std::move(inputs)},
                  {"outputs", std::move(outputs)},
                  {"location", nullptr},
                  {"latestRun", run_json(*v.latest)},
                  {"facets", json::object()}};
    };
    if (!wanted.empty()) {
      auto it = by_id.find(wanted);
      if (it == by_id.end()) return error(res, 404, "Job version '" + wanted + "' not found.");
      return http::reply_json(res, 200, version_json(versions[it->second]));
    }
    json items = json::array();
    for (size_t i = offset; i < versions.size() && items.size() < limit; ++i) {
      items.push_back(version_json(versions[i]));
    }
    http::reply_json(res, 200, {{"totalCount", versions.size()}, {"versions", std::move(items)}});
  });
}

}  // namespace auditgraph::marquez
