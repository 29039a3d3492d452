// The OpenLineage facets the engine interprets, each validated as its JSON schema in the spec
// says; a malformed one is refused with the path of the offending value. The rest are kept
// verbatim.
#include <string>

#include "src/ingest/openlineage.h"

namespace auditgraph::ingest {
namespace {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

// Schema fields are the bulk of most events: each object is read in one pass over its members.
std::vector<SchemaField> read_fields(JsonReader& r, const array& list, const Path& at) {
  std::vector<SchemaField> out;
  out.reserve(list.size());
  size_t i = 0;
  for (element e : list) {
    const Path p = at[i++];
    auto o = r.as_object(e, p);
    if (!o) break;
    SchemaField f;
    bool has_name = false;
    for (auto [key, value] : *o) {
      if (value.is_null()) continue;
      const Path vp = p / key;
      if (key == "name") {
        f.name = r.string_of(value, vp);
        has_name = true;
      } else if (key == "type") {
        f.type = r.string_of(value, vp, false);
      } else if (key == "description") {
        f.description = r.string_of(value, vp, false);
      } else if (key == "fields") {
        array nested;
        if (value.get_array().get(nested) != simdjson::SUCCESS)
          r.fail(vp, std::string("expected an array, got ") + type_name(value));
        else
          f.fields = read_fields(r, nested, vp);
      }
    }
    r.require(has_name, p, "name");
    if (!r.ok()) break;
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Tag> read_tags(JsonReader& r, const object& facet, const Path& at) {
  std::vector<Tag> out;
  r.each_object(facet, "tags", at, [&](const object& o, const Path& p) {
    Tag t;
    t.key = r.req_string(o, "key", p);
    t.value = r.req_string(o, "value", p, /*non_empty=*/false);
    t.source = r.opt_string(o, "source", p);
    t.field = r.opt_string(o, "field", p);
    out.push_back(std::move(t));
  });
  return out;
}

// The transformations of one input field of columnLineage: one ColumnInput each, of type DIRECT
// or INDIRECT.
void read_transformations(JsonReader& r, const array& list, const Path& at, const FieldRef& ref,
                          std::vector<ColumnInput>& out) {
  size_t j = 0;
  for (element t : list) {
    const Path tp = at[j++];
    auto to = r.as_object(t, tp);
    if (!to) return;
    ColumnInput c;
    c.input = ref;
    bool has_type = false;
    for (auto [key, value] : *to) {
      if (value.is_null()) continue;
      const Path vp = tp / key;
      if (key == "type") {
        c.transformation_type = r.string_of(value, vp);
        has_type = true;
        if (r.ok() && c.transformation_type != "DIRECT" && c.transformation_type != "INDIRECT")
          r.fail(vp, "must be one of DIRECT, INDIRECT");
      } else if (key == "subtype") {
        c.transformation_subtype = r.string_of(value, vp, false);
      } else if (key == "description") {
        c.description = r.string_of(value, vp, false);
      } else if (key == "masking") {
        c.masking = r.bool_of(value, vp);
      }
    }
    r.require(has_type, tp, "type");
    out.push_back(std::move(c));
  }
}

// One entry of columnLineage's inputFields (or its dataset-level list): one ColumnInput per
// transformation; an input without transformations (the older form of the facet) takes the
// output field's deprecated transformationType/Description.
void read_input_fields(JsonReader& r, const array& list, const Path& at,
                       std::string_view legacy_type, std::string_view legacy_description,
                       std::vector<ColumnInput>& out) {
  size_t i = 0;
  for (element e : list) {
    const Path p = at[i++];
    auto o = r.as_object(e, p);
    if (!o) return;
    FieldRef ref;
    bool has_ns = false, has_name = false, has_field = false;
    std::optional<array> transformations;
    for (auto [key, value] : *o) {
      if (value.is_null()) continue;
      const Path vp = p / key;
      if (key == "namespace") {
        ref.dataset.ns = r.string_of(value, vp);
        has_ns = true;
      } else if (key == "name") {
        ref.dataset.name = r.string_of(value, vp);
        has_name = true;
      } else if (key == "field") {
        ref.field = r.string_of(value, vp);
        has_field = true;
      } else if (key == "transformations") {
        array a;
        if (value.get_array().get(a) != simdjson::SUCCESS)
          r.fail(vp, std::string("expected an array, got ") + type_name(value));
        else
          transformations = a;
      }
    }
    r.require(has_ns, p, "namespace");
    r.require(has_name, p, "name");
    r.require(has_field, p, "field");
    if (!r.ok()) return;
    if (!transformations || transformations->size() == 0) {
      out.push_back(ColumnInput{std::move(ref), legacy_type.empty() ? "" : "DIRECT",
                                std::string(legacy_type), std::string(legacy_description), false});
      continue;
    }
    const Path tp = p / "transformations";
    read_transformations(r, *transformations, tp, ref, out);
  }
}

void read_column_lineage(JsonReader& r, const object& facet, const Path& at, RunDataset& d) {
  auto fields = r.req_object(facet, "fields", at);
  if (!fields) return;
  const Path fields_at = at / "fields";
  for (auto [name, value] : *fields) {
    const Path p = fields_at / name;
    auto o = r.as_object(value, p);
    if (!o) return;
    ColumnLineage c;
    c.output_field = r.checked(name, p);
    std::string_view legacy_type = r.opt_string(*o, "transformationType", p);
    std::string_view legacy_description = r.opt_string(*o, "transformationDescription", p);
    auto inputs = r.opt_array(*o, "inputFields", p);
    if (!inputs) {
      r.fail(p / "inputFields", "required field is missing");
      return;
    }
    read_input_fields(r, *inputs, p / "inputFields", legacy_type, legacy_description, c.inputs);
    d.column_lineage.push_back(std::move(c));
  }
  if (auto dataset = r.opt_array(facet, "dataset", at))
    read_input_fields(r, *dataset, at / "dataset", "", "", d.dataset_lineage);
}

// dataQualityMetrics, inputStatistics, outputStatistics: counts that must be integers.
void read_statistics(JsonReader& r, const object& facet, const Path& at, std::string_view bytes_key,
                     RunDataset& d) {
  if (auto v = r.opt_int(facet, "rowCount", at)) d.row_count = v;
  if (auto v = r.opt_int(facet, bytes_key, at)) d.bytes = v;
  if (auto v = r.opt_int(facet, "fileCount", at)) d.file_count = v;
}

// Spec 1-0-x required rowCount, 2-0-x requires columnMetrics; producers of both are in the wild,
// so one of the two must be there.
void read_quality_metrics(JsonReader& r, const object& facet, const Path& at, RunDataset& d) {
  read_statistics(r, facet, at, "bytes", d);
  auto columns = r.opt_object(facet, "columnMetrics", at);
  if (!columns) {
    if (r.ok() && !d.row_count)
      r.fail(at / "rowCount", "required field is missing (or columnMetrics)");
    return;
  }
  const Path columns_at = at / "columnMetrics";
  for (auto [name, value] : *columns) {
    const Path p = columns_at / name;
    auto o = r.as_object(value, p);
    if (!o) return;
    r.opt_int(*o, "nullCount", p);
    r.opt_int(*o, "distinctCount", p);
    r.opt_int(*o, "count", p);
  }
}

}  // namespace

void VerbatimFacets::add(std::string_view group, std::string_view name, const element& value) {
  for (auto& [g, list] : groups_) {
    if (g == group) {
      list.emplace_back(name, to_json_text(value));
      return;
    }
  }
  groups_.push_back({group, {{name, to_json_text(value)}}});
}

std::string VerbatimFacets::finish() const {
  if (groups_.empty()) return {};
  std::string out = "{";
  for (size_t g = 0; g < groups_.size(); ++g) {
    if (g) out += ',';
    append_json_string(out, groups_[g].first);
    out += ":{";
    const auto& list = groups_[g].second;
    for (size_t i = 0; i < list.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, list[i].first);
      out += ':';
      out += list[i].second;
    }
    out += '}';
  }
  out += '}';
  return out;
}

void read_dataset_facets(JsonReader& r, const object& facets, const Path& at, FacetGroup group,
                         RunDataset& d, VerbatimFacets& verbatim) {
  static constexpr std::string_view kGroupNames[] = {"facets", "inputFacets", "outputFacets"};
  const std::string_view group_name = kGroupNames[static_cast<int>(group)];
  for (auto [name, value] : facets) {
    if (!r.ok()) return;
    const Path p = at / name;
    if (value.is_null()) continue;
    auto f = r.as_object(value, p);
    if (!f) return;
    if (name == "schema") {
      if (auto fields = r.opt_array(*f, "fields", p))
        d.schema = read_fields(r, *fields, p / "fields");
    } else if (name == "columnLineage") {
      read_column_lineage(r, *f, p, d);
    } else if (name == "lineage") {
      read_lineage_dataset_facet(r, *f, p, d);
      verbatim.add(group_name, name, value);  // its job sources and run ids are not modelled
    } else if (name == "ownership") {
      d.owners = read_owners(r, *f, p);
    } else if (name == "documentation") {
      d.description = r.req_string(*f, "description", p, /*non_empty=*/false);
    } else if (name == "symlinks") {
      auto ids = r.opt_array(*f, "identifiers", p);
      if (!ids) {
        r.fail(p / "identifiers", "required field is missing");
        return;
      }
      const Path list_at = p / "identifiers";
      r.each_object(*ids, list_at, [&](const object& o, const Path& ip) {
        d.aliases.push_back(read_dataset_ref(r, o, ip));
        r.req_string(o, "type", ip);
      });
    } else if (name == "lifecycleStateChange") {
      d.lifecycle_state =
          r.req_enum(*f, "lifecycleStateChange", p,
                     {"ALTER", "CREATE", "DROP", "OVERWRITE", "RENAME", "TRUNCATE"});
      if (auto prev = r.opt_object(*f, "previousIdentifier", p))
        d.previous_identifier = read_dataset_ref(r, *prev, p / "previousIdentifier");
    } else if (name == "dataSource") {
      d.data_source.name = r.opt_string(*f, "name", p);
      d.data_source.uri = r.opt_string(*f, "uri", p);
    } else if (name == "tags") {
      d.tags = read_tags(r, *f, p);
    } else if (name == "version") {
      d.version = r.req_string(*f, "datasetVersion", p);
    } else if (name == "dataQualityMetrics" && group != FacetGroup::kOutput) {
      read_quality_metrics(r, *f, p, d);
      verbatim.add(group_name, name, value);  // its column metrics are not modelled
    } else if (name == "inputStatistics" && group == FacetGroup::kInput) {
      read_statistics(r, *f, p, "size", d);
    } else if (name == "outputStatistics" && group == FacetGroup::kOutput) {
      read_statistics(r, *f, p, "size", d);
    } else {
      verbatim.add(group_name, name, value);
    }
  }
}

void read_job_facets(JsonReader& r, const object& facets, const Path& at, JobFacets& job,
                     VerbatimFacets& verbatim) {
  for (auto [name, value] : facets) {
    if (!r.ok()) return;
    const Path p = at / name;
    if (value.is_null()) continue;
    auto f = r.as_object(value, p);
    if (!f) return;
    if (name == "ownership") {
      job.owners = read_owners(r, *f, p);
    } else if (name == "documentation") {
      job.description = r.req_string(*f, "description", p, /*non_empty=*/false);
    } else if (name == "jobType") {
      std::string type(r.req_string(*f, "processingType", p));
      type += '/';
      type += r.req_string(*f, "integration", p);
      if (std::string_view kind = r.opt_string(*f, "jobType", p); !kind.empty()) {
        type += '/';
        type += kind;
      }
      job.job_type = std::move(type);
    } else if (name == "tags") {
      job.tags = read_tags(r, *f, p);
    } else if (name == "lineage") {
      read_lineage_job_facet(r, *f, p, job.lineage);
      verbatim.add("job", name, value);  // job targets and sources are not modelled
    } else {
      verbatim.add("job", name, value);
    }
  }
}

void read_run_facets(JsonReader& r, const object& facets, const Path& at, RunEvent& run,
                     VerbatimFacets& verbatim) {
  for (auto [name, value] : facets) {
    if (!r.ok()) return;
    const Path p = at / name;
    if (value.is_null()) continue;
    auto f = r.as_object(value, p);
    if (!f) return;
    if (name == "parent") {
      ParentRun parent;
      if (auto prun = r.req_object(*f, "run", p))
        parent.run_id = r.req_string(*prun, "runId", p / "run");
      if (auto pjob = r.req_object(*f, "job", p)) {
        const DatasetRef ref = read_dataset_ref(r, *pjob, p / "job");
        parent.job = {ref.ns, ref.name};
      }
      run.parent = std::move(parent);
      if (r.field(*f, "root")) verbatim.add("run", name, value);  // the root run is not modelled
    } else if (name == "tags") {
      run.run_tags = read_tags(r, *f, p);
    } else {
      verbatim.add("run", name, value);
    }
  }
}

}  // namespace auditgraph::ingest
