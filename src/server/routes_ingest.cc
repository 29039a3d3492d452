// Writes: POST /api/v1/lineage (OpenLineage's HTTP transport: one event or an array) and
// POST /v1/events (native or OpenLineage events: an object, an array or NDJSON). A batch is
// all or nothing: 201 once every event is durable, 400 naming the first bad event, its JSON
// pointer and the reason (and listing the others), 413 for a batch over the limits.
#include <httplib.h>

#include "src/event_json.h"
#include "src/server/http_server.h"
#include "src/server/http_util.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr size_t kErrorsListed = 100;

json error_json(const IngestError& e) {
  return {{"event", e.event ? json(*e.event) : json()}, {"path", e.path}, {"reason", e.reason}};
}

void ingest(HttpServer& server, httplib::Response& res, const std::string& body, Framing framing,
            IngestFormat format) {
  Metrics& metrics = server.metrics();
  auto receipt = server.engine().ingest(body, framing, format);
  if (!receipt.ok()) {
    metrics.refused("write_failed");
    return http::reply_status(res, receipt.status());
  }
  if (!receipt->errors.empty()) {
    const IngestError& first = receipt->errors.front();
    const bool over_limit = first.over_limit;
    metrics.refused(over_limit ? "batch_too_large" : "invalid",
                    over_limit ? 1 : std::max<size_t>(receipt->errors.size(), 1));
    json out{{"error", first.message()}};
    const json fields = error_json(first);
    for (const auto& [key, value] : fields.items()) out[key] = value;
    json all = json::array();
    for (size_t i = 0; i < receipt->errors.size() && i < kErrorsListed; ++i) {
      all.push_back(error_json(receipt->errors[i]));
    }
    out["errors"] = std::move(all);
    out["refused"] = receipt->errors.size();
    return http::reply_json(res, over_limit ? 413 : 400, out);
  }
  metrics.events_ingested(receipt->written());
  metrics.events_duplicate(receipt->duplicates());
  metrics.ingest_batch(receipt->events);
  json seqs = json::array();
  for (const auto& a : receipt->appended) seqs.push_back(a.seq);
  http::reply_json(res, 201,
                   {{"events", receipt->events},
                    {"written", receipt->written()},
                    {"duplicates", receipt->duplicates()},
                    {"seqs", std::move(seqs)}});
}

}  // namespace

void add_ingest_routes(HttpServer& server) {
  server.route("POST", "/api/v1/lineage", Access::kIngest,
               [&server](const httplib::Request&, httplib::Response& res, RequestContext& ctx) {
                 ingest(server, res, ctx.body, Framing::kJson, IngestFormat::kOpenLineage);
               });
  server.route("POST", "/v1/events", Access::kIngest,
               [&server](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 const std::string type = req.get_header_value("Content-Type");
                 const Framing framing = type.rfind("application/x-ndjson", 0) == 0 ||
                                                 type.rfind("application/jsonl", 0) == 0
                                             ? Framing::kNdjson
                                             : Framing::kAuto;
                 const std::string f = http::param_or(req, "format", "auto");
                 IngestFormat format = IngestFormat::kAuto;
                 if (f == "openlineage") {
                   format = IngestFormat::kOpenLineage;
                 } else if (f == "native") {
                   format = IngestFormat::kNative;
                 } else if (f != "auto") {
                   return http::reply_error(
                       res, 400, "format: '" + f + "' is not auto, openlineage or native");
                 }
                 ingest(server, res, ctx.body, framing, format);
               });
}

}  // namespace auditgraph
