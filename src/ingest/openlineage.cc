// OpenLineage RunEvent, DatasetEvent and JobEvent -> Event (payloads RunEvent, DatasetDeclared,
// JobDeclared), as spec 2-0-x defines them.
#include "src/ingest/openlineage.h"

#include <string>

namespace auditgraph::ingest {

bool is_template(std::string_view s) {
  return s.size() >= 4 && s.substr(0, 2) == "{{" && s.substr(s.size() - 2) == "}}";
}

namespace {

// eventType is optional in the spec; without one the event is OTHER.
RunState run_state(JsonReader& r, const object& root) {
  auto e = r.field(root, "eventType");
  if (!e) return RunState::kOther;
  const Path at = kRoot / "eventType";
  std::string_view type = r.string_of(*e, at);
  static constexpr std::pair<std::string_view, RunState> kStates[] = {
      {"START", RunState::kStart}, {"RUNNING", RunState::kRunning},
      {"COMPLETE", RunState::kComplete}, {"FAIL", RunState::kFail},
      {"ABORT", RunState::kAbort}, {"OTHER", RunState::kOther}};
  for (const auto& [name, state] : kStates) {
    if (type == name) return state;
  }
  r.fail(at, "must be one of START, RUNNING, COMPLETE, FAIL, ABORT, OTHER");
  return RunState::kOther;
}

// One entry of `inputs` or `outputs`, read in one pass over its members.
RunDataset read_run_dataset(JsonReader& r, const element& e, const Path& at, bool input) {
  RunDataset d;
  auto o = r.as_object(e, at);
  if (!o) return d;
  const std::string_view extra = input ? "inputFacets" : "outputFacets";
  const FacetGroup extra_group = input ? FacetGroup::kInput : FacetGroup::kOutput;
  bool has_ns = false, has_name = false;
  VerbatimFacets verbatim;
  for (auto [key, value] : *o) {
    if (value.is_null()) continue;
    const Path vp = at / key;
    if (key == "namespace") {
      d.dataset.ns = r.string_of(value, vp);
      has_ns = true;
    } else if (key == "name") {
      d.dataset.name = r.string_of(value, vp);
      has_name = true;
    } else if (key == "facets" || key == extra) {
      if (auto facets = r.as_object(value, vp))
        read_dataset_facets(r, *facets, vp, key == extra ? extra_group : FacetGroup::kDataset, d,
                            verbatim);
    }
  }
  r.require(has_ns, at, "namespace");
  r.require(has_name, at, "name");
  d.facets_json = verbatim.finish();
  return d;
}

std::vector<RunDataset> read_run_datasets(JsonReader& r, const object& root, std::string_view key,
                                          bool input) {
  std::vector<RunDataset> out;
  auto list = r.opt_array(root, key, kRoot);
  if (!list) return out;
  out.reserve(list->size());
  const Path at = kRoot / key;
  size_t i = 0;
  for (element e : *list) {
    out.push_back(read_run_dataset(r, e, at[i++], input));
    if (!r.ok()) break;
  }
  return out;
}

JobRef read_job(JsonReader& r, const object& job, const Path& at, JobFacets& facets,
                VerbatimFacets& verbatim) {
  const DatasetRef ref = read_dataset_ref(r, job, at);
  if (auto f = r.opt_object(job, "facets", at)) read_job_facets(r, *f, at / "facets", facets, verbatim);
  return {ref.ns, ref.name};
}

}  // namespace

void read_openlineage(JsonReader& r, const object& root, const Clock& clock, Event& out) {
  // The envelope. producer and schemaURL are required by the spec, but real producers (dbt's
  // integration, Marquez's own tests) omit them, and Marquez accepts that.
  std::string_view time_text = r.req_string(root, "eventTime", kRoot);
  if (!r.ok()) return;
  if (is_template(time_text)) {
    out.event_time = clock.now();
  } else if (auto t = parse_rfc3339(time_text)) {
    out.event_time = *t;
  } else {
    r.fail(kRoot / "eventTime", "not an RFC 3339 date-time (e.g. 2026-09-30T12:00:00Z)");
    return;
  }
  out.producer = r.opt_string(root, "producer", kRoot);
  r.opt_string(root, "schemaURL", kRoot);

  if (auto run_obj = r.opt_object(root, "run", kRoot)) {
    const Path run_at = kRoot / "run";
    RunEvent run;
    run.run_id = r.req_string(*run_obj, "runId", run_at);
    run.state = run_state(r, root);
    VerbatimFacets verbatim;
    if (auto f = r.opt_object(*run_obj, "facets", run_at))
      read_run_facets(r, *f, run_at / "facets", run, verbatim);
    auto job_obj = r.req_object(root, "job", kRoot);
    if (!job_obj) return;
    JobFacets job;
    run.job = read_job(r, *job_obj, kRoot / "job", job, verbatim);
    run.job_type = std::move(job.job_type);
    run.job_owners = std::move(job.owners);
    run.job_description = std::move(job.description);
    run.job_tags = std::move(job.tags);
    run.inputs = read_run_datasets(r, root, "inputs", true);
    run.outputs = read_run_datasets(r, root, "outputs", false);
    merge_explicit_lineage(std::move(job.lineage), run.inputs, run.outputs);
    run.facets_json = verbatim.finish();
    if (!r.ok()) return;
    out.payload = std::move(run);
    return;
  }

  if (auto dataset_obj = r.opt_object(root, "dataset", kRoot)) {  // DatasetEvent
    const Path at = kRoot / "dataset";
    RunDataset d;
    d.dataset = read_dataset_ref(r, *dataset_obj, at);
    VerbatimFacets verbatim;
    if (auto facets = r.opt_object(*dataset_obj, "facets", at))
      read_dataset_facets(r, *facets, at / "facets", FacetGroup::kDataset, d, verbatim);
    if (!r.ok()) return;
    DatasetDeclared declared;
    declared.dataset = d.dataset;
    declared.owners = std::move(d.owners);
    declared.version = std::move(d.version);
    declared.schema = std::move(d.schema);
    declared.description = std::move(d.description);
    declared.lifecycle_state = std::move(d.lifecycle_state);
    declared.aliases = std::move(d.aliases);
    declared.previous_identifier = std::move(d.previous_identifier);
    declared.data_source = std::move(d.data_source);
    declared.tags = std::move(d.tags);
    declared.facets_json = verbatim.finish();
    out.payload = std::move(declared);
    return;
  }

  auto job_obj = r.opt_object(root, "job", kRoot);
  if (!job_obj) {
    if (r.ok())
      r.fail(kRoot / "run",
             "required field is missing (an OpenLineage event has a run and a job, a dataset, or "
             "a job)");
    return;
  }
  JobDeclared declared;  // JobEvent
  VerbatimFacets verbatim;
  JobFacets job;
  declared.job = read_job(r, *job_obj, kRoot / "job", job, verbatim);
  declared.job_type = std::move(job.job_type);
  declared.owners = std::move(job.owners);
  declared.description = std::move(job.description);
  declared.tags = std::move(job.tags);
  declared.inputs = read_run_datasets(r, root, "inputs", true);
  declared.outputs = read_run_datasets(r, root, "outputs", false);
  merge_explicit_lineage(std::move(job.lineage), declared.inputs, declared.outputs);
  declared.facets_json = verbatim.finish();
  if (!r.ok()) return;
  out.payload = std::move(declared);
}

}  // namespace auditgraph::ingest
