#include "src/server/http_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <sys/stat.h>

#include <stdexcept>

#include "src/server/bind_port.h"
#include "src/server/http_util.h"

namespace auditgraph {
namespace {

bool is_loopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

// What tells a replaced tokens file apart: token_store writes a new file and renames it over
// the old one, so the inode changes even within one mtime tick.
std::string file_version(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

bool allowed(Access access, Role role) {
  switch (access) {
    case Access::kPublic:
      return true;
    case Access::kIngest:
      return role == Role::kIngest || role == Role::kAdmin;
    case Access::kQuery:
      return role == Role::kAudit || role == Role::kAdmin;
    case Access::kAdmin:
      return role == Role::kAdmin;
  }
  return false;
}

const char* access_roles(Access access) {
  switch (access) {
    case Access::kPublic:
      return "anyone";
    case Access::kIngest:
      return "ingest or admin";
    case Access::kQuery:
      return "audit or admin";
    case Access::kAdmin:
      return "admin";
  }
  return "?";
}

// A refused body (too big, too slow, unreadable); the connection is not kept.
void refuse_body(httplib::Response& res, int status, const std::string& message) {
  http::reply_error(res, status, message);
  res.set_header("Connection", "close");
}

}  // namespace

HttpServer::HttpServer(Engine& engine, ServerOptions options,
                       std::shared_ptr<spdlog::logger> logger)
    : engine_(engine),
      options_(std::move(options)),
      logger_(std::move(logger)),
      http_(std::make_unique<httplib::Server>()) {}

HttpServer::~HttpServer() = default;

Status HttpServer::bind() {
  if (options_.tokens_path.empty()) {
    if (!is_loopback(options_.host)) {
      return Status::InvalidArgument("--listen: " + options_.host +
                                     " is not a loopback address; without --tokens the server "
                                     "only listens on loopback");
    }
    if (logger_) {
      logger_->warn(
          "no --tokens: no authentication; listening on loopback only, queries are "
          "not recorded");
    }
  } else {
    tokens_version_ = file_version(options_.tokens_path);  // before loading: never miss a change
    auto tokens = TokenStore::Load(options_.tokens_path);
    if (!tokens.ok()) return tokens.status();
    tokens_ = std::make_shared<const TokenStore>(std::move(*tokens));
    tokens_checked_ = std::chrono::steady_clock::now();
    auth_ = true;
  }
  if (!options_.web_dir.empty()) {
    auto files = StaticFiles::Load(options_.web_dir);
    if (!files.ok()) return files.status();
    web_ = std::move(*files);
  } else if (options_.web) {
    web_ = std::move(options_.web);
    options_.web.reset();
  }
  const size_t threads = options_.threads ? options_.threads : options_.max_in_flight + 16;
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_payload_max_length(options_.max_body_bytes);
  socket_timeout_ =
      std::min<std::chrono::milliseconds>(options_.request_timeout, std::chrono::seconds(5));
  const auto timeout = std::chrono::duration_cast<std::chrono::microseconds>(socket_timeout_);
  http_->set_read_timeout(timeout.count() / 1'000'000, timeout.count() % 1'000'000);
  http_->set_write_timeout(30, 0);
  http_->set_keep_alive_timeout(2);  // a stop waits at most this long for idle connections
  http_->set_tcp_nodelay(true);
  http_->set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        const std::string what = exception_text(ep);
        if (logger_) logger_->error("{} {}: {}", req.method, req.target, what);  // target: encoded
        http::reply_error(res, 500, "internal error");
      });
  http_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler's own answer
    if (res.status == 404) {
      http::reply_error(res, 404, "no route for " + req.method + " " + req.path);
    } else if (res.status == 413) {
      refuse_body(res, 413, "body: larger than the limit");
    } else {
      http::reply_error(res, res.status,
                        "request: refused with status " + std::to_string(res.status));
    }
  });
  add_routes();
  auto bound = bind_port(*http_, options_.host, options_.port);
  if (!bound.ok()) return bound.status();
  port_ = *bound;
  return Status::Ok();
}

void HttpServer::run() { http_->listen_after_bind(); }

void HttpServer::stop() { http_->stop(); }

