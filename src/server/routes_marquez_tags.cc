// Marquez's tags. A tag put on (PUT or POST) or taken off (DELETE) a dataset, a field or a job
// is a native `classified` event in the log (docs/events.md; "removed": true for DELETE), whose
// actor is the token's principal, written through the Engine like any ingested event; the
// answer is the Dataset or Job as the index sees it afterwards (a field's tag in its field's
// `tags`, a dataset's or job's in its own `tags`).
//   PUT|POST|DELETE /api/v1/namespaces/{ns}/datasets/{d}/tags/{t}
//   PUT|POST|DELETE /api/v1/namespaces/{ns}/datasets/{d}/fields/{f}/tags/{t}
//   PUT|POST|DELETE /api/v1/namespaces/{ns}/jobs/{j}/tags/{t}
//   GET /api/v1/tags?limit=&offset=      the tags on any dataset, column or job now, by name
//   PUT /api/v1/tags/{tag}   {"description"} optional: a native `tag_defined` event, whose
//                            actor is the token's principal; answered with the TagList
// GET /api/v1/tags lists the tags defined so (with their latest description) beside those in use.
#include <httplib.h>

#include <limits>
#include <map>
#include <set>

#include "src/event_json.h"
#include "src/server/http_server.h"
#include "src/server/http_util.h"
#include "src/server/marquez_json.h"
#include "src/server/routes_marquez.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr size_t kAll = std::numeric_limits<size_t>::max();
constexpr char kProducer[] = "auditgraph-http/marquez-api";

bool has_field(const std::vector<SchemaField>& fields, const std::string& path) {
  for (const auto& f : fields) {
    if (f.name == path) return true;
    if (path.rfind(f.name + ".", 0) == 0 && has_field(f.fields, path.substr(f.name.size() + 1)))
      return true;
  }
  return false;
}

void collect(const std::vector<SchemaField>& fields, std::set<std::string>* out) {
  for (const auto& f : fields) {
    out->insert(f.tags.begin(), f.tags.end());
    collect(f.fields, out);
  }
}

void list_tags(Engine& engine, const httplib::Request& req, httplib::Response& res) {
  auto page = marquez::paging(req);
  if (!page.ok()) return marquez::error(res, page.status());
  const auto [limit, offset] = *page;
  std::map<std::string, std::string> defined;
  const std::set<std::string> tags = engine.with_index([&defined](const Index& index) {
    defined = index.tag_definitions();
    std::set<std::string> out;
    for (const auto& [name, description] : defined) out.insert(name);
    for (const auto& ns : index.namespaces()) {
      for (const auto& d : index.datasets(ns, kAll, 0).items) {
        out.insert(d.tags.begin(), d.tags.end());
        collect(d.fields, &out);
      }
      for (const auto& j : index.jobs(ns, kAll, 0).items) out.insert(j.tags.begin(), j.tags.end());
    }
    return out;
  });
  json list = json::array();
  size_t i = 0;
  for (const auto& t : tags) {
    if (i++ < offset) continue;
    if (list.size() >= limit) break;
    auto d = defined.find(t);
    const bool described = d != defined.end() && !d->second.empty();
    list.push_back({{"name", t}, {"description", described ? json(d->second) : json()}});
  }
  http::reply_json(res, 200, {{"tags", std::move(list)}});
}

// PUT /api/v1/tags/{tag} with an optional JSON body {"description": "..."}: a tag_defined event.
void define_tag(Engine& engine, const httplib::Request& req, httplib::Response& res,
                RequestContext& ctx) {
  const std::vector<std::string> seg = marquez::segments(req);  // api v1 tags tag
  if (seg.size() != 4) return marquez::error(res, 404, "no route for PUT " + req.path);
  const std::string& tag = seg[3];
  if (tag.empty()) return marquez::error(res, 400, "tag: must not be empty");
  std::string description;
  if (ctx.body.find_first_not_of(" \t\r\n") != std::string::npos) {  // read by the server
    const json body = json::parse(ctx.body, nullptr, false);
    if (body.is_discarded()) return marquez::error(res, 400, "body: not valid JSON");
    if (!body.is_object()) return marquez::error(res, 400, "body: expected a JSON object");
    if (auto d = body.find("description"); d != body.end() && !d->is_null()) {
      if (!d->is_string()) return marquez::error(res, 400, "description: expected a string");
      description = d->get<std::string>();
    }
  }
  json event{{"kind", "tag_defined"},
             {"eventTime", format_rfc3339(engine.clock().now())},
             {"actor", ctx.caller ? ctx.caller->principal : "anonymous"},
             {"producer", kProducer},
             {"tag", tag}};
  if (!description.empty()) event["description"] = description;
  auto receipt = engine.ingest(event.dump(), Framing::kJson, IngestFormat::kNative);
  if (!receipt.ok()) return marquez::error(res, receipt.status());
  if (!receipt->errors.empty()) return marquez::error(res, 400, receipt->errors.front().message());
  httplib::Request all;  // the whole list, as GET /api/v1/tags answers it
  list_tags(engine, all, res);
}

