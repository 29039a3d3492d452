// Schema-change impact: what a proposed schema for a dataset breaks downstream, before it ships.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/event_log.h"

namespace auditgraph {

struct ChangeQuery {
  std::string dataset;                  // dataset:<namespace>:<name>
  std::vector<SchemaField> new_schema;  // the proposed schema
  Timestamp now;                        // for "recent" consumers and live deprecation notices
  int64_t recent_days = 30;             // consumers: access records in [now - days, now)
};

struct FieldChange {
  enum class Kind : uint8_t { kRemoved, kRenamed, kRetyped, kAdded } kind = Kind::kRemoved;
  std::string field;  // dotted path in the current schema (kAdded: in the new one)
  std::string old_type, new_type;
  std::string renamed_to;  // kRenamed
  bool breaking() const { return kind != Kind::kAdded; }
};

// A column or dataset downstream of the changed dataset, and how the change reaches it.
//   kBreaking:   derived from a changed field through DIRECT column lineage only
//   kAffected:   derived from one through an INDIRECT transformation (JOIN, FILTER, ...), or a
//                dataset whose column lineage is unknown (column_lineage_known == false: a job
//                wrote it from an affected dataset without column lineage for it, so which of
//                its columns the change reaches cannot be told)
//   kNotDerived: a dataset downstream that does not change: a job that reads the changed dataset
//                (or a dataset derived from a changed field) wrote it with column lineage that
//                does not touch the changed fields, or it is fed only through such datasets;
//                listed apart (ChangeReport::not_derived)
struct ChangeImpact {
  std::string id;  // a column or a dataset downstream
  enum class Class : uint8_t { kBreaking, kAffected, kNotDerived } cls = Class::kAffected;
  bool column_lineage_known = true;  // false: affected by default, for want of column lineage
  std::string because;            // the changed field it derives from ("" for dataset-level)
  std::vector<std::string> path;  // ids from the changed field (or dataset) to this node
  std::string owner;
  std::string domain;
};

struct ChangeReport {
  LogHead at;
  std::vector<SchemaField> current_schema;  // empty when none is known
  uint64_t current_schema_seq = 0;          // the event that gave it
  std::vector<FieldChange> changes;
  // Breaking and affected: columns, then datasets; breaking first, then by id.
  std::vector<ChangeImpact> impacts;
  // Datasets downstream not derived from the changed fields (kNotDerived), by id; not in
  // `impacts`, `jobs` or `owners`. With `impacts`, every dataset downstream.
  std::vector<ChangeImpact> not_derived;
  std::vector<std::string> jobs;       // jobs on the breaking and affected paths
  std::vector<std::string> owners;     // owners of breaking and affected datasets, to notify
  std::vector<std::string> consumers;  // principals who read the dataset recently
  struct Notice {
    uint64_t seq = 0;
    Timestamp sunset;
    std::optional<DatasetRef> replacement;
    std::string note;
  };
  std::optional<Notice> deprecation;  // a notice on the dataset whose sunset is still ahead
  enum class Verdict : uint8_t { kSafe, kBreakingWithNotice, kBreakingWithoutNotice };
  Verdict verdict = Verdict::kSafe;
};

const char* field_change_name(FieldChange::Kind kind);     // "removed", "renamed", ...
const char* change_class_name(ChangeImpact::Class cls);    // "breaking", "affected", "not_derived"
const char* change_verdict_name(ChangeReport::Verdict v);  // "safe", "breaking_with_notice", ...

}  // namespace auditgraph
