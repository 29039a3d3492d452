// The log itself: its head, one entry (decoded, plus the exact record bytes that are its Merkle
// leaf), and RFC 6962 inclusion and consistency proofs, so a client can check an answer's seqs
// against a root it trusts.
#include <httplib.h>

#include "auditgraph/merkle.h"
#include "src/event_json.h"
#include "src/server/http_server.h"
#include "src/server/http_util.h"

namespace auditgraph {

void add_log_routes(HttpServer& server) {
  Engine& engine = server.engine();
  // The latest signed checkpoint (C2SP tlog-checkpoint), to anyone: witnesses and monitors fetch
  // it without credentials, and it says no more than the log's size and root.
  server.route("GET", "/checkpoint", Access::kPublic,
               [&engine](const httplib::Request&, httplib::Response& res, RequestContext&) {
                 CheckpointPublisher* publisher = engine.publisher();
                 if (publisher == nullptr) {
                   return http::reply_error(res, 404,
                                            "this server signs no checkpoints: start it with "
                                            "serve --signing-key FILE");
                 }
                 auto latest = publisher->covering(0);
                 if (!latest.ok()) return http::reply_status(res, latest.status());
                 res.set_content(latest->note, "text/plain; charset=utf-8");
               });

  server.route("GET", "/v1/log/head", Access::kQuery,
               [&engine](const httplib::Request&, httplib::Response& res, RequestContext&) {
                 http::reply_json(res, 200, head_to_json(engine.log().head()));
               });

  server.route("GET", R"(/v1/log/entries/(\d+))", "GET /v1/log/entries/{seq}", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 uint64_t seq = 0;
                 try {
                   seq = std::stoull(req.matches[1].str());
                 } catch (const std::exception&) {
                   return http::reply_error(res, 400, "seq: not a log position");
                 }
                 const uint64_t size = engine.log().head().size;
                 if (seq >= size) {
                   return http::reply_error(res, 404,
                                            "seq: " + std::to_string(seq) +
                                                " is past the log's head (size " +
                                                std::to_string(size) + ")");
                 }
                 auto event = engine.log().read(seq);
                 if (!event.ok()) return http::reply_status(res, event.status());
                 auto raw = engine.log().read_raw(seq);
                 if (!raw.ok()) return http::reply_status(res, raw.status());
                 nlohmann::ordered_json out = event_to_json(*event);
                 out["record"] = to_hex(*raw);
                 out["leaf_hash"] = merkle_leaf_hash(*raw).hex();
                 http::reply_json(res, 200, out);
               });

  server.route("GET", "/v1/log/proof/inclusion", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 AG_TRY_PARAM(seq, http::uint_param(req, "seq"));
                 AG_TRY_PARAM(size, http::uint_param(req, "size"));
                 if (!seq) return http::reply_error(res, 400, "seq: required parameter is missing");
                 auto proof =
                     engine.log().prove_inclusion(*seq, size.value_or(engine.log().head().size));
                 if (!proof.ok()) return http::reply_status(res, proof.status());
                 http::reply_json(res, 200, inclusion_to_json(*proof));
               });

  server.route("GET", "/v1/log/proof/consistency", Access::kQuery,
               [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 AG_TRY_PARAM(from, http::uint_param(req, "from"));
                 AG_TRY_PARAM(to, http::uint_param(req, "to"));
                 if (!from)
                   return http::reply_error(res, 400, "from: required parameter is missing");
                 auto proof =
                     engine.log().prove_consistency(*from, to.value_or(engine.log().head().size));
                 if (!proof.ok()) return http::reply_status(res, proof.status());
                 http::reply_json(res, 200, consistency_to_json(*proof));
               });
}

}  // namespace auditgraph
