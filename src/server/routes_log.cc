// The log itself: its head, one entry (decoded, plus the exact record bytes that are its Merkle
// leaf), and RFC 6962 inclusion and consistency proofs, so a client can check an answer's seqs
// against a root it trusts; and the tree's hashes as C2SP tlog-tiles hash tiles, for clients that
// compute roots and proofs themselves.
#include <httplib.h>

#include <string_view>

#include "auditgraph/merkle.h"
#include "src/event_json.h"
#include "src/server/http_server.h"
#include "src/server/http_util.h"
#include "src/server/tile_path.h"

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

  // GET /tile/<L>/<N>[.p/<W>] (tile_path.h): to anyone, without a token, as transparency-log
  // clients fetch tiles; a tile is only hashes of the tree, no record. Public routes are not
  // recorded as access records. A tile is served whenever the tree holds all its hashes, so a
  // partial tile stays available to clients holding an older checkpoint once it is full.
  server.route(
      "GET", R"(/tile/.*)", "GET /tile/{L}/{N}[.p/{W}]", Access::kPublic,
      [&engine](const httplib::Request& req, httplib::Response& res, RequestContext&) {
        const std::string_view path = std::string_view(req.path).substr(1);  // no leading '/'
        if (path.starts_with("tile/entries/")) {
          return http::reply_error(res, 404,
                                   "tile/entries: entry bundles are not served; read records at "
                                   "/v1/log/entries/{seq}");
        }
        auto tile = tiles::parse_tile_path(path);
        if (!tile.ok()) return http::reply_status(res, tile.status());
        const uint64_t size = engine.log().head().size;
        const uint32_t have = tiles::tile_width(tile->level, tile->index, size);
        if (have < tile->width) {
          return http::reply_error(res, 404,
                                   std::string(path) + ": the tree of size " +
                                       std::to_string(size) + " holds " + std::to_string(have) +
                                       " of this tile's hashes, not " +
                                       std::to_string(tile->width));
        }
        // have > 0, so tree level 8 * L < 64 and N * 256 + W fits.
        auto hashes =
            engine.log().read_hashes(static_cast<uint8_t>(tile->level * tiles::kTileHeight),
                                     tile->index * tiles::kTileWidth, tile->width);
        if (!hashes.ok()) return http::reply_status(res, hashes.status());
        res.set_content(*hashes, "application/octet-stream");
      });
}

}  // namespace auditgraph
