// Clock: where the log reads the time it stamps on records (`recorded_at`). Injected so tests can
// fix it; the log never calls the system clock directly.
#pragma once

#include "auditgraph/event.h"

namespace auditgraph {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current time. Must be safe to call from any thread.
  virtual Timestamp now() const = 0;
};

// The system's real-time clock.
class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

}  // namespace auditgraph
