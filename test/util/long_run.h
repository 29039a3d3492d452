// Slow sizes: property and crash tests run a smaller size by default, so the suite fits CI's
// budget, and their full size with `tools/dev test --long` (which sets AUDITGRAPH_LONG=1).
#pragma once

#include <cstdlib>

namespace auditgraph::testing {

// `normal` in a plain run, `full` when AUDITGRAPH_LONG is set.
template <class T>
T long_or(T normal, T full) {
  return std::getenv("AUDITGRAPH_LONG") ? full : normal;
}

}  // namespace auditgraph::testing
