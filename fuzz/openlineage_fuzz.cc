// libFuzzer target: batches of openlineage events (fuzz/ingest_target.h).
#include "fuzz/ingest_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return auditgraph::fuzz::ingest_one_input(data, size, auditgraph::IngestFormat::kOpenLineage);
}
