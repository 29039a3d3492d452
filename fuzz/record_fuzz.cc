// libFuzzer target: the record decoder. Any bytes either decode or are refused; what decodes
// encodes back to a record that decodes to the same event.
#include <cstdlib>
#include <string_view>

#include "storage/record_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace auditgraph;
  auto event = storage::decode_record(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!event.ok()) {
    if (event.status().message().empty()) std::abort();
    return 0;
  }
  std::string again = storage::encode_record(*event, event->seq, event->recorded_at);
  auto back = storage::decode_record(again);
  if (!back.ok() || !(*back == *event)) std::abort();
  return 0;
}
