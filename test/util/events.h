// Small events for log tests.
#pragma once

#include <string>

#include "auditgraph/event.h"

namespace auditgraph::testing {

// An access record whose fields all derive from `n`, with idempotency key `key` ("" = none).
inline Event access_event(uint64_t n, std::string key = "") {
  Event e;
  e.event_time = Timestamp{1'790'726'400'000'000'000 + static_cast<int64_t>(n)};
  e.actor = "user:" + std::to_string(n % 7);
  e.producer = "test";
  e.idempotency_key = std::move(key);
  e.payload = AccessRecorded{{PrincipalRef::Kind::kUser, e.actor},
                             {"s3://lake", "ds" + std::to_string(n)},
                             {},
                             AccessRecorded::Mode::kRead,
                             "trino",
                             "q" + std::to_string(n)};
  return e;
}

}  // namespace auditgraph::testing
