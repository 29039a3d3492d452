#include "auditgraph/clock.h"

#include <chrono>

namespace auditgraph {

Timestamp SystemClock::now() const {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count()};
}

}  // namespace auditgraph
