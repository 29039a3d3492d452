// EventParser: framing, limits, JSON parsing (simdjson DOM) and dispatch to the OpenLineage and
// native converters.
#include <string>

#include "auditgraph/ingest.h"
#include "src/ingest/canonical_json.h"
#include "src/ingest/framing.h"
#include "src/ingest/json_reader.h"
#include "src/ingest/native.h"
#include "src/ingest/openlineage.h"

namespace auditgraph {

using ingest::element;
using ingest::object;

std::string IngestError::message() const {
  std::string out = event ? "event " + std::to_string(*event) : std::string("batch");
  out += ": ";
  if (!path.empty()) out += path + ": ";
  out += reason;
  return out;
}

class EventParser::Impl {
 public:
  Impl(const IngestLimits& limits, const Clock& clock) : limits_(limits), clock_(clock) {}

  // Parses `text` as one JSON document allowing `depth` levels of nesting. On failure returns
  // the reason.
  std::optional<std::string> parse(std::string_view text, uint32_t depth, element& out) {
    if (parser_.max_depth() != depth || parser_.capacity() < text.size()) {
      if (parser_.allocate(std::max(text.size(), capacity_hint_), depth) != simdjson::SUCCESS)
        return "out of memory for a document of " + std::to_string(text.size()) + " bytes";
    }
    auto error = parser_.parse(text.data(), text.size()).get(out);
    if (error == simdjson::SUCCESS) return std::nullopt;
    if (error == simdjson::DEPTH_ERROR)
      return "nesting deeper than " + std::to_string(limits_.max_depth) + " levels";
    return std::string("malformed JSON: ") + simdjson::error_message(error);
  }

  // Converts a parsed event.
  std::optional<IngestError> convert(const element& root, std::string_view raw, size_t index,
                                     IngestFormat format, Event& out) {
    if (raw.size() > limits_.max_event_bytes) {
      return IngestError{index, "",
                         "event of " + std::to_string(raw.size()) +
                             " bytes is larger than the limit of " +
                             std::to_string(limits_.max_event_bytes)};
    }
    ingest::JsonReader r(limits_);
    auto obj = r.as_object(root, ingest::kRoot);
    if (!obj) return IngestError{index, "", r.error_reason()};
    if (format == IngestFormat::kAuto) {
      element kind;
      format = obj->at_key("kind").get(kind) == simdjson::SUCCESS ? IngestFormat::kNative
                                                                   : IngestFormat::kOpenLineage;
    }
    out = Event{};
    out.raw.format = format == IngestFormat::kNative ? RawEvent::Format::kNative
                                                     : RawEvent::Format::kOpenLineage;
    out.raw.bytes.assign(raw);
    if (format == IngestFormat::kNative)
      ingest::read_native(r, *obj, out);
    else
      ingest::read_openlineage(r, *obj, clock_, out);
    if (!r.ok()) return IngestError{index, r.error_path(), r.error_reason()};
    // Without a key of its own (only native events may name one), an event is keyed by its
    // whole content: only the same event sent again is a retry (docs/events.md).
    if (out.idempotency_key.empty()) out.idempotency_key = ingest::content_key(root, canonical_);
    return std::nullopt;
  }

  std::optional<IngestError> parse_event(std::string_view text, size_t index, IngestFormat format,
                                         Event& out) {
    text = ingest::trim_json_space(text);
    if (text.size() > limits_.max_event_bytes) return convert(element{}, text, index, format, out);
    element root;
    if (auto reason = parse(text, limits_.max_depth, root)) return IngestError{index, "", *reason};
    return convert(root, text, index, format, out);
  }

  // NDJSON when the first line is a whole JSON value and more follows; JSON otherwise.
  Framing detect(std::string_view text) {
    text = ingest::trim_json_space(text);
    if (text.empty() || text.front() == '[') return Framing::kJson;
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return Framing::kJson;
    element ignored;
    std::string_view first = ingest::trim_json_space(text.substr(0, nl));
    if (first.size() > limits_.max_event_bytes) return Framing::kNdjson;
    return parse(first, limits_.max_depth, ignored) ? Framing::kJson : Framing::kNdjson;
  }

