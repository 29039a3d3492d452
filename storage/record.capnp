# The stored form of one log record. The record's exact serialized bytes are the Merkle leaf, so
# fields are only ever added (new ordinals), never renumbered or retyped: old leaves must keep
# decoding and hashing the same forever.
@0xdc5a1f0f2473e334;

$import "/capnp/c++.capnp".namespace("auditgraph::schema");

struct Record {
  seq @0 :UInt64;
  recordedAtNanos @1 :Int64;   # the log's clock
  eventTimeNanos @2 :Int64;    # the producer's clock
  actor @3 :Text;
  producer @4 :Text;
  idempotencyKey @5 :Text;
  raw @6 :RawEvent;            # the event exactly as received

  payload :union {
    run @7 :RunEvent;
    datasetDeclared @8 :DatasetDeclared;
    schemaChanged @9 :SchemaChanged;
    deprecation @10 :DeprecationNotice;
    ownershipChanged @11 :OwnershipChanged;
    classified @12 :Classified;
    accessGranted @13 :AccessGranted;
    accessRevoked @14 :AccessRevoked;
    membershipAdded @15 :Membership;
    membershipRemoved @16 :Membership;
    accessRecorded @17 :AccessRecorded;
    jobDeclared @18 :JobDeclared;
    tagDefined @19 :TagDefined;
  }
}

struct RawEvent {
  format @0 :Format;
  bytes @1 :Data;
  enum Format { none @0; openLineage @1; native @2; }
}

struct DatasetRef {
  namespace @0 :Text;
  name @1 :Text;
}

struct JobRef {
  namespace @0 :Text;
  name @1 :Text;
}

struct FieldRef {
  dataset @0 :DatasetRef;
  field @1 :Text;
}

struct PrincipalRef {
  kind @0 :Kind;
  name @1 :Text;
  enum Kind { user @0; group @1; service @2; }
}

struct SchemaField {
  name @0 :Text;
  type @1 :Text;
  description @2 :Text;
  tags @3 :List(Text);
  fields @4 :List(SchemaField);
}

struct Owner {
  name @0 :Text;
  type @1 :Text;
}

struct ColumnInput {
  input @0 :FieldRef;
  transformationType @1 :Text;
  transformationSubtype @2 :Text;
  description @3 :Text;
  masking @4 :Bool;
}

struct ColumnLineage {
  outputField @0 :Text;
  inputs @1 :List(ColumnInput);
}

struct OptionalInt64 {
  value @0 :Int64;
}

struct RunDataset {
  dataset @0 :DatasetRef;
  version @1 :Text;
  schema @2 :List(SchemaField);
  columnLineage @3 :List(ColumnLineage);
  datasetLineage @4 :List(ColumnInput);
  rowCount @5 :OptionalInt64;    # absent: unknown
  bytes @6 :OptionalInt64;       # absent: unknown
  facetsJson @7 :Text;
  owners @8 :List(Owner);
  description @9 :Text;
  aliases @10 :List(DatasetRef);
  lifecycleState @11 :Text;
  previousIdentifier @12 :DatasetRef;  # absent: not renamed
  dataSource @13 :DataSource;          # absent: none given
  tags @14 :List(Tag);
  fileCount @15 :OptionalInt64;        # absent: unknown
}

struct Tag {
  key @0 :Text;
  value @1 :Text;
  source @2 :Text;
  field @3 :Text;
}

struct DataSource {
  name @0 :Text;
  uri @1 :Text;
}

struct JobDeclared {
  job @0 :JobRef;
  jobType @1 :Text;
  owners @2 :List(Owner);
  description @3 :Text;
  tags @4 :List(Tag);
  inputs @5 :List(RunDataset);
  outputs @6 :List(RunDataset);
  facetsJson @7 :Text;
}

struct RunEvent {
  runId @0 :Text;
  job @1 :JobRef;
  state @2 :State;
  parent @3 :ParentRun;          # absent: no parent
  jobType @4 :Text;
  inputs @5 :List(RunDataset);
  outputs @6 :List(RunDataset);
  facetsJson @7 :Text;
  jobOwners @8 :List(Owner);
  jobDescription @9 :Text;
  jobTags @10 :List(Tag);
  runTags @11 :List(Tag);
  enum State { start @0; running @1; complete @2; fail @3; abort @4; other @5; }
}

struct ParentRun {
  runId @0 :Text;
  job @1 :JobRef;
}

struct DatasetDeclared {
  dataset @0 :DatasetRef;
  dataProduct @1 :Bool;
  domain @2 :Text;
  owners @3 :List(Owner);
  version @4 :Text;
  schema @5 :List(SchemaField);
  freshnessSloSeconds @6 :OptionalInt64;  # absent: no SLO
  description @7 :Text;
  lifecycleState @8 :Text;
  aliases @9 :List(DatasetRef);
  facetsJson @10 :Text;
  previousIdentifier @11 :DatasetRef;  # absent: not renamed
  dataSource @12 :DataSource;          # absent: none given
  tags @13 :List(Tag);
}

struct SchemaChanged {
  dataset @0 :DatasetRef;
  version @1 :Text;
  schema @2 :List(SchemaField);
  reason @3 :Text;
}

struct DeprecationNotice {
  dataset @0 :DatasetRef;
  version @1 :Text;
  sunsetNanos @2 :Int64;
  replacement @3 :DatasetRef;    # absent: none
  note @4 :Text;
}

struct OwnershipChanged {
  dataset @0 :DatasetRef;
  owners @1 :List(Owner);
}

struct Classified {
  dataset @0 :DatasetRef;      # unset when job is set
  field @1 :Text;
  tag @2 :Text;
  removed @3 :Bool;
  job @4 :JobRef;              # set: the tag is on a job (records before it never set it)
}

struct TagDefined {
  tag @0 :Text;
  description @1 :Text;
}

struct Resource {
  kind @0 :Kind;
  dataset @1 :DatasetRef;
  columns @2 :List(Text);
  domain @3 :Text;
  enum Kind { dataset @0; columns @1; domain @2; }
}

struct AccessGranted {
  grantId @0 :Text;
  grantee @1 :PrincipalRef;
  resource @2 :Resource;
  privilege @3 :Text;
  purpose @4 :Text;
  approver @5 :Text;
  expiresAtNanos @6 :OptionalInt64;  # absent: never expires
  ticket @7 :Text;
}

struct AccessRevoked {
  grantId @0 :Text;
  reason @1 :Text;
}

struct Membership {
  group @0 :Text;
  member @1 :PrincipalRef;
}

struct AccessRecorded {
  principal @0 :PrincipalRef;
  dataset @1 :DatasetRef;
  columns @2 :List(Text);
  mode @3 :Mode;
  engine @4 :Text;
  queryId @5 :Text;
  enum Mode { read @0; write @1; }
}
