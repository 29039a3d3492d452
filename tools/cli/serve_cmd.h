// `auditgraph serve --store DIR --listen HOST:PORT [--tokens FILE] [limits] [--signing-key FILE
// [--witness URL,VKEY]... [--witness-quorum N]]`: the HTTP service (src/server/http_server.h,
// docs/api.md). Prints "listening on http://HOST:PORT" once bound
// (PORT 0 picks a free port). SIGTERM or SIGINT: stop accepting, finish the requests in flight,
// write the index snapshot, exit 0. Exit code 1 when the store cannot be opened or the port
// bound, 2 for bad usage (a bad --listen, a public address without tokens, a bad key or
// --witness, witnesses without --signing-key).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "auditgraph/ingest.h"
#include "src/server/http_server.h"
#include "tools/cli/command.h"

namespace auditgraph::cli {

// The defaults are the server's (ServerOptions) and the ingest limits' (IngestLimits).
struct ServeCommand {
  std::string store;
  std::string listen = ServerOptions{}.host + ":" + std::to_string(ServerOptions{}.port);
  std::string tokens;  // "": no authentication, loopback only
  size_t max_body_bytes = ServerOptions{}.max_body_bytes;
  size_t max_batch_events = IngestLimits{}.max_batch_events;
  size_t max_in_flight = ServerOptions{}.max_in_flight;
  uint64_t request_timeout_ms = static_cast<uint64_t>(ServerOptions{}.request_timeout.count());
  std::string web;  // the built web page's folder (tools/dev web); "": the one built in
  std::string signing_key;  // the log's note key file (key generate); "": no signed checkpoints
  std::vector<std::string> witnesses;   // "URL,VKEY" each: witnesses that cosign checkpoints
  size_t witness_quorum = 0;            // cosignatures needed; 0: every witness
};

int run_serve(const ServeCommand& cmd, std::shared_ptr<spdlog::logger> logger);

void add_serve_command(CLI::App& app, Context& ctx);

}  // namespace auditgraph::cli