  std::optional<IngestError> for_each_json(
      std::string_view text, IngestFormat format,
      const std::function<void(size_t, Event*, const IngestError*)>& fn) {
    text = ingest::trim_json_space(text);
    element root;
    if (auto reason = parse(text, limits_.max_depth + 1, root))
      return IngestError{std::nullopt, "", *reason};
    Event event;
    if (root.is_object()) {
      auto error = convert(root, text, 0, format, event);
      fn(0, error ? nullptr : &event, error ? &*error : nullptr);
      return std::nullopt;
    }
    ingest::array list;
    if (root.get_array().get(list) != simdjson::SUCCESS) {
      return IngestError{std::nullopt, "",
                         std::string("expected an event object or an array of them, got ") +
                             ingest::type_name(root)};
    }
    if (list.size() > limits_.max_batch_events) return too_many(list.size());
    const std::vector<std::string_view> texts = ingest::split_array(text);
    size_t i = 0;
    for (element e : list) {
      auto error = convert(e, i < texts.size() ? texts[i] : std::string_view(), i, format, event);
      fn(i, error ? nullptr : &event, error ? &*error : nullptr);
      ++i;
    }
    return std::nullopt;
  }

  std::optional<IngestError> for_each_line(
      std::string_view text, IngestFormat format,
      const std::function<void(size_t, Event*, const IngestError*)>& fn) {
    const std::vector<ingest::Line> lines = ingest::split_lines(text);
    if (lines.size() > limits_.max_batch_events) return too_many(lines.size());
    Event event;
    for (size_t i = 0; i < lines.size(); ++i) {
      auto error = parse_event(lines[i].text, i, format, event);
      if (error && error->path.empty() && error->reason.starts_with("malformed"))
        error->reason += " (line " + std::to_string(lines[i].number) + ")";
      fn(i, error ? nullptr : &event, error ? &*error : nullptr);
    }
    return std::nullopt;
  }

 private:
  IngestError too_many(size_t n) const {
    return {std::nullopt, "",
            "batch of " + std::to_string(n) + " events is larger than the limit of " +
                std::to_string(limits_.max_batch_events),
            /*over_limit=*/true};
  }

  static constexpr size_t capacity_hint_ = 64 << 10;
  const IngestLimits& limits_;
  const Clock& clock_;
  simdjson::dom::parser parser_;
  std::string canonical_;  // content_key()'s buffer
};

EventParser::EventParser(IngestLimits limits, const Clock* clock)
    : limits_(limits),
      clock_(clock ? clock : &system_clock_),
      impl_(std::make_unique<Impl>(limits_, *clock_)) {}

EventParser::~EventParser() = default;

std::optional<IngestError> EventParser::parse_event(std::string_view text, size_t index,
                                                    IngestFormat format, Event& out) {
  return impl_->parse_event(text, index, format, out);
}

Framing EventParser::detect_framing(std::string_view text) { return impl_->detect(text); }

std::optional<IngestError> EventParser::for_each(
    std::string_view text, Framing framing, IngestFormat format,
    const std::function<void(size_t, Event*, const IngestError*)>& fn) {
  if (text.size() > limits_.max_batch_bytes) {
    return IngestError{std::nullopt, "",
                       "batch of " + std::to_string(text.size()) +
                           " bytes is larger than the limit of " +
                           std::to_string(limits_.max_batch_bytes),
                       /*over_limit=*/true};
  }
  if (ingest::trim_json_space(text).empty())
    return IngestError{std::nullopt, "", "empty: no event given"};
  if (framing == Framing::kAuto) framing = impl_->detect(text);
  if (framing == Framing::kNdjson) return impl_->for_each_line(text, format, fn);
  return impl_->for_each_json(text, format, fn);
}

}  // namespace auditgraph
