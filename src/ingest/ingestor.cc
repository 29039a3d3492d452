#include "auditgraph/ingest.h"

#include "src/ingest/scheme1_keys.h"

namespace auditgraph {

size_t IngestReceipt::written() const {
  size_t n = 0;
  for (const auto& a : appended) n += a.duplicate ? 0 : 1;
  return n;
}

size_t IngestReceipt::duplicates() const { return appended.size() - written(); }

Ingestor::Ingestor(EventLog& log, IngestLimits limits, const Clock* clock)
    : log_(log), parser_(limits, clock) {}

Result<IngestReceipt> Ingestor::ingest(std::string_view text, Framing framing, IngestFormat format,
                                       bool dry_run) {
  IngestReceipt receipt;
  std::vector<Event> events;
  auto batch_error = parser_.for_each(
      text, framing, format, [&](size_t, Event* event, const IngestError* error) {
        ++receipt.events;
        if (error) receipt.errors.push_back(*error);
        if (event && receipt.errors.empty() && !dry_run) events.push_back(std::move(*event));
      });
  if (batch_error) receipt.errors.push_back(*batch_error);
  if (!receipt.errors.empty() || dry_run) return receipt;
  Status matched = ingest::match_scheme1_retries(log_, events);
  if (!matched.ok()) return matched;
  auto appended = log_.append(events);
  if (!appended.ok()) return appended.status();
  receipt.appended = std::move(*appended);
  return receipt;
}

}  // namespace auditgraph
