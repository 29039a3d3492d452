#include "storage/record_codec.h"

#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>
#include <kj/io.h>

#include <cstring>

#include "storage/record.capnp.h"

namespace auditgraph::storage {
namespace {

namespace s = ::auditgraph::schema;

// Every overload is declared up front so the list templates below find them all.
void put(s::SchemaField::Builder b, const SchemaField& f);
void put(s::Owner::Builder b, const Owner& o);
void put(s::ColumnInput::Builder b, const ColumnInput& c);
void put(s::ColumnLineage::Builder b, const ColumnLineage& c);
void put(s::RunDataset::Builder b, const RunDataset& d);
void put(s::DatasetRef::Builder b, const DatasetRef& d);
void put(s::Tag::Builder b, const Tag& t);
DatasetRef get(s::DatasetRef::Reader r);
Tag get(s::Tag::Reader r);
SchemaField get(s::SchemaField::Reader r);
Owner get(s::Owner::Reader r);
ColumnInput get(s::ColumnInput::Reader r);
ColumnLineage get(s::ColumnLineage::Reader r);
RunDataset get(s::RunDataset::Reader r);

// ---- encoding ------------------------------------------------------------------------------
//
// Empty texts and lists are left unset: a null pointer reads back as empty and costs no words
// (an empty text would take one, an empty struct list its tag word).

// A string as Cap'n Proto text of its exact length. (Passing the std::string itself would go
// through its c_str() and cut the text at the first NUL byte, which JSON can carry as \u0000.)
capnp::Text::Reader text(const std::string& s) { return capnp::Text::Reader(s.data(), s.size()); }

// Fills a list of `n` elements from a vector, element by element.
template <typename ListBuilder, typename T>
void put_all(ListBuilder list, const std::vector<T>& v) {
  for (size_t i = 0; i < v.size(); ++i) put(list[i], v[i]);
}

void put(s::DatasetRef::Builder b, const DatasetRef& d) {
  if (!d.ns.empty()) b.setNamespace(text(d.ns));
  if (!d.name.empty()) b.setName(text(d.name));
}

void put(s::JobRef::Builder b, const JobRef& j) {
  if (!j.ns.empty()) b.setNamespace(text(j.ns));
  if (!j.name.empty()) b.setName(text(j.name));
}

void put(s::FieldRef::Builder b, const FieldRef& f) {
  put(b.initDataset(), f.dataset);
  if (!f.field.empty()) b.setField(text(f.field));
}

void put(s::PrincipalRef::Builder b, const PrincipalRef& p) {
  b.setKind(static_cast<s::PrincipalRef::Kind>(p.kind));
  if (!p.name.empty()) b.setName(text(p.name));
}

void put_texts(capnp::List<capnp::Text>::Builder b, const std::vector<std::string>& v) {
  for (size_t i = 0; i < v.size(); ++i) b.set(i, text(v[i]));
}

void put(s::SchemaField::Builder b, const SchemaField& f) {
  if (!f.name.empty()) b.setName(text(f.name));
  if (!f.type.empty()) b.setType(text(f.type));
  if (!f.description.empty()) b.setDescription(text(f.description));
  if (!f.tags.empty()) put_texts(b.initTags(f.tags.size()), f.tags);
  if (!f.fields.empty()) put_all(b.initFields(f.fields.size()), f.fields);
}

void put(s::Owner::Builder b, const Owner& o) {
  if (!o.name.empty()) b.setName(text(o.name));
  if (!o.type.empty()) b.setType(text(o.type));
}

void put(s::ColumnInput::Builder b, const ColumnInput& c) {
  put(b.initInput(), c.input);
  if (!c.transformation_type.empty()) b.setTransformationType(text(c.transformation_type));
  if (!c.transformation_subtype.empty()) b.setTransformationSubtype(text(c.transformation_subtype));
  if (!c.description.empty()) b.setDescription(text(c.description));
  b.setMasking(c.masking);
}

void put(s::ColumnLineage::Builder b, const ColumnLineage& c) {
  if (!c.output_field.empty()) b.setOutputField(text(c.output_field));
  if (!c.inputs.empty()) put_all(b.initInputs(c.inputs.size()), c.inputs);
}

void put(s::Tag::Builder b, const Tag& t) {
  if (!t.key.empty()) b.setKey(text(t.key));
  if (!t.value.empty()) b.setValue(text(t.value));
  if (!t.source.empty()) b.setSource(text(t.source));
  if (!t.field.empty()) b.setField(text(t.field));
}

void put(s::DataSource::Builder b, const DataSource& d) {
  if (!d.name.empty()) b.setName(text(d.name));
  if (!d.uri.empty()) b.setUri(text(d.uri));
}

bool empty(const DataSource& d) { return d.name.empty() && d.uri.empty(); }

void put(s::RunDataset::Builder b, const RunDataset& d) {
  put(b.initDataset(), d.dataset);
  if (!d.version.empty()) b.setVersion(text(d.version));
  if (!d.schema.empty()) put_all(b.initSchema(d.schema.size()), d.schema);
  if (!d.column_lineage.empty())
    put_all(b.initColumnLineage(d.column_lineage.size()), d.column_lineage);
  if (!d.dataset_lineage.empty())
    put_all(b.initDatasetLineage(d.dataset_lineage.size()), d.dataset_lineage);
  if (d.row_count) b.initRowCount().setValue(*d.row_count);
  if (d.bytes) b.initBytes().setValue(*d.bytes);
  if (!d.facets_json.empty()) b.setFacetsJson(text(d.facets_json));
  if (!d.owners.empty()) put_all(b.initOwners(d.owners.size()), d.owners);
  if (!d.description.empty()) b.setDescription(text(d.description));
  if (!d.aliases.empty()) put_all(b.initAliases(d.aliases.size()), d.aliases);
  if (!d.lifecycle_state.empty()) b.setLifecycleState(text(d.lifecycle_state));
  if (d.previous_identifier) put(b.initPreviousIdentifier(), *d.previous_identifier);
  if (!empty(d.data_source)) put(b.initDataSource(), d.data_source);
  if (!d.tags.empty()) put_all(b.initTags(d.tags.size()), d.tags);
  if (d.file_count) b.initFileCount().setValue(*d.file_count);
}

struct PayloadWriter {
  s::Record::Payload::Builder b;

