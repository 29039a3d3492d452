// The native query API (docs/api.md): provenance, impact, versions, access, access history,
// PII reach, check-change and stats, answering with the same JSON the CLI's --json prints.
// Every route here is Access::kQuery: an audit token's query is recorded in the log.
// Provenance, impact, access, versions and check-change take proofs=true: the answer then comes
// as a bundle (src/proof/answer_bundle.h) under a checkpoint the engine's publisher signs.
#include <httplib.h>

#include <sstream>
#include <string>
#include <vector>

#include "src/index_json.h"
#include "src/proof/answer_bundle.h"
#include "src/schema_json.h"
#include "src/server/http_server.h"
#include "src/server/http_util.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

// The bundle of `proved` under a checkpoint the engine's publisher covers it with (publishing
// one now when the latest is smaller); 409 when the engine signs no checkpoints.
void reply_bundle(Engine& engine, httplib::Response& res, const ProvableAnswer& proved) {
  CheckpointPublisher* publisher = engine.publisher();
  if (!publisher) {
    return http::reply_error(res, 409,
                             "proofs: this server signs no checkpoints; start it with "
                             "serve --signing-key FILE to answer with proofs");
  }
  auto checkpoint = publisher->covering(proved.at.size);
  if (!checkpoint.ok()) return http::reply_status(res, checkpoint.status());
  auto bundle =
      make_answer_bundle(engine.log(), proved, *checkpoint,
                         [publisher](std::string_view body) { return publisher->sign_note(body); });
  if (!bundle.ok()) return http::reply_status(res, bundle.status());
  http::reply_json(res, 200, *bundle);
}

// Answers a query once its route has parsed it: asks the index, brought up to the log's head,
// `(index.*ask)(q)`; an error is answered with its status, an answer as `to_json` makes it, 200,
// with `audited` as the node the query's access record names. With proofs=true (the routes whose
// answers have a provable() form), the answer comes as a bundle with `audited` as its subject.
template <typename Query, typename Answer, typename... Kind>
void answer(Engine& engine, const httplib::Request& req, httplib::Response& res,
            RequestContext& ctx, Result<Answer> (Index::*ask)(const Query&) const, const Query& q,
            json (*to_json)(const Answer&), const std::string& audited, Kind... kind) {
  constexpr bool kProvable = requires(const Answer& x, Kind... k) {
    provable(x, k..., std::string());
  };
  AG_TRY_PARAM(proofs, http::bool_param(req, "proofs", false));
  if (proofs && !kProvable) {
    return http::reply_error(res, 400, "proofs: this query's answers come without proofs");
  }
  auto a = engine.with_index([&](const Index& index) { return (index.*ask)(q); });
  if (!a.ok()) return http::reply_status(res, a.status());
  ctx.audited_node = audited;
  if constexpr (kProvable) {
    if (proofs) return reply_bundle(engine, res, provable(*a, kind..., audited));
  }
  http::reply_json(res, 200, to_json(*a));
}

void lineage(Engine& engine, const httplib::Request& req, httplib::Response& res,
             RequestContext& ctx, LineageQuery::Direction direction) {
  LineageQuery q;
  q.direction = direction;
  AG_TRY_PARAM(node, http::required_param(req, "node"));
  AG_TRY_PARAM(depth, http::uint_param(req, "depth", UINT32_MAX));
  AG_TRY_PARAM(as_of_seq, http::uint_param(req, "as_of_seq"));
  AG_TRY_PARAM(as_of, http::time_param(req, "as_of"));
  AG_TRY_PARAM(max_nodes, http::uint_param(req, "max_nodes"));
  AG_TRY_PARAM(edges, http::bool_param(req, "edges", true));
  q.node = node;
  if (depth) q.max_depth = static_cast<uint32_t>(*depth);
  q.as_of_seq = as_of_seq;
  q.as_of_time = as_of;
  if (max_nodes) q.max_nodes = static_cast<size_t>(*max_nodes);
  q.cursor = http::param_or(req, "cursor", "");
  q.domain = http::param_or(req, "domain", "");
  q.include_edges = edges;
  std::vector<std::string> kinds;  // kind=dataset,column
  std::stringstream list(http::param_or(req, "kind", ""));
  for (std::string k; std::getline(list, k, ',');) kinds.push_back(k);
  if (Status s = parse_node_kinds(kinds, "kind", &q.kinds); !s.ok()) {
    return http::reply_status(res, s);
  }
  answer(engine, req, res, ctx, &Index::lineage, q, lineage_to_json, q.node, direction);
}

}  // namespace

