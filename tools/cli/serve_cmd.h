// `auditgraph serve --store DIR --listen HOST:PORT [--tokens FILE] [limits]`: the HTTP service
// (src/server/http_server.h, docs/api.md). Prints "listening on http://HOST:PORT" once bound
// (PORT 0 picks a free port). SIGTERM or SIGINT: stop accepting, finish the requests in flight,
// write the index snapshot, exit 0.
//
// `auditgraph token add|list|revoke --tokens FILE`: the bearer tokens (src/server/token_store.h).
#pragma once

#include <chrono>
#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace auditgraph::cli {

struct ServeCommand {
  std::string store;
  std::string listen = "127.0.0.1:5000";
  std::string tokens;  // "": no authentication, loopback only
  size_t max_body_bytes = 64 << 20;
  size_t max_batch_events = 10'000;
  size_t max_in_flight = 64;
  uint64_t request_timeout_ms = 30'000;
  std::string web;  // the built web page's folder (tools/dev web); "": the one built in
};

int run_serve(const ServeCommand& cmd, std::shared_ptr<spdlog::logger> logger);

struct TokenCommand {
  std::string action;  // add, list, revoke
  std::string tokens;
  std::string principal, role;  // add
  std::string id;               // revoke
  bool json_out = false;
};

int run_token(const TokenCommand& cmd);

}  // namespace auditgraph::cli
