#include "src/ingest/scheme1_keys.h"

#include <initializer_list>

#include "auditgraph/hash.h"
#include "auditgraph/ingest.h"
#include "src/ingest/canonical_json.h"
#include "src/ingest/openlineage.h"

namespace auditgraph::ingest {
namespace {

// Scheme 1's digest: the parts, each followed by a 0 byte, SHA-256, first 16 bytes in hex.
std::string digest_key(std::string_view prefix, std::initializer_list<std::string_view> parts) {
  std::string joined;
  for (auto p : parts) {
    joined += p;
    joined += '\0';
  }
  return std::string(prefix) + to_hex(sha256(joined).view().substr(0, 16));
}

// A string member of `o`, "" when absent, null or not a string.
std::string_view string_member(const object& o, std::string_view key) {
  std::string_view s;
  return o.at_key(key).get(s) == simdjson::SUCCESS ? s : std::string_view();
}

}  // namespace

std::string scheme1_key(const Event& event, simdjson::dom::parser& parser) {
  if (!is_content_key(event.idempotency_key)) return "";
  element root;
  if (parser.parse(event.raw.bytes).get(root) != simdjson::SUCCESS) return "";
  if (event.raw.format == RawEvent::Format::kNative) {
    return "native:" + to_hex(sha256(to_json_text(root)).view().substr(0, 16));
  }
  object o;
  if (root.get_object().get(o) != simdjson::SUCCESS) return "";
  // The time as scheme 1 keyed it: integer nanoseconds, or a placeholder as written.
  const std::string_view time_text = string_member(o, "eventTime");
  const std::string time_key =
      is_template(time_text) ? std::string(time_text) : std::to_string(event.event_time.unix_nanos);
  if (const auto* run = std::get_if<RunEvent>(&event.payload)) {
    std::string_view type = string_member(o, "eventType");
    if (type.empty()) type = "OTHER";
    return digest_key("ol:run:", {run->run_id, type, time_key, run->job.ns, run->job.name});
  }
  const std::string raw_digest = sha256(event.raw.bytes).hex();
  if (const auto* d = std::get_if<DatasetDeclared>(&event.payload)) {
    return digest_key("ol:dataset:", {time_key, d->dataset.ns, d->dataset.name, raw_digest});
  }
  if (const auto* j = std::get_if<JobDeclared>(&event.payload)) {
    return digest_key("ol:job:", {time_key, j->job.ns, j->job.name, raw_digest});
  }
  return "";
}

Status match_scheme1_retries(const EventLog& log, std::span<Event> events) {
  if (log.key_scheme() != 1) return Status::Ok();
  simdjson::dom::parser parser;
  std::string scratch;
  for (Event& e : events) {
    if (!is_content_key(e.idempotency_key)) continue;
    auto logged = log.find_idempotency_key(e.idempotency_key);
    if (logged.ok()) continue;  // a retry of an event logged since: append answers it
    if (!logged.status().is_not_found()) return logged.status();
    const std::string old_key = scheme1_key(e, parser);
    if (old_key.empty()) continue;
    auto old_seq = log.find_idempotency_key(old_key);
    if (!old_seq.ok()) {
      if (old_seq.status().is_not_found()) continue;  // never sent before
      return old_seq.status();
    }
    auto first = log.read(*old_seq);
    if (!first.ok()) return first.status();
    element root;
    // No producer JSON there (an engine's own event): not the same event, so not a retry.
    if (parser.parse(first->raw.bytes).get(root) != simdjson::SUCCESS) continue;
    if (content_key(root, scratch) == e.idempotency_key) e.idempotency_key = old_key;
  }
  return Status::Ok();
}

}  // namespace auditgraph::ingest
