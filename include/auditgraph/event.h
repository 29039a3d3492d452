// Event: the normalized record of one thing that happened in the mesh (a run, a schema change, a
// grant, an access...). Value types only: copyable, compared by value, no Cap'n Proto in sight
// (storage/record_codec.h converts to and from the stored record).
//
// Node ids follow Marquez's convention: `dataset:<namespace>:<name>`, `job:<namespace>:<name>`,
// `datasetField:<namespace>:<name>:<field>`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace auditgraph {

// A point in time: nanoseconds since the Unix epoch, UTC.
struct Timestamp {
  int64_t unix_nanos = 0;
  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

struct DatasetRef {
  std::string ns;    // OpenLineage namespace, e.g. "kafka://broker:9092" or "orders"
  std::string name;  // e.g. "orders.events.v1"
  friend bool operator==(const DatasetRef&, const DatasetRef&) = default;
};

struct JobRef {
  std::string ns;
  std::string name;
  friend bool operator==(const JobRef&, const JobRef&) = default;
};

struct FieldRef {
  DatasetRef dataset;
  std::string field;  // dotted path for nested fields, e.g. "address.city"
  friend bool operator==(const FieldRef&, const FieldRef&) = default;
};

// A user, service account or group.
struct PrincipalRef {
  enum class Kind : uint8_t { kUser, kGroup, kService };
  Kind kind = Kind::kUser;
  std::string name;
  friend bool operator==(const PrincipalRef&, const PrincipalRef&) = default;
};

struct SchemaField {
  std::string name;
  std::string type;
  std::string description;
  std::vector<std::string> tags;    // e.g. "PII"
  std::vector<SchemaField> fields;  // nested fields (structs)
  friend bool operator==(const SchemaField&, const SchemaField&) = default;
};

struct Owner {
  std::string name;  // e.g. "team:orders-platform"
  std::string type;  // e.g. "MAINTAINER"; may be empty
  friend bool operator==(const Owner&, const Owner&) = default;
};

// A key/value tag (OpenLineage's tags facet; PII classifications). `field` names the column it is
// on; "" is the whole dataset (or job, or run).
struct Tag {
  std::string key;
  std::string value;
  std::string source;  // who set it, e.g. "CONNECTOR", "MANUAL"; may be empty
  std::string field;
  friend bool operator==(const Tag&, const Tag&) = default;
};

// Where a dataset lives (OpenLineage dataSource facet).
struct DataSource {
  std::string name;
  std::string uri;
  friend bool operator==(const DataSource&, const DataSource&) = default;
};

// One input of an output column (OpenLineage columnLineage).
struct ColumnInput {
  FieldRef input;
  std::string transformation_type;     // DIRECT | INDIRECT
  std::string transformation_subtype;  // IDENTITY, TRANSFORMATION, AGGREGATION, JOIN, ...
  std::string description;
  bool masking = false;
  friend bool operator==(const ColumnInput&, const ColumnInput&) = default;
};

struct ColumnLineage {
  std::string output_field;
  std::vector<ColumnInput> inputs;
  friend bool operator==(const ColumnLineage&, const ColumnLineage&) = default;
};

// A dataset as a run saw it.
struct RunDataset {
  DatasetRef dataset;
  std::string version;  // datasetVersion facet, when given
  std::vector<SchemaField> schema;
  std::vector<ColumnLineage> column_lineage;  // outputs only
  std::vector<ColumnInput> dataset_lineage;   // dataset-level indirect inputs (outputs only)
  std::optional<int64_t> row_count;           // statistics / dataQualityMetrics facets
  std::optional<int64_t> bytes;
  std::string facets_json;          // facets not interpreted, verbatim JSON object
  std::vector<Owner> owners;        // ownership facet
  std::string description;          // documentation facet
  std::vector<DatasetRef> aliases;  // symlinks facet
  std::string lifecycle_state;      // lifecycleStateChange: CREATE, ALTER, RENAME, DROP, ...
  std::optional<DatasetRef> previous_identifier;  // lifecycleStateChange RENAME: the old name
  DataSource data_source;
  std::vector<Tag> tags;
  std::optional<int64_t> file_count;
  friend bool operator==(const RunDataset&, const RunDataset&) = default;
};

enum class RunState : uint8_t { kStart, kRunning, kComplete, kFail, kAbort, kOther };

struct ParentRun {
  std::string run_id;
  JobRef job;
  friend bool operator==(const ParentRun&, const ParentRun&) = default;
};

// OpenLineage RunEvent: one step of a job run's lifecycle. Inputs and outputs of one run may be
// spread over several events; they add up.
struct RunEvent {
  std::string run_id;
  JobRef job;
  RunState state = RunState::kOther;
  std::optional<ParentRun> parent;
  std::string job_type;  // jobType facet: e.g. "BATCH/SPARK/JOB"
  std::vector<RunDataset> inputs;
  std::vector<RunDataset> outputs;
  std::string facets_json;        // run and job facets not interpreted, verbatim JSON object
  std::vector<Owner> job_owners;  // job ownership facet
  std::string job_description;    // job documentation facet
  std::vector<Tag> job_tags;
  std::vector<Tag> run_tags;
  friend bool operator==(const RunEvent&, const RunEvent&) = default;
};

// OpenLineage JobEvent: a job's static lineage and metadata, with no run.
struct JobDeclared {
  JobRef job;
  std::string job_type;
  std::vector<Owner> owners;
  std::string description;
  std::vector<Tag> tags;
  std::vector<RunDataset> inputs;
  std::vector<RunDataset> outputs;
  std::string facets_json;  // job facets not interpreted, verbatim JSON object
  friend bool operator==(const JobDeclared&, const JobDeclared&) = default;
};

// A dataset declared, or a data product published with its contract.
struct DatasetDeclared {
  DatasetRef dataset;
  bool data_product = false;
  std::string domain;
  std::vector<Owner> owners;
  std::string version;
  std::vector<SchemaField> schema;
  std::optional<int64_t> freshness_slo_seconds;
  std::string description;
  std::string lifecycle_state;      // e.g. ACTIVE, DEPRECATED, RETIRED
  std::vector<DatasetRef> aliases;  // symlinks
  std::string facets_json;
  std::optional<DatasetRef> previous_identifier;  // renamed from
  DataSource data_source;
  std::vector<Tag> tags;
  friend bool operator==(const DatasetDeclared&, const DatasetDeclared&) = default;
};

struct SchemaChanged {
  DatasetRef dataset;
  std::string version;  // the version that carries the new schema
  std::vector<SchemaField> schema;
  std::string reason;
  friend bool operator==(const SchemaChanged&, const SchemaChanged&) = default;
};

struct DeprecationNotice {
  DatasetRef dataset;
  std::string version;  // empty: every version
  Timestamp sunset;
  std::optional<DatasetRef> replacement;
  std::string note;
  friend bool operator==(const DeprecationNotice&, const DeprecationNotice&) = default;
};

struct OwnershipChanged {
  DatasetRef dataset;
  std::vector<Owner> owners;  // the full new set
  friend bool operator==(const OwnershipChanged&, const OwnershipChanged&) = default;
};

// A tag (e.g. PII) put on, or taken off, a dataset or one of its fields, or a job. Exactly one
// of `dataset` and `job` is given (the native parser ensures it); `field` only with a dataset.
struct Classified {
  DatasetRef dataset;  // empty when `job` is set
  std::string field;   // empty: the whole dataset
  std::string tag;
  bool removed = false;
  std::optional<JobRef> job;  // set: the tag is on this job, not on a dataset
  friend bool operator==(const Classified&, const Classified&) = default;
};

// A tag defined on nothing: its name and description (Marquez's PUT /api/v1/tags/{tag}). The
// latest definition of a name holds.
struct TagDefined {
  std::string tag;
  std::string description;  // "" when none was given
  friend bool operator==(const TagDefined&, const TagDefined&) = default;
};

// What a grant covers: a dataset, some of its columns, or a whole domain.
struct Resource {
  enum class Kind : uint8_t { kDataset, kColumns, kDomain };
  Kind kind = Kind::kDataset;
  DatasetRef dataset;                // kDataset, kColumns
  std::vector<std::string> columns;  // kColumns
  std::string domain;                // kDomain
  friend bool operator==(const Resource&, const Resource&) = default;
};

struct AccessGranted {
  std::string grant_id;
  PrincipalRef grantee;
  Resource resource;
  std::string privilege;  // e.g. READ, WRITE, ADMIN
  std::string purpose;
  std::string approver;
  std::optional<Timestamp> expires_at;
  std::string ticket;
  friend bool operator==(const AccessGranted&, const AccessGranted&) = default;
};

struct AccessRevoked {
  std::string grant_id;
  std::string reason;
  friend bool operator==(const AccessRevoked&, const AccessRevoked&) = default;
};

struct MembershipAdded {
  std::string group;
  PrincipalRef member;  // a user, service or (nested) group
  friend bool operator==(const MembershipAdded&, const MembershipAdded&) = default;
};

struct MembershipRemoved {
  std::string group;
  PrincipalRef member;
  friend bool operator==(const MembershipRemoved&, const MembershipRemoved&) = default;
};

// A principal read or wrote a dataset (from a query engine's audit log).
struct AccessRecorded {
  PrincipalRef principal;
  DatasetRef dataset;
  std::vector<std::string> columns;  // empty: unknown or whole dataset
  enum class Mode : uint8_t { kRead, kWrite } mode = Mode::kRead;
  std::string engine;  // e.g. "trino"
  std::string query_id;
  friend bool operator==(const AccessRecorded&, const AccessRecorded&) = default;
};

using Payload = std::variant<RunEvent, DatasetDeclared, SchemaChanged, DeprecationNotice,
                             OwnershipChanged, Classified, AccessGranted, AccessRevoked,
                             MembershipAdded, MembershipRemoved, AccessRecorded, JobDeclared,
                             TagDefined>;

// The event exactly as the producer sent it, so an auditor can always see it.
struct RawEvent {
  enum class Format : uint8_t { kNone, kOpenLineage, kNative };
  Format format = Format::kNone;
  std::string bytes;
  friend bool operator==(const RawEvent&, const RawEvent&) = default;
};

struct Event {
  uint64_t seq = 0;             // given by the log, dense from 0; ignored on append
  Timestamp recorded_at;        // the log's clock; ignored on append
  Timestamp event_time;         // the producer's clock
  std::string actor;            // principal who caused it
  std::string producer;         // URI of the producing software
  std::string idempotency_key;  // a retry with the same key gets the first seq back; "" = none
  Payload payload;
  RawEvent raw;
  friend bool operator==(const Event&, const Event&) = default;
};

// "run", "dataset_declared", "schema_changed", ...: a stable name for the payload's kind.
const char* payload_kind_name(const Payload& payload);
const char* run_state_name(RunState state);
const char* principal_kind_name(PrincipalRef::Kind kind);  // "user", "group", "service"

}  // namespace auditgraph