// PUT|POST|DELETE /api/v1/namespaces/{ns}/jobs/{j}/tags/{t}: a classified event naming the job.
void job_tag(Engine& engine, httplib::Response& res, RequestContext& ctx,
             const std::vector<std::string>& seg, bool removed) {
  const std::string& ns = seg[3];
  const std::string& name = seg[5];
  const std::string& tag = seg[7];
  if (tag.empty()) return marquez::error(res, 400, "tag: must not be empty");
  const std::string id = "job:" + ns + ":" + name;
  auto known = engine.with_index([&](const Index& index) { return index.job(id); });
  if (!known.ok()) return marquez::error(res, 404, "Job '" + name + "' not found.");
  json event{{"kind", "classified"},
             {"eventTime", format_rfc3339(engine.clock().now())},
             {"actor", ctx.caller ? ctx.caller->principal : "anonymous"},
             {"producer", kProducer},
             {"job", {{"namespace", ns}, {"name", name}}},
             {"tag", tag}};
  if (removed) event["removed"] = true;
  auto receipt = engine.ingest(event.dump(), Framing::kJson, IngestFormat::kNative);
  if (!receipt.ok()) return marquez::error(res, receipt.status());
  if (!receipt->errors.empty()) return marquez::error(res, 400, receipt->errors.front().message());
  ctx.audited_node = id;
  const EventLog& log = engine.log();
  auto after = engine.with_index([&](const Index& index) { return index.job(id); });
  if (!after.ok()) return marquez::error(res, after.status());
  http::reply_json(res, 200, marquez::job_json(log, *after, true));
}

}  // namespace

namespace marquez {

void namespace_tag(Engine& engine, const httplib::Request& req, httplib::Response& res,
                   RequestContext& ctx, const std::vector<std::string>& seg, bool removed) {
  // api v1 namespaces ns (datasets d [fields f] | jobs j) tags t
  const size_t n = seg.size();
  if (n == 8 && seg[4] == "jobs") return job_tag(engine, res, ctx, seg, removed);
  const bool on_field = n == 10 && seg[6] == "fields";
  if (seg[4] != "datasets" || !(n == 8 || on_field)) {
    return error(res, 404, "no route for " + req.method + " " + req.path);
  }
  const std::string& ns = seg[3];
  const std::string& name = seg[5];
  const std::string field = on_field ? seg[7] : "";
  const std::string& tag = seg[n - 1];
  if (tag.empty()) return error(res, 400, "tag: must not be empty");
  const std::string id = "dataset:" + ns + ":" + name;
  auto known = engine.with_index([&](const Index& index) { return index.dataset(id); });
  if (!known.ok()) return error(res, 404, "Dataset '" + name + "' not found.");
  if (on_field && !has_field(known->fields, field)) {
    return error(res, 404, "Field '" + field + "' not found.");
  }
  json event{{"kind", "classified"},
             {"eventTime", format_rfc3339(engine.clock().now())},
             {"actor", ctx.caller ? ctx.caller->principal : "anonymous"},
             {"producer", kProducer},
             {"dataset", {{"namespace", ns}, {"name", name}}}};
  if (on_field) event["field"] = field;
  event["tag"] = tag;
  if (removed) event["removed"] = true;
  auto receipt = engine.ingest(event.dump(), Framing::kJson, IngestFormat::kNative);
  if (!receipt.ok()) return error(res, receipt.status());
  if (!receipt->errors.empty()) return error(res, 400, receipt->errors.front().message());
  ctx.audited_node = id;
  const EventLog& log = engine.log();
  auto after = engine.with_index([&](const Index& index) { return index.dataset(id); });
  if (!after.ok()) return error(res, after.status());
  http::reply_json(res, 200, dataset_json(log, *after, true));
}

}  // namespace marquez

void add_marquez_tag_routes(HttpServer& server) {
  Engine& engine = server.engine();
  server.route("GET", "/api/v1/tags", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 list_tags(engine, req, res);
               });
  server.route("PUT", "/api/v1/tags/.+", "PUT /api/v1/tags/{tag}", Access::kIngest,
               [&engine](const httplib::Request& req, httplib::Response& res,
                         RequestContext& ctx) { define_tag(engine, req, res, ctx); });
}

}  // namespace auditgraph
