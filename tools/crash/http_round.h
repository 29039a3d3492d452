// One round of the crash loop through HTTP: the real server (`auditgraph serve`) is the writer.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace auditgraph::crash {

struct RoundResult {
  std::map<uint64_t, std::string> acked;  // seq -> the acknowledged event's JSON text
  std::string error;                      // "" when the round went as planned
};

// Starts `server_binary --store STORE serve --listen 127.0.0.1:0`, and once it listens, posts
// NDJSON batches of native dataset declarations and OpenLineage runs (chains of datasets, with a
// shared source so lineage spans rounds) from `threads` clients; SIGKILLs the server `delay_ms`
// later. Returns every event a 201 acknowledged.
RoundResult run_http_round(const std::string& server_binary, const std::string& store, int round,
                           int threads, int delay_ms);

}  // namespace auditgraph::crash
