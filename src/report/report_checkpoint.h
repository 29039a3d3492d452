// Which log size a report reads when it can carry a signed checkpoint of it.
#pragma once

#include "auditgraph/event_log.h"
#include "auditgraph/report.h"
#include "src/checkpoint/publisher.h"

namespace auditgraph {

// With a publisher and no log size asked, sets q->log_size to the size of a signed checkpoint
// covering the log's head (published now when the latest is older), so the report's integrity
// section embeds that checkpoint. Without a publisher, or with a size asked, leaves `q` as it is:
// the report then embeds the checkpoint published at that size, if there is one. Returns the
// publisher's error (e.g. its witnesses' quorum not reached): a report promised a checkpoint
// must not silently come without one.
Status pin_to_checkpoint(CheckpointPublisher* publisher, const EventLog& log, ReportQuery* q);

}  // namespace auditgraph
