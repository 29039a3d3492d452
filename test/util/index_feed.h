// IndexFeed: an in-memory index fed payloads one by one, seq after seq, each dated one second
// after the previous (seq N at N seconds), with no log behind it. For query tests that draw
// their own small meshes.
#pragma once

#include <doctest/doctest.h>

#include <memory>

#include "auditgraph/index.h"

namespace auditgraph::testing {

struct IndexFeed {
  std::unique_ptr<Index> index = make_index(nullptr);
  uint64_t seq = 0;
  void add(Payload p) {
    Event e;
    e.seq = seq;
    e.event_time = Timestamp{static_cast<int64_t>(seq) * 1'000'000'000};
    e.payload = std::move(p);
    REQUIRE(index->add(e, LogHead{++seq, Hash{}}).ok());
  }
};

}  // namespace auditgraph::testing
