// OpenLineage's explicit lineage facet, `lineage` (spec/facets/1-0-0/LineageFacet.json), in its
// dataset form (LineageDatasetFacet): which sources feed this dataset, as a whole (`inputs`) and
// per field (`fields`). Read into the same model as columnLineage, checked as the schema says.
#include <optional>
#include <string>

#include "src/ingest/openlineage.h"

namespace auditgraph::ingest {
namespace {

// One source (LineageInput: a LineageDatasetInput or a LineageJobInput, told apart by `type`).
struct Source {
  bool is_dataset = false;
  FieldRef ref;  // a dataset source: its dataset and field ("" when it names none)
  std::optional<array> transformations;
};

Source read_source(JsonReader& r, const object& o, const Path& at) {
  Source s;
  const std::string_view type = r.req_enum(o, "type", at, {"DATASET", "JOB"});
  if (!r.ok()) return s;
  s.is_dataset = type == "DATASET";
  s.transformations = r.opt_array(o, "transformations", at);
  if (s.is_dataset) {
    s.ref.dataset = read_dataset_ref(r, o, at);
    s.ref.field = r.opt_string(o, "field", at);
    return s;
  }
  // A job source: without namespace and name it is the event's own job; one needs the other.
  const bool has_ns = r.field(o, "namespace").has_value();
  const bool has_name = r.field(o, "name").has_value();
  if (has_ns || has_name) read_dataset_ref(r, o, at);
  r.opt_string(o, "runId", at);
  return s;
}

// A dataset source as column inputs: one per transformation, or one of unknown transformation
// ("" type) when it lists none. The transformation type is free text in this facet ("such as
// DIRECT or INDIRECT"), so any string is kept.
void add_inputs(JsonReader& r, const Source& s, const Path& at, std::vector<ColumnInput>& out) {
  if (!s.transformations || s.transformations->size() == 0) {
    out.push_back(ColumnInput{s.ref, "", "", "", false});
    return;
  }
  const Path list_at = at / "transformations";
  r.each_object(*s.transformations, list_at, [&](const object& t, const Path& tp) {
    ColumnInput c;
    c.input = s.ref;
    c.transformation_type = r.req_string(t, "type", tp);
    c.transformation_subtype = r.opt_string(t, "subtype", tp);
    c.description = r.opt_string(t, "description", tp);
    c.masking = r.opt_bool(t, "masking", tp);
    out.push_back(std::move(c));
  });
}

}  // namespace

void read_lineage_dataset_facet(JsonReader& r, const object& facet, const Path& at,
                                RunDataset& d) {
  r.each_object(facet, "inputs", at, [&](const object& o, const Path& p) {
    const Source s = read_source(r, o, p);
    if (r.ok() && s.is_dataset) add_inputs(r, s, p, d.dataset_lineage);
  });
  auto fields = r.opt_object(facet, "fields", at);
  if (!fields || !r.ok()) return;
  const Path fields_at = at / "fields";
  for (auto [name, value] : *fields) {
    const Path p = fields_at / name;
    auto entry = r.as_object(value, p);
    if (!entry) return;
    if (!r.field(*entry, "inputs")) {
      r.fail(p / "inputs", "required field is missing");
      return;
    }
    ColumnLineage c;
    c.output_field = r.checked(name, p);
    r.each_object(*entry, "inputs", p, [&](const object& o, const Path& ip) {
      const Source s = read_source(r, o, ip);
      // A source without a field feeds the target field as a whole dataset, and a job source
      // names no column: neither is a column edge (both stay in the verbatim copy).
      if (r.ok() && s.is_dataset && !s.ref.field.empty()) add_inputs(r, s, ip, c.inputs);
    });
    if (!r.ok()) return;
    if (!c.inputs.empty()) d.column_lineage.push_back(std::move(c));
  }
}

void read_lineage_job_facet(JsonReader& r, const object& facet, const Path& at,
                            ExplicitLineage& out) {
  if (!r.field(facet, "entries")) {
    r.fail(at / "entries", "required field is missing");
    return;
  }
  r.each_object(facet, "entries", at, [&](const object& o, const Path& p) {
    const std::string_view type = r.req_enum(o, "type", p, {"DATASET", "JOB"});
    if (!r.ok()) return;
    if (type == "JOB") {
      const bool own = !r.field(o, "namespace") && !r.field(o, "name");
      if (!own) read_dataset_ref(r, o, p);  // another job: checked, not modelled
      r.each_object(o, "inputs", p, [&](const object& in, const Path& ip) {
        const Source s = read_source(r, in, ip);
        if (r.ok() && own && s.is_dataset) out.inputs.push_back(s.ref.dataset);
      });
      return;
    }
    RunDataset target;
    target.dataset = read_dataset_ref(r, o, p);
    read_lineage_dataset_facet(r, o, p, target);
    if (r.ok()) out.targets.push_back(std::move(target));
  });
}

void merge_explicit_lineage(ExplicitLineage lineage, std::vector<RunDataset>& inputs,
                            std::vector<RunDataset>& outputs) {
  auto find = [](std::vector<RunDataset>& list, const DatasetRef& d) -> RunDataset* {
    for (auto& x : list) {
      if (x.dataset == d) return &x;
    }
    return nullptr;
  };
  auto source = [&](const DatasetRef& d) {
    if (!find(inputs, d)) inputs.push_back(RunDataset{d});
  };
  for (const DatasetRef& d : lineage.inputs) source(d);
  for (RunDataset& t : lineage.targets) {
    for (const auto& in : t.dataset_lineage) source(in.input.dataset);
    for (const auto& c : t.column_lineage) {
      for (const auto& in : c.inputs) source(in.input.dataset);
    }
    if (RunDataset* out = find(outputs, t.dataset)) {
      out->column_lineage.insert(out->column_lineage.end(), t.column_lineage.begin(),
                                 t.column_lineage.end());
      out->dataset_lineage.insert(out->dataset_lineage.end(), t.dataset_lineage.begin(),
                                  t.dataset_lineage.end());
    } else {
      outputs.push_back(std::move(t));
    }
  }
}

}  // namespace auditgraph::ingest
