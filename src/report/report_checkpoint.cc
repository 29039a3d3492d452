#include "src/report/report_checkpoint.h"

namespace auditgraph {

Status pin_to_checkpoint(CheckpointPublisher* publisher, const EventLog& log, ReportQuery* q) {
  if (publisher == nullptr || q->log_size) return Status::Ok();
  auto covering = publisher->covering(log.head().size);
  if (!covering.ok()) return covering.status();
  q->log_size = covering->head.size;
  return Status::Ok();
}

}  // namespace auditgraph
