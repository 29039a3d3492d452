// HttpServer: the engine as an HTTP service (docs/api.md). OpenLineage producers post to
// /api/v1/lineage, Marquez clients read /api/v1/..., everything else is under /v1/.
//
// Every route goes through one wrapper (route()) that, in order: refuses when too many requests
// are in flight (503), authenticates the bearer token (401) and checks its role (403), reads a
// body within the size and time limits (413, 408), runs the handler, and, for a query by an
// audit or admin token that succeeded, records the query in the log before the answer leaves
// (503 instead when that record cannot be written). Latency and status go to Metrics.
//
// Without a tokens file there is no authentication; the server then only listens on loopback.
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "auditgraph/status.h"
#include "src/server/engine.h"
#include "src/server/metrics.h"
#include "src/server/static_files.h"
#include "src/server/token_store.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace auditgraph {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 5000;          // 0: any free port (port() says which)
  std::string tokens_path;  // "": no authentication, loopback only
  size_t max_body_bytes = 64 << 20;
  std::chrono::milliseconds request_timeout{30'000};  // a body must arrive within this
  size_t max_in_flight = 64;  // requests handled at once; more are answered 503
  size_t threads = 0;         // connection threads; 0: max_in_flight + 16
  std::string web_dir;        // the built web page, served at / to anyone; "": `web`
  std::optional<StaticFiles> web;  // the page's files when web_dir is "" (the binary's own)
  // Test seam: called by each request once it holds an in-flight slot, with the route label.
  std::function<void(const std::string& route)> on_request;
};

// Who may call a route.
enum class Access : uint8_t {
  kPublic,  // anyone (/healthz)
  kIngest,  // ingest or admin
  kQuery,   // audit or admin; recorded in the log as an access record
  kAdmin,   // admin
};

// What a handler sees of a request besides httplib's.
struct RequestContext {
  const Caller* caller = nullptr;  // null without authentication
  std::string body;                // POST routes: the whole body, within the limits
  // kQuery routes: the dataset or column the query is about ("" for the log as a whole).
  std::string audited_node;
};

class HttpServer {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&, RequestContext&)>;

  HttpServer(Engine& engine, ServerOptions options, std::shared_ptr<spdlog::logger> logger);
  ~HttpServer();

  // Loads the tokens and the web page, registers the routes and binds the port.
  // InvalidArgument for a non-loopback host without tokens or a bad --web folder; IOError when
  // the port cannot be bound.
  Status bind();
  int port() const { return port_; }
  // Serves until stop(); returns once in-flight requests are done.
  void run();
  // Stops accepting; run() returns after the requests in flight finish. Safe from any thread.
  void stop();

  // Registers a route: `method` "GET", "POST", "PUT" or "DELETE" (the last three read a body
  // within the limits), `pattern` a regex over the decoded path,
  // `label` the route's name in metrics and logs.
  void route(const std::string& method, const std::string& pattern, const std::string& label,
             Access access, Handler handler);
  // The same for a plain `path` (no regex), labelled "METHOD PATH".
  void route(const std::string& method, const std::string& path, Access access, Handler handler);

  Engine& engine() { return engine_; }
  Metrics& metrics() { return metrics_; }
  const ServerOptions& options() const { return options_; }

 private:
  void handle(const std::string& label, Access access, const Handler& handler,
              const httplib::Request& req, httplib::Response& res,
              const std::function<bool(std::string*, int*)>& read_body);
  std::optional<Caller> authenticate(const httplib::Request& req, int* status, std::string* why);
  void add_routes();

  Engine& engine_;
  ServerOptions options_;
  std::shared_ptr<spdlog::logger> logger_;
  std::unique_ptr<httplib::Server> http_;
  std::optional<StaticFiles> web_;  // loaded by bind() from options_.web_dir, else options_.web
  Metrics metrics_;
  std::atomic<size_t> in_flight_{0};
  std::chrono::milliseconds socket_timeout_{5000};  // one read's wait: min(request timeout, 5 s)
  int port_ = 0;
  // The tokens, reloaded when the file changes (checked at most once a second).
  std::mutex tokens_mu_;
  bool auth_ = false;  // set by bind(): a tokens file was given
  std::shared_ptr<const TokenStore> tokens_;
  std::chrono::steady_clock::time_point tokens_checked_;
  std::string tokens_version_;  // the file's inode, size and mtime when last loaded
};

// Route groups, each in its own file.
void add_ingest_routes(HttpServer& server);   // routes_ingest.cc
void add_query_routes(HttpServer& server);    // routes_query.cc
void add_log_routes(HttpServer& server);      // routes_log.cc
// Marquez's API: namespaces, datasets, jobs and sources (routes_marquez.cc, which registers the
// other groups too): lineage (routes_marquez_lineage.cc), runs and raw events
// (routes_marquez_runs.cc), search (routes_marquez_search.cc), stats (routes_marquez_stats.cc),
// tags (routes_marquez_tags.cc).
void add_marquez_routes(HttpServer& server);
void add_marquez_lineage_routes(HttpServer& server);
void add_marquez_run_routes(HttpServer& server);
void add_marquez_search_routes(HttpServer& server);
void add_marquez_stats_routes(HttpServer& server);
void add_marquez_tag_routes(HttpServer& server);
// web_page: the server serves the web page, so the HTML report links into it.
void add_report_routes(HttpServer& server, bool web_page);  // routes_report.cc
// GET / and the page's assets, to anyone (no data: the page calls the API with its own token).
void add_web_routes(HttpServer& server, const StaticFiles& files);  // routes_web.cc
// Without a page: GET / answers 404 saying why (the binary holds none, no --web).
void add_no_web_route(HttpServer& server);  // routes_web.cc

}  // namespace auditgraph