  void operator()(const RunEvent& r) {
    auto run = b.initRun();
    if (!r.run_id.empty()) run.setRunId(text(r.run_id));
    put(run.initJob(), r.job);
    run.setState(static_cast<s::RunEvent::State>(r.state));
    if (r.parent) {
      auto p = run.initParent();
      if (!r.parent->run_id.empty()) p.setRunId(text(r.parent->run_id));
      put(p.initJob(), r.parent->job);
    }
    if (!r.job_type.empty()) run.setJobType(text(r.job_type));
    if (!r.inputs.empty()) put_all(run.initInputs(r.inputs.size()), r.inputs);
    if (!r.outputs.empty()) put_all(run.initOutputs(r.outputs.size()), r.outputs);
    if (!r.facets_json.empty()) run.setFacetsJson(text(r.facets_json));
    if (!r.job_owners.empty()) put_all(run.initJobOwners(r.job_owners.size()), r.job_owners);
    if (!r.job_description.empty()) run.setJobDescription(text(r.job_description));
    if (!r.job_tags.empty()) put_all(run.initJobTags(r.job_tags.size()), r.job_tags);
    if (!r.run_tags.empty()) put_all(run.initRunTags(r.run_tags.size()), r.run_tags);
  }
  void operator()(const JobDeclared& j) {
    auto o = b.initJobDeclared();
    put(o.initJob(), j.job);
    if (!j.job_type.empty()) o.setJobType(text(j.job_type));
    if (!j.owners.empty()) put_all(o.initOwners(j.owners.size()), j.owners);
    if (!j.description.empty()) o.setDescription(text(j.description));
    if (!j.tags.empty()) put_all(o.initTags(j.tags.size()), j.tags);
    if (!j.inputs.empty()) put_all(o.initInputs(j.inputs.size()), j.inputs);
    if (!j.outputs.empty()) put_all(o.initOutputs(j.outputs.size()), j.outputs);
    if (!j.facets_json.empty()) o.setFacetsJson(text(j.facets_json));
  }
  void operator()(const DatasetDeclared& d) {
    auto o = b.initDatasetDeclared();
    put(o.initDataset(), d.dataset);
    o.setDataProduct(d.data_product);
    if (!d.domain.empty()) o.setDomain(text(d.domain));
    if (!d.owners.empty()) put_all(o.initOwners(d.owners.size()), d.owners);
    if (!d.version.empty()) o.setVersion(text(d.version));
    if (!d.schema.empty()) put_all(o.initSchema(d.schema.size()), d.schema);
    if (d.freshness_slo_seconds) o.initFreshnessSloSeconds().setValue(*d.freshness_slo_seconds);
    if (!d.description.empty()) o.setDescription(text(d.description));
    if (!d.lifecycle_state.empty()) o.setLifecycleState(text(d.lifecycle_state));
    if (!d.aliases.empty()) put_all(o.initAliases(d.aliases.size()), d.aliases);
    if (!d.facets_json.empty()) o.setFacetsJson(text(d.facets_json));
    if (d.previous_identifier) put(o.initPreviousIdentifier(), *d.previous_identifier);
    if (!empty(d.data_source)) put(o.initDataSource(), d.data_source);
    if (!d.tags.empty()) put_all(o.initTags(d.tags.size()), d.tags);
  }
  void operator()(const SchemaChanged& c) {
    auto o = b.initSchemaChanged();
    put(o.initDataset(), c.dataset);
    if (!c.version.empty()) o.setVersion(text(c.version));
    if (!c.schema.empty()) put_all(o.initSchema(c.schema.size()), c.schema);
    if (!c.reason.empty()) o.setReason(text(c.reason));
  }
  void operator()(const DeprecationNotice& d) {
    auto o = b.initDeprecation();
    put(o.initDataset(), d.dataset);
    if (!d.version.empty()) o.setVersion(text(d.version));
    o.setSunsetNanos(d.sunset.unix_nanos);
    if (d.replacement) put(o.initReplacement(), *d.replacement);
    if (!d.note.empty()) o.setNote(text(d.note));
  }
  void operator()(const OwnershipChanged& c) {
    auto o = b.initOwnershipChanged();
    put(o.initDataset(), c.dataset);
    if (!c.owners.empty()) put_all(o.initOwners(c.owners.size()), c.owners);
  }
  void operator()(const Classified& c) {
    auto o = b.initClassified();
    // A job's classification leaves dataset unset; a dataset's is encoded as it always was.
    if (c.job)
      put(o.initJob(), *c.job);
    else
      put(o.initDataset(), c.dataset);
    if (!c.field.empty()) o.setField(text(c.field));
    if (!c.tag.empty()) o.setTag(text(c.tag));
    o.setRemoved(c.removed);
  }
  void operator()(const TagDefined& t) {
    auto o = b.initTagDefined();
    if (!t.tag.empty()) o.setTag(text(t.tag));
    if (!t.description.empty()) o.setDescription(text(t.description));
  }
  void operator()(const AccessGranted& g) {
    auto o = b.initAccessGranted();
    if (!g.grant_id.empty()) o.setGrantId(text(g.grant_id));
    put(o.initGrantee(), g.grantee);
    auto r = o.initResource();
    r.setKind(static_cast<s::Resource::Kind>(g.resource.kind));
    put(r.initDataset(), g.resource.dataset);
    if (!g.resource.columns.empty())
      put_texts(r.initColumns(g.resource.columns.size()), g.resource.columns);
    if (!g.resource.domain.empty()) r.setDomain(text(g.resource.domain));
    if (!g.privilege.empty()) o.setPrivilege(text(g.privilege));
    if (!g.purpose.empty()) o.setPurpose(text(g.purpose));
    if (!g.approver.empty()) o.setApprover(text(g.approver));
    if (g.expires_at) o.initExpiresAtNanos().setValue(g.expires_at->unix_nanos);
    if (!g.ticket.empty()) o.setTicket(text(g.ticket));
  }
  void operator()(const AccessRevoked& r) {
    auto o = b.initAccessRevoked();
    if (!r.grant_id.empty()) o.setGrantId(text(r.grant_id));
    if (!r.reason.empty()) o.setReason(text(r.reason));
  }
  void operator()(const MembershipAdded& m) {
    auto o = b.initMembershipAdded();
    if (!m.group.empty()) o.setGroup(text(m.group));
    put(o.initMember(), m.member);
  }
  void operator()(const MembershipRemoved& m) {
    auto o = b.initMembershipRemoved();
    if (!m.group.empty()) o.setGroup(text(m.group));
    put(o.initMember(), m.member);
  }
  void operator()(const AccessRecorded& a) {
    auto o = b.initAccessRecorded();
    put(o.initPrincipal(), a.principal);
    put(o.initDataset(), a.dataset);
    if (!a.columns.empty()) put_texts(o.initColumns(a.columns.size()), a.columns);
    o.setMode(static_cast<s::AccessRecorded::Mode>(a.mode));
    if (!a.engine.empty()) o.setEngine(text(a.engine));
    if (!a.query_id.empty()) o.setQueryId(text(a.query_id));
  }
};

// ---- decoding ------------------------------------------------------------------------------

// Enum values written by a newer schema decode to numbers past our last enumerant; refuse them
// rather than hand out a value outside the C++ enum.
void check_enum(uint16_t value, uint16_t count, const char* field) {
  KJ_REQUIRE(value < count, "enum value out of range", field, value);
}

std::string str(capnp::Text::Reader t) { return std::string(t.cStr(), t.size()); }

DatasetRef get(s::DatasetRef::Reader r) { return {str(r.getNamespace()), str(r.getName())}; }
JobRef get(s::JobRef::Reader r) { return {str(r.getNamespace()), str(r.getName())}; }
FieldRef get(s::FieldRef::Reader r) { return {get(r.getDataset()), str(r.getField())}; }
PrincipalRef get(s::PrincipalRef::Reader r) {
  check_enum(static_cast<uint16_t>(r.getKind()), 3, "principal.kind");
  return {static_cast<PrincipalRef::Kind>(r.getKind()), str(r.getName())};
}
Owner get(s::Owner::Reader r) { return {str(r.getName()), str(r.getType())}; }
Tag get(s::Tag::Reader r) {
  return {str(r.getKey()), str(r.getValue()), str(r.getSource()), str(r.getField())};
}
DataSource get(s::DataSource::Reader r) { return {str(r.getName()), str(r.getUri())}; }

std::vector<std::string> get_texts(capnp::List<capnp::Text>::Reader list) {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (auto t : list) out.push_back(str(t));
  return out;
}

template <typename T, typename ListReader>
std::vector<T> get_all(ListReader list) {
  std::vector<T> out;
  out.reserve(list.size());
  for (auto e : list) out.push_back(get(e));
  return out;
}

SchemaField get(s::SchemaField::Reader r) {
  return {str(r.getName()), str(r.getType()), str(r.getDescription()), get_texts(r.getTags()),
          get_all<SchemaField>(r.getFields())};
}

ColumnInput get(s::ColumnInput::Reader r) {
  return {get(r.getInput()), str(r.getTransformationType()), str(r.getTransformationSubtype()),
          str(r.getDescription()), r.getMasking()};
}

ColumnLineage get(s::ColumnLineage::Reader r) {
  return {str(r.getOutputField()), get_all<ColumnInput>(r.getInputs())};
}

RunDataset get(s::RunDataset::Reader r) {
  RunDataset d;
  d.dataset = get(r.getDataset());
  d.version = str(r.getVersion());
  d.schema = get_all<SchemaField>(r.getSchema());
  d.column_lineage = get_all<ColumnLineage>(r.getColumnLineage());
  d.dataset_lineage = get_all<ColumnInput>(r.getDatasetLineage());
  if (r.hasRowCount()) d.row_count = r.getRowCount().getValue();
  if (r.hasBytes()) d.bytes = r.getBytes().getValue();
  d.facets_json = str(r.getFacetsJson());
  d.owners = get_all<Owner>(r.getOwners());
  d.description = str(r.getDescription());
  d.aliases = get_all<DatasetRef>(r.getAliases());
  d.lifecycle_state = str(r.getLifecycleState());
  if (r.hasPreviousIdentifier()) d.previous_identifier = get(r.getPreviousIdentifier());
  if (r.hasDataSource()) d.data_source = get(r.getDataSource());
  d.tags = get_all<Tag>(r.getTags());
  if (r.hasFileCount()) d.file_count = r.getFileCount().getValue();
  return d;
}

// Throws kj::Exception on an unknown union member (a record from a newer writer).
Payload get_payload(s::Record::Payload::Reader p) {
  switch (p.which()) {
    case s::Record::Payload::RUN: {
      auto r = p.getRun();
      RunEvent e;
      e.run_id = str(r.getRunId());
      e.job = get(r.getJob());
      check_enum(static_cast<uint16_t>(r.getState()), 6, "run.state");
      e.state = static_cast<RunState>(r.getState());
      if (r.hasParent())
        e.parent = ParentRun{str(r.getParent().getRunId()), get(r.getParent().getJob())};
      e.job_type = str(r.getJobType());
      e.inputs = get_all<RunDataset>(r.getInputs());
      e.outputs = get_all<RunDataset>(r.getOutputs());
      e.facets_json = str(r.getFacetsJson());
      e.job_owners = get_all<Owner>(r.getJobOwners());
      e.job_description = str(r.getJobDescription());
      e.job_tags = get_all<Tag>(r.getJobTags());
      e.run_tags = get_all<Tag>(r.getRunTags());
      return e;
    }
    case s::Record::Payload::JOB_DECLARED: {
      auto r = p.getJobDeclared();
      JobDeclared j;
      j.job = get(r.getJob());
      j.job_type = str(r.getJobType());
      j.owners = get_all<Owner>(r.getOwners());
      j.description = str(r.getDescription());
      j.tags = get_all<Tag>(r.getTags());
      j.inputs = get_all<RunDataset>(r.getInputs());
      j.outputs = get_all<RunDataset>(r.getOutputs());
      j.facets_json = str(r.getFacetsJson());
      return j;
    }
    case s::Record::Payload::DATASET_DECLARED: {
      auto r = p.getDatasetDeclared();
      DatasetDeclared d;
      d.dataset = get(r.getDataset());
      d.data_product = r.getDataProduct();
      d.domain = str(r.getDomain());
      d.owners = get_all<Owner>(r.getOwners());
      d.version = str(r.getVersion());
      d.schema = get_all<SchemaField>(r.getSchema());
      if (r.hasFreshnessSloSeconds())
        d.freshness_slo_seconds = r.getFreshnessSloSeconds().getValue();
      d.description = str(r.getDescription());
      d.lifecycle_state = str(r.getLifecycleState());
      d.aliases = get_all<DatasetRef>(r.getAliases());
      d.facets_json = str(r.getFacetsJson());
      if (r.hasPreviousIdentifier()) d.previous_identifier = get(r.getPreviousIdentifier());
      if (r.hasDataSource()) d.data_source = get(r.getDataSource());
      d.tags = get_all<Tag>(r.getTags());
      return d;
    }
    case s::Record::Payload::SCHEMA_CHANGED: {
      auto r = p.getSchemaChanged();
      return SchemaChanged{get(r.getDataset()), str(r.getVersion()),
                           get_all<SchemaField>(r.getSchema()), str(r.getReason())};
    }
    case s::Record::Payload::DEPRECATION: {
      auto r = p.getDeprecation();
      DeprecationNotice d;
      d.dataset = get(r.getDataset());
      d.version = str(r.getVersion());
      d.sunset = Timestamp{r.getSunsetNanos()};
      if (r.hasReplacement()) d.replacement = get(r.getReplacement());
      d.note = str(r.getNote());
      return d;
    }
    case s::Record::Payload::OWNERSHIP_CHANGED: {
      auto r = p.getOwnershipChanged();
      return OwnershipChanged{get(r.getDataset()), get_all<Owner>(r.getOwners())};
    }
    case s::Record::Payload::CLASSIFIED: {
      auto r = p.getClassified();
      Classified c{get(r.getDataset()), str(r.getField()), str(r.getTag()), r.getRemoved(), {}};
      if (r.hasJob()) c.job = get(r.getJob());
      return c;
    }
    case s::Record::Payload::TAG_DEFINED: {
      auto r = p.getTagDefined();
      return TagDefined{str(r.getTag()), str(r.getDescription())};
    }
    case s::Record::Payload::ACCESS_GRANTED: {
      auto r = p.getAccessGranted();
      AccessGranted g;
      g.grant_id = str(r.getGrantId());
      g.grantee = get(r.getGrantee());
      auto res = r.getResource();
      check_enum(static_cast<uint16_t>(res.getKind()), 3, "resource.kind");
      g.resource.kind = static_cast<Resource::Kind>(res.getKind());
      g.resource.dataset = get(res.getDataset());
      g.resource.columns = get_texts(res.getColumns());
      g.resource.domain = str(res.getDomain());
      g.privilege = str(r.getPrivilege());
      g.purpose = str(r.getPurpose());
      g.approver = str(r.getApprover());
      if (r.hasExpiresAtNanos()) g.expires_at = Timestamp{r.getExpiresAtNanos().getValue()};
      g.ticket = str(r.getTicket());
      return g;
    }
    case s::Record::Payload::ACCESS_REVOKED: {
      auto r = p.getAccessRevoked();
      return AccessRevoked{str(r.getGrantId()), str(r.getReason())};
    }
    case s::Record::Payload::MEMBERSHIP_ADDED: {
      auto r = p.getMembershipAdded();
      return MembershipAdded{str(r.getGroup()), get(r.getMember())};
    }
    case s::Record::Payload::MEMBERSHIP_REMOVED: {
      auto r = p.getMembershipRemoved();
      return MembershipRemoved{str(r.getGroup()), get(r.getMember())};
    }
    case s::Record::Payload::ACCESS_RECORDED: {
      auto r = p.getAccessRecorded();
      AccessRecorded a;
      a.principal = get(r.getPrincipal());
      a.dataset = get(r.getDataset());
      a.columns = get_texts(r.getColumns());
      check_enum(static_cast<uint16_t>(r.getMode()), 2, "accessRecorded.mode");
      a.mode = static_cast<AccessRecorded::Mode>(r.getMode());
      a.engine = str(r.getEngine());
      a.query_id = str(r.getQueryId());
      return a;
    }
  }
  KJ_FAIL_REQUIRE("unknown payload kind", static_cast<uint16_t>(p.which()));
}

}  // namespace

PreparedRecord prepare_record(const Event& event) {
  // A first segment big enough for most records, so they serialize as one segment: the
  // normalized payload is about as large as the raw event it came from.
  const size_t estimate = 64 + (2 * event.raw.bytes.size() + event.actor.size() +
                                event.producer.size() + event.idempotency_key.size()) /
                                   8;
  capnp::MallocMessageBuilder message(static_cast<unsigned>(estimate + 64));
  auto r = message.initRoot<s::Record>();
  r.setEventTimeNanos(event.event_time.unix_nanos);
  if (!event.actor.empty()) r.setActor(text(event.actor));
  if (!event.producer.empty()) r.setProducer(text(event.producer));
  if (!event.idempotency_key.empty()) r.setIdempotencyKey(text(event.idempotency_key));
  if (event.raw.format != RawEvent::Format::kNone || !event.raw.bytes.empty()) {
    auto raw = r.initRaw();
    raw.setFormat(static_cast<s::RawEvent::Format>(event.raw.format));
    raw.setBytes(kj::arrayPtr(reinterpret_cast<const capnp::byte*>(event.raw.bytes.data()),
                              event.raw.bytes.size()));
  }
  std::visit(PayloadWriter{r.getPayload()}, event.payload);

  // The flat form is the segment table, then the segments in order; the root struct's data
  // section (seq @0 at bytes 0..7, recordedAtNanos @1 at 8..15) lives in the first segment.
  auto segments = message.getSegmentsForOutput();
  const size_t table_bytes = (segments.size() / 2 + 1) * sizeof(capnp::word);
  const auto* data = capnp::toAny(r).getDataSection().begin();
  const auto* first = reinterpret_cast<const capnp::byte*>(segments[0].begin());
  PreparedRecord out;
  out.stamp_offset = table_bytes + static_cast<size_t>(data - first);
  out.bytes.assign(capnp::computeSerializedSizeInWords(message) * sizeof(capnp::word), '\0');
  kj::ArrayOutputStream stream(
      kj::arrayPtr(reinterpret_cast<kj::byte*>(out.bytes.data()), out.bytes.size()));
  capnp::writeMessage(stream, message);
  return out;
}

void PreparedRecord::stamp(uint64_t seq, Timestamp recorded_at) {
  // Cap'n Proto data fields are little-endian.
  const auto nanos = static_cast<uint64_t>(recorded_at.unix_nanos);
  for (int i = 0; i < 8; ++i) {
    bytes[stamp_offset + i] = static_cast<char>(seq >> (8 * i));
    bytes[stamp_offset + 8 + i] = static_cast<char>(nanos >> (8 * i));
  }
}

std::string encode_record(const Event& event, uint64_t seq, Timestamp recorded_at) {
  PreparedRecord record = prepare_record(event);
  record.stamp(seq, recorded_at);
  return std::move(record.bytes);
}

Result<Event> decode_record(std::string_view bytes) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return Status::Corruption("record: length " + std::to_string(bytes.size()) +
                              " is not a whole number of 8-byte words");
  }
  // Copy into word-aligned memory: RocksDB values carry no alignment guarantee.
  kj::Array<capnp::word> words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  try {
    capnp::ReaderOptions options;
    options.traversalLimitInWords = words.size() * 4 + 1024;
    capnp::FlatArrayMessageReader reader(words, options);
    auto r = reader.getRoot<s::Record>();
    Event e;
    e.seq = r.getSeq();
    e.recorded_at = Timestamp{r.getRecordedAtNanos()};
    e.event_time = Timestamp{r.getEventTimeNanos()};
    e.actor = str(r.getActor());
    e.producer = str(r.getProducer());
    e.idempotency_key = str(r.getIdempotencyKey());
    if (r.hasRaw()) {
      auto raw = r.getRaw();
      check_enum(static_cast<uint16_t>(raw.getFormat()), 3, "raw.format");
      e.raw.format = static_cast<RawEvent::Format>(raw.getFormat());
      auto data = raw.getBytes();
      e.raw.bytes.assign(reinterpret_cast<const char*>(data.begin()), data.size());
    }
    e.payload = get_payload(r.getPayload());
    return e;
  } catch (const kj::Exception& ex) {
    return Status::Corruption(std::string("record: does not decode: ") +
                              ex.getDescription().cStr());
  }
}

}  // namespace auditgraph::storage
