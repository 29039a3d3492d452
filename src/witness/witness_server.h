// WitnessServer: a WitnessService over HTTP (cpp-httplib): `POST /add-checkpoint` as C2SP
// tlog-witness defines it (docs/api.md, "The witness"). No authentication: the spec has none
// beyond the log's signature on the checkpoint, so it may listen on any address.
//
// Thread safety: stop() may be called from any thread; the rest from the owning thread.
#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <memory>
#include <string>

#include "auditgraph/status.h"
#include "src/witness/witness_service.h"

namespace httplib {
class Server;
}

namespace auditgraph {

struct WitnessServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                     // 0: any free port (port() says which)
  size_t max_body_bytes = 1 << 20;  // 63 proof lines and a note of 100 signatures fit in 16 KiB
  std::chrono::seconds read_timeout{5};  // one read of a request's body
  size_t threads = 8;                    // connection threads
};

class WitnessServer {
 public:
  // `service` must outlive the server; `logger` may be null.
  WitnessServer(WitnessService& service, WitnessServerOptions options,
                std::shared_ptr<spdlog::logger> logger);
  ~WitnessServer();

  // Registers the route and binds the port; IOError naming the address when it cannot.
  Status bind();
  int port() const { return port_; }
  // REQUIRES: bind() returned OK. Serves until stop(); returns once in-flight requests are done.
  void run();
  // Stops accepting; run() then returns. A no-op until run() is listening.
  void stop();

 private:
  WitnessService& service_;
  const WitnessServerOptions options_;
  std::shared_ptr<spdlog::logger> logger_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
};

}  // namespace auditgraph
