// SchemaState: each dataset's current schema (the last one any event gave: a declaration, a
// schema change, or a run's input or output schema facet), its contract (from its latest
// declaration) and its deprecation notices.
// Events must be added in seq order. Not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auditgraph/change.h"
#include "auditgraph/event.h"
#include "queries/archive.h"
#include "queries/name_table.h"

namespace auditgraph::queries {

class SchemaState {
 public:
  void add(const Event& event);

  struct Current {
    std::vector<SchemaField> fields;
    uint64_t seq = 0;
  };
  // The newest schema given under any of the dataset's ids; null when no event gave one.
  const Current* schema(const std::vector<std::string>& dataset) const;
  // Column ids tagged `tag` (schema field tags, tags facets with a field, classifications not
  // removed since), sorted, each with the seq of the event that tagged it.
  // With `prefix`, only the column ids that begin with it: one range of the tag's columns, so
  // asking about one dataset's columns does not cost the mesh's.
  std::vector<std::pair<std::string, uint64_t>> tagged_columns(const std::string& tag,
                                                               std::string_view prefix = "") const;
  // The tags on the dataset's columns now (schema tags, tags facets and classifications, less
  // those removed): field path -> tags, sorted.
  std::map<std::string, std::vector<std::string>> column_tags(
      const std::vector<std::string>& dataset) const;
  // The tags on the dataset itself now (classifications and tags facets without a field, less
  // those removed), under any of its ids, sorted.
  std::vector<std::string> dataset_tags(const std::vector<std::string>& dataset) const;
  // The tags on the job (`job:<ns>:<name>`) now (tags facets of its run and job events,
  // classifications naming it, less those removed), sorted.
  std::vector<std::string> job_tags(const std::string& job) const;
  // Tags defined by tag_defined events: name -> the latest description ("" for none).
  const std::map<std::string, std::string>& tag_definitions() const { return tag_definitions_; }
  // Every deprecation notice given under any of the dataset's ids, in seq order.
  std::vector<ChangeReport::Notice> notices(const std::vector<std::string>& dataset) const;

  // What a dataset's declarations (native, or OpenLineage DatasetEvents) said of it beyond
  // owners, domain and schema: each field as the latest declaration that gave it, so a
  // DatasetEvent with only a schema keeps a product's SLO.
  struct Contract {
    std::optional<int64_t> freshness_slo_seconds;
    std::string lifecycle_state, description;
    uint64_t seq = 0;  // the latest declaration
  };
  // The newest declaration under any of the dataset's ids; nothing when none declared it.
  std::optional<Contract> contract(const std::vector<std::string>& dataset) const;

  // Every member, for snapshots (archive.h); restore() checks them after loading.
  template <class A>
  void fields(A& a) {
    a(schemas_, notices_, tags_, contract_ids_, contract_texts_, contracts_, dataset_tags_,
      job_tags_, tag_definitions_);
  }
  bool restore();

  // A contract as kept: its texts interned in contract_texts_. Plain, so the million of them a
  // catalogue declares are one block in a snapshot.
  struct StoredContract {
    int64_t freshness_slo_seconds = 0;
    uint64_t seq = 0;
    uint32_t lifecycle_state = 0, description = 0;  // ids in contract_texts_; 0 = ""
    uint32_t has_slo = 0;
    uint32_t unused = 0;  // no implicit padding: the bytes archived are all set
  };

 private:
  std::map<std::string, Current> schemas_;
  std::map<std::string, std::vector<ChangeReport::Notice>> notices_;
  NameTable contract_ids_;    // dataset ids with a declaration
  NameTable contract_texts_;  // their lifecycle states and descriptions
  // By id in contract_ids_ (id 0, "", has an unused one).
  std::vector<StoredContract> contracts_ = std::vector<StoredContract>(1);
  // tag -> column id -> 1 + the seq of the event that tagged it (first since any removal);
  // 0: not tagged now
  std::map<std::string, std::map<std::string, uint64_t>> tags_;
  // dataset id -> tag -> as tags_: 1 + the seq that tagged it, 0 when not tagged now
  std::map<std::string, std::map<std::string, uint64_t>> dataset_tags_;
  // job id -> tag -> as tags_
  std::map<std::string, std::map<std::string, uint64_t>> job_tags_;
  // tag -> description, from tag_defined events (the latest one of a name)
  std::map<std::string, std::string> tag_definitions_;
  void tag(const std::string& tag, const std::string& column, uint64_t seq);
  void tag_dataset(const std::string& tag, const DatasetRef& d, uint64_t seq);
  void tag_job(const std::string& tag, const JobRef& j, uint64_t seq);
  void tag_schema(const DatasetRef& d, const std::vector<SchemaField>& fields,
                  const std::string& parent, uint64_t seq);
};

template <class A>
void fields(A& a, SchemaState::Current& c) { a(c.fields, c.seq); }
template <>
inline constexpr bool kRawBytes<SchemaState::StoredContract> = true;

}  // namespace auditgraph::queries