void add_query_routes(HttpServer& server) {
  Engine& engine = server.engine();
  for (auto direction :
       {LineageQuery::Direction::kUpstream, LineageQuery::Direction::kDownstream}) {
    const std::string path =
        direction == LineageQuery::Direction::kUpstream ? "/v1/provenance" : "/v1/impact";
    server.route(
        "GET", path, Access::kQuery,
        [&engine, direction](const httplib::Request& req, httplib::Response& res,
                             RequestContext& ctx) { lineage(engine, req, res, ctx, direction); });
  }

  server.route("GET", "/v1/versions", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 VersionQuery q;
                 AG_TRY_PARAM(dataset, http::required_param(req, "dataset"));
                 AG_TRY_PARAM(as_of, http::time_param(req, "as_of"));
                 AG_TRY_PARAM(depth, http::uint_param(req, "depth", UINT32_MAX));
                 q.dataset = dataset;
                 q.version = http::param_or(req, "version", "");
                 q.as_of_time = as_of;
                 if (depth) q.max_depth = static_cast<uint32_t>(*depth);
                 answer(engine, req, res, ctx, &Index::version_provenance, q, versions_to_json,
                        q.dataset);
               });

  server.route("GET", "/v1/access", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 AccessQuery q;
                 AG_TRY_PARAM(dataset, http::required_param(req, "dataset"));
                 AG_TRY_PARAM(as_of, http::time_param(req, "as_of"));
                 q.dataset = dataset;
                 q.as_of = as_of.value_or(engine.clock().now());
                 answer(engine, req, res, ctx, &Index::access, q, access_to_json, q.dataset);
               });

  server.route(
      "GET", "/v1/access-history", Access::kQuery,
      [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
        AccessHistoryQuery q;
        AG_TRY_PARAM(dataset, http::required_param(req, "dataset"));
        AG_TRY_PARAM(from, http::time_param(req, "from"));
        AG_TRY_PARAM(to, http::time_param(req, "to"));
        q.dataset = dataset;
        q.to = to.value_or(engine.clock().now());
        constexpr int64_t k30Days = 30 * 86'400'000'000'000;
        q.from = from.value_or(Timestamp{
            q.to.unix_nanos > INT64_MIN + k30Days ? q.to.unix_nanos - k30Days : INT64_MIN});
        if (q.to < q.from) {
          return http::reply_error(res, 400, "from: is after to");
        }
        answer(engine, req, res, ctx, &Index::access_history, q, access_history_to_json, q.dataset);
      });

  server.route("GET", "/v1/pii-reach", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 PiiQuery q;
                 AG_TRY_PARAM(as_of, http::time_param(req, "as_of"));
                 q.node = http::param_or(req, "node", "");
                 q.tag = http::param_or(req, "tag", q.tag);
                 q.now = as_of.value_or(engine.clock().now());
                 answer(engine, req, res, ctx, &Index::pii_reach, q, pii_to_json, q.node);
               });

  server.route(
      "POST", "/v1/check-change", Access::kQuery,
      [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
        const nlohmann::json body =
            nlohmann::json::parse(ctx.body, nullptr, /*allow_exceptions=*/false);
        if (body.is_discarded() || !body.is_object()) {
          return http::reply_error(res, 400,
                                   "body: expected a JSON object {\"dataset\", \"schema\"}");
        }
        ChangeQuery q;
        if (!body.contains("dataset") || !body["dataset"].is_string()) {
          return http::reply_error(res, 400, "/dataset: expected a dataset id string");
        }
        q.dataset = body["dataset"].get<std::string>();
        if (!body.contains("schema")) {
          return http::reply_error(res, 400, "/schema: required field is missing");
        }
        if (Status s = read_schema_fields(body["schema"], "/schema", &q.new_schema); !s.ok()) {
          return http::reply_status(res, s);
        }
        q.now = engine.clock().now();
        if (body.contains("now")) {
          auto t = body["now"].is_string() ? parse_rfc3339(body["now"].get<std::string>())
                                           : std::nullopt;
          if (!t) return http::reply_error(res, 400, "/now: expected an RFC 3339 time");
          q.now = *t;
        }
        if (body.contains("recent_days")) {
          if (!body["recent_days"].is_number_integer() || body["recent_days"].get<int64_t>() < 0 ||
              body["recent_days"].get<int64_t>() > 36'500) {
            return http::reply_error(res, 400, "/recent_days: expected an integer from 0 to 36500");
          }
          q.recent_days = body["recent_days"].get<int64_t>();
        }
        answer(engine, req, res, ctx, &Index::check_change, q, change_to_json, q.dataset);
      });

  server.route("GET", "/v1/search", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 SearchQuery q;
                 AG_TRY_PARAM(text, http::required_param(req, "q"));
                 AG_TRY_PARAM(limit, http::uint_param(req, "limit", 1000));
                 q.text = text;
                 q.limit = static_cast<size_t>(limit.value_or(50));
                 const SearchResult r =
                     engine.with_index([&](const Index& index) { return index.search(q); });
                 http::reply_json(res, 200, search_to_json(r));
               });

  server.route("GET", "/v1/overview", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 AG_TRY_PARAM(per_domain, http::uint_param(req, "per_domain", 100));
                 const Overview o = engine.with_index([&](const Index& index) {
                   return index.overview(static_cast<size_t>(per_domain.value_or(5)));
                 });
                 http::reply_json(res, 200, overview_to_json(o));
               });

  // What the catalog knows of one node: a dataset (a column answers with its dataset) or a job.
  server.route("GET", "/v1/node", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                 AG_TRY_PARAM(id, http::required_param(req, "id"));
                 const auto parts = split_node_id(id);
                 if (!parts) {
                   return http::reply_error(res, 400,
                                            "id: '" + id + "' is not a dataset, column or job id");
                 }
                 auto out = engine.with_index([&](const Index& index) -> Result<json> {
                   if (parts->kind == NodeKind::kJob) {
                     auto j = index.job(id);
                     if (!j.ok()) return j.status();
                     return catalog_job_to_json(*j);
                   }
                   auto d = index.dataset(parts->dataset_id());
                   if (!d.ok()) return d.status();
                   json doc = catalog_dataset_to_json(*d);
                   if (parts->kind == NodeKind::kColumn) {
                     doc = {{"kind", "column"},
                            {"id", id},
                            {"field", parts->field},
                            {"dataset", std::move(doc)}};
                   }
                   return doc;
                 });
                 if (!out.ok()) return http::reply_status(res, out.status());
                 if (parts->kind != NodeKind::kJob) ctx.audited_node = id;
                 http::reply_json(res, 200, *out);
               });

  server.route("GET", "/v1/stats", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 AG_TRY_PARAM(days, http::uint_param(req, "unused_days", 36'500));
                 auto out = engine.with_index([&](const Index& index) -> Result<nlohmann::ordered_json> {
                   auto stats =
                       index.stats(engine.clock().now(), static_cast<int64_t>(days.value_or(90)));
                   if (!stats.ok()) return stats.status();
                   return stats_to_json(*stats, index.head());
                 });
                 if (!out.ok()) return http::reply_status(res, out.status());
                 http::reply_json(res, 200, *out);
               });
}

}  // namespace auditgraph
