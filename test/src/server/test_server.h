// A real HttpServer over a real store on a loopback ephemeral port, with one token per role
// (and a revoked one), for the end-to-end tests. Clients are httplib's own.
#pragma once

#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "auditgraph/clock.h"
#include "src/demo/demo_mesh.h"
#include "src/server/engine.h"
#include "src/server/http_server.h"
#include "src/server/token_store.h"
#include "test/util/temp_dir.h"

namespace auditgraph::testing {

class TestServer {
 public:
  // `engine`: the engine's options (a signing key, witnesses); its log never fsyncs here.
  explicit TestServer(ServerOptions options = {}, bool with_tokens = true,
                      EngineOptions engine = {})
      : options_(std::move(options)), engine_options_(std::move(engine)) {
    if (with_tokens) {
      options_.tokens_path = dir_.sub("tokens.json");
      TokenStore tokens(options_.tokens_path);
      SystemClock clock;
      for (auto [name, role] : {std::pair{"ingestor", Role::kIngest},
                                {"alice", Role::kAudit},
                                {"root", Role::kAdmin}}) {
        token_[name] = tokens.add(name, role, clock.now()).value();
      }
      token_["revoked"] = tokens.add("mallory", Role::kAdmin, clock.now()).value();
      REQUIRE(tokens.revoke(tokens.entries().back().id, clock.now()).ok());
    }
    start();
  }
  ~TestServer() { stop(); }

  void start() {
    options_.port = 0;
    EngineOptions engine_options = engine_options_;
    engine_options.log.sync = false;
    auto engine = Engine::Open(dir_.sub("store"), engine_options);
    REQUIRE(engine.ok());
    engine_ = std::move(*engine);
    server_ = std::make_unique<HttpServer>(*engine_, options_, nullptr);
    REQUIRE(server_->bind().ok());
    thread_ = std::thread([this] { server_->run(); });
  }
  // Stops the server and closes the store (a restart is stop() then start()).
  void stop() {
    if (!server_) return;
    server_->stop();
    thread_.join();
    REQUIRE(engine_->save_snapshot().ok());
    server_.reset();
    engine_.reset();
  }

  httplib::Client client(const std::string& who = "") const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    if (!who.empty()) c.set_bearer_token_auth(token_.at(who));
    return c;
  }
  const std::string& token(const std::string& who) const { return token_.at(who); }
  int port() const { return server_->port(); }
  Engine& engine() { return *engine_; }
  HttpServer& server() { return *server_; }
  std::string dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  ServerOptions options_;
  EngineOptions engine_options_;
  std::map<std::string, std::string> token_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

// A raw TCP connection to the server, for the clients httplib will not play: slow, stalled or
// broken ones.
class RawClient {
 public:
  explicit RawClient(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // False once the server has closed the connection.
  bool send(const std::string& bytes) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    return sent == static_cast<ssize_t>(bytes.size());
  }
  // What the server sends until it closes or `timeout` passes ("" for nothing).
  std::string read_reply(std::chrono::milliseconds timeout) {
    std::string reply;
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[4096];
      ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      reply.append(buf, static_cast<size_t>(n));
    }
    return reply;
  }

 private:
  int fd_;
};

// Posts the demo mesh (src/demo) as one NDJSON batch with the ingest token.
inline void post_demo(TestServer& s) {
  std::string batch;
  for (const auto& e : demo_mesh_events({})) batch += e + "\n";
  auto r = s.client("ingestor").Post("/v1/events", batch, "application/x-ndjson");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 201, r->body);
}

}  // namespace auditgraph::testing