void HttpServer::add_routes() {
  route("GET", "/healthz", Access::kPublic,
        [](const httplib::Request&, httplib::Response& res, RequestContext&) {
          res.set_content("ok\n", "text/plain");
        });
  route("GET", "/metrics", Access::kAdmin,
        [this](const httplib::Request&, httplib::Response& res, RequestContext&) {
          Metrics::Snapshot s;
          const LogHead head = engine_.log().head();
          const LogStats ls = engine_.log().stats();
          s.log_size = head.size;
          s.log_writes = ls.writes;
          s.log_syncs = ls.syncs;
          s.log_events_written = ls.events_written;
          s.log_appends = ls.appends;
          engine_.with_index([&](const Index& index) {
            const Index::Sizes sizes = index.sizes();
            s.index_size = index.head().size;
            s.index_nodes = sizes.nodes;
            s.index_edges = sizes.edges;
            return 0;
          });
          s.in_flight = in_flight_.load();
          if (const CheckpointPublisher* publisher = engine_.publisher()) {
            const PublisherStats ps = publisher->stats();
            s.signs_checkpoints = true;
            s.checkpoints_published = ps.published;
            s.checkpoints_failed = ps.failed;
            s.witness_refusals = ps.witness_refusals;
            s.checkpoint_size = ps.last_size;
          }
          res.set_content(metrics_.render(s), "text/plain; version=0.0.4");
        });
  add_ingest_routes(*this);
  add_query_routes(*this);
  add_log_routes(*this);
  add_marquez_routes(*this);
  add_report_routes(*this, web_.has_value());
  if (web_) {
    add_web_routes(*this, *web_);
  } else {
    add_no_web_route(*this);
  }
}

void HttpServer::route(const std::string& method, const std::string& pattern,
                       const std::string& label, Access access, Handler handler) {
  metrics_.add_route(label);
  if (method != "GET") {
    auto with_body = [this, label, access, handler](const httplib::Request& req,
                                                    httplib::Response& res,
                                                    const httplib::ContentReader& reader) {
                  // Reads the body within the size and time limits into *body (null: reads and
                  // drops it, so a refused request leaves no bytes behind on a kept-alive
                  // connection). A body over the size limit is still read to its end, then refused.
                  // On failure sets *status: 413, 408, or 400 for a body that cannot be read (a
                  // closed connection, bad chunking).
                  auto read_body = [&](std::string* body, int* status) {
                    const auto begin = std::chrono::steady_clock::now();
                    const auto deadline = begin + options_.request_timeout;
                    bool too_slow = false, too_big = false;
                    size_t size = 0;
                    const bool ok = reader([&](const char* data, size_t n) {
                      if (std::chrono::steady_clock::now() > deadline) return !(too_slow = true);
                      size += n;
                      if (size > options_.max_body_bytes) too_big = true;
                      if (body && !too_big) body->append(data, n);
                      return true;
                    });
                    if (ok && !too_big) return true;
                    // A read that failed after waiting out the socket's timeout is a slow client
                    // too.
                    const bool waited = std::chrono::steady_clock::now() - begin >= socket_timeout_;
                    *status = too_big || res.status == 413 ? 413 : too_slow || waited ? 408 : 400;
                    return false;
                  };
                  handle(label, access, handler, req, res, read_body);
    };
    if (method == "POST") {
      http_->Post(pattern, with_body);
    } else if (method == "PUT") {
      http_->Put(pattern, with_body);
    } else if (method == "DELETE") {
      http_->Delete(pattern, with_body);
    } else {
      throw std::logic_error("route: method " + method + " is not GET, POST, PUT or DELETE");
    }
  } else {
    http_->Get(pattern,
               [this, label, access, handler](const httplib::Request& req, httplib::Response& res) {
                 handle(label, access, handler, req, res, nullptr);
               });
  }
}

void HttpServer::route(const std::string& method, const std::string& path, Access access,
                       Handler handler) {
  if (path.find_first_of("\\^$.|?*+()[]{}") != std::string::npos) {
    throw std::logic_error("route: " + path + " is a pattern; give it a label");
  }
  route(method, path, method + " " + path, access, std::move(handler));
}

