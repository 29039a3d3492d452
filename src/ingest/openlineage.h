// OpenLineage (spec 2-0-x) -> Event. Internal to src/ingest; the entry point is EventParser.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "auditgraph/clock.h"
#include "src/ingest/json_reader.h"

namespace auditgraph::ingest {

// A producer's test-harness placeholder such as "{{ is_datetime(result) }}" (dbt's integration
// tests send these as eventTime and runId).
bool is_template(std::string_view s);

// Collects facets the engine does not interpret, verbatim, as one JSON object of groups:
// {"run":{"nominalTime":{...}},"job":{"sql":{...}}}. Groups are written in first-use order.
class VerbatimFacets {
 public:
  void add(std::string_view group, std::string_view name, const element& value);
  std::string finish() const;  // "" when nothing was added

 private:
  std::vector<std::pair<std::string_view, std::vector<std::pair<std::string_view, std::string>>>>
      groups_;
};

// Where a dataset's facet group came from: `facets`, `inputFacets` or `outputFacets`.
enum class FacetGroup { kDataset, kInput, kOutput };

// Interprets the dataset facets of one group into `d`; the rest go to `verbatim`.
void read_dataset_facets(JsonReader& r, const object& facets, const Path& at, FacetGroup group,
                         RunDataset& d, VerbatimFacets& verbatim);

// The dataset form of the explicit lineage facet `lineage` (LineageDatasetFacet, in
// lineage_facet.cc) into `d`, as columnLineage: each DATASET source with a `field` under
// `fields` becomes an input of that target field in d.column_lineage (one per transformation;
// type "" when it lists none), each DATASET source of `inputs` a dataset-level input in
// d.dataset_lineage (field "" when it names none). JOB sources, and sources of a field that name
// no field, are checked and not modelled. Fails at the offending field's pointer as the facet's
// schema would (a source's type DATASET or JOB; namespace and name as a pair; `inputs` required
// per field; a transformation's `type`).
void read_lineage_dataset_facet(JsonReader& r, const object& facet, const Path& at,
                                RunDataset& d);

// A job's explicit lineage, from the `lineage` facet's job form (LineageJobFacet).
struct ExplicitLineage {
  std::vector<RunDataset> targets;  // DATASET entries, with their column and dataset lineage
  std::vector<DatasetRef> inputs;   // DATASET sources of a JOB entry naming no job: the event's own
};

// Reads the job form into `out`: each DATASET entry as a RunDataset (its lineage read as
// read_lineage_dataset_facet does); a JOB entry without namespace and name is the event's own
// job, and its DATASET sources are its inputs. Other JOB entries are checked, not modelled.
void read_lineage_job_facet(JsonReader& r, const object& facet, const Path& at,
                            ExplicitLineage& out);

// Folds a job's explicit lineage into a run's or a JobEvent's datasets: each target is an output
// (its lineage added to an output of the same name, or a new output), and each dataset named as
// a source (of a target, or of the job itself) is an input.
void merge_explicit_lineage(ExplicitLineage lineage, std::vector<RunDataset>& inputs,
                            std::vector<RunDataset>& outputs);

// A job's interpreted facets.
struct JobFacets {
  std::string job_type;  // "BATCH/SPARK/QUERY": processingType/integration/jobType
  std::vector<Owner> owners;
  std::string description;
  std::vector<Tag> tags;
  ExplicitLineage lineage;  // the `lineage` facet
};
void read_job_facets(JsonReader& r, const object& facets, const Path& at, JobFacets& job,
                     VerbatimFacets& verbatim);

// A run's interpreted facets (parent, tags).
void read_run_facets(JsonReader& r, const object& facets, const Path& at, RunEvent& run,
                     VerbatimFacets& verbatim);

// One OpenLineage event (RunEvent, DatasetEvent or JobEvent) into `out`. `clock` dates events
// whose eventTime is a producer's template placeholder.
void read_openlineage(JsonReader& r, const object& root, const Clock& clock, Event& out);

}  // namespace auditgraph::ingest
