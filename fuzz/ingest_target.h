// The body of the two ingest fuzz targets: a batch in any framing, parsed as `format`. Beyond not
// crashing, every event the parser accepts must survive the log's record encoding unchanged.
#pragma once

#include <cstdlib>
#include <string_view>

#include "auditgraph/ingest.h"
#include "storage/record_codec.h"

namespace auditgraph::fuzz {

inline int ingest_one_input(const uint8_t* data, size_t size, IngestFormat format) {
  static EventParser parser;  // as a server thread keeps one: buffers reused across inputs
  std::string_view text(reinterpret_cast<const char*>(data), size);
  parser.for_each(text, Framing::kAuto, format, [](size_t, Event* event, const IngestError* error) {
    if (error != nullptr) {
      if (error->reason.empty()) std::abort();  // every refusal says why
      return;
    }
    std::string record = storage::encode_record(*event, 42, Timestamp{1'800'000'000});
    auto back = storage::decode_record(record);
    if (!back.ok()) std::abort();
    event->seq = 42;
    event->recorded_at = Timestamp{1'800'000'000};
    if (!(*back == *event)) std::abort();
  });
  return 0;
}

}  // namespace auditgraph::fuzz