void HttpServer::handle(const std::string& label, Access access, const Handler& handler,
                        const httplib::Request& req, httplib::Response& res,
                        const std::function<bool(std::string*, int*)>& read_body) {
  const auto start = std::chrono::steady_clock::now();
  // Counted however the handler ends (a throw is answered 500 by the exception handler).
  struct Observe {
    Metrics& metrics;
    const std::string& label;
    httplib::Response& res;
    std::chrono::steady_clock::time_point start;
    ~Observe() {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      metrics.observe(label, res.status == -1 ? 500 : res.status, seconds);
    }
  } observe{metrics_, label, res, start};
  // A refused request's body is read and dropped first, within the limits.
  auto drop_body = [&] {
    int ignored = 0;
    if (read_body) read_body(nullptr, &ignored);
  };
  struct Slot {
    std::atomic<size_t>& n;
    ~Slot() { --n; }
  } slot{in_flight_};
  if (++in_flight_ > options_.max_in_flight) {
    metrics_.refused("overloaded");
    http::reply_error(res, 503,
                      "server: " + std::to_string(options_.max_in_flight) +
                          " requests in flight already; retry later");
    res.set_header("Retry-After", "1");
    drop_body();
    return;
  }
  if (options_.on_request) options_.on_request(label);

  RequestContext ctx;
  std::optional<Caller> caller;
  if (access != Access::kPublic && auth_) {
    int status = 0;
    std::string why;
    caller = authenticate(req, &status, &why);
    if (!caller) {
      metrics_.refused(status == 401 ? "unauthorized" : "forbidden");
      http::reply_error(res, status, why);
      if (status == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"auditgraph\"");
      drop_body();
      return;
    }
    if (!allowed(access, caller->role)) {
      metrics_.refused("forbidden");
      http::reply_error(res, 403,
                        "authorization: role " + std::string(role_name(caller->role)) +
                            " may not call " + label + " (needs " + access_roles(access) + ")");
      drop_body();
      return;
    }
    ctx.caller = &*caller;
  }
  if (read_body) {
    int status = 0;
    if (!read_body(&ctx.body, &status)) {
      metrics_.refused(status == 413 ? "too_large" : status == 408 ? "timeout" : "unreadable");
      refuse_body(res, status,
                  status == 413
                      ? "body: larger than " + std::to_string(options_.max_body_bytes) + " bytes"
                  : status == 408 ? "body: not received within " +
                                        std::to_string(options_.request_timeout.count()) + " ms"
                                  : "body: could not be read (connection closed, or bad chunked "
                                    "encoding)");
      return;
    }
  }
  if (access == Access::kQuery) {
    // An index that cannot catch up would answer as of an older log: refuse instead.
    if (Status s = engine_.index_status(); !s.ok()) {
      http::reply_status(res, s);
      res.set_header("Retry-After", "5");
      return;
    }
  }
  handler(req, res, ctx);
  if (res.status == -1) res.status = 200;  // httplib's default once content is set
  // Fail closed: anything but an error answer of a query is recorded before it is sent.
  if (access == Access::kQuery && ctx.caller && res.status < 400) {
    Status recorded =
        engine_.record_query(*ctx.caller, ctx.audited_node, req.method + " " + req.target);
    if (!recorded.ok()) {
      if (logger_)
        logger_->error("cannot record the query of {}: {}", ctx.caller->principal,
                       recorded.to_string());
      http::reply_error(res, 503,
                        "audit: the query could not be recorded in the log, so it is not "
                        "answered: " +
                            recorded.message());
    }
  }
}

std::optional<Caller> HttpServer::authenticate(const httplib::Request& req, int* status,
                                               std::string* why) {
  *status = 401;
  const std::string header = req.get_header_value("Authorization");
  if (header.empty()) {
    *why = "authorization: no bearer token (send Authorization: Bearer <token>)";
    return std::nullopt;
  }
  if (header.rfind("Bearer ", 0) != 0 || header.size() == 7) {
    *why = "authorization: expected 'Bearer <token>'";
    return std::nullopt;
  }
  std::shared_ptr<const TokenStore> tokens;
  {
    std::lock_guard lock(tokens_mu_);
    const auto now = std::chrono::steady_clock::now();
    if (now - tokens_checked_ > std::chrono::seconds(1)) {
      tokens_checked_ = now;
      const std::string version = file_version(options_.tokens_path);
      if (version != tokens_version_) {
        auto reloaded = TokenStore::Load(options_.tokens_path);
        if (reloaded.ok()) {
          tokens_ = std::make_shared<const TokenStore>(std::move(*reloaded));
          tokens_version_ = version;
          if (logger_) logger_->info("tokens: reloaded {}", options_.tokens_path);
        } else if (logger_) {
          logger_->error("tokens: kept the previous tokens: {}", reloaded.status().to_string());
        }
      }
    }
    tokens = tokens_;
  }
  auto caller = tokens->authenticate(header.substr(7));
  if (!caller) *why = "authorization: the token is unknown or revoked";
  return caller;
}

}  // namespace auditgraph
