#include "src/event_json.h"

#include <chrono>
#include <cstdio>
#include <type_traits>

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

json ref(const DatasetRef& d) { return {{"namespace", d.ns}, {"name", d.name}}; }
json ref(const JobRef& j) { return {{"namespace", j.ns}, {"name", j.name}}; }
json ref(const FieldRef& f) {
  return {{"namespace", f.dataset.ns}, {"name", f.dataset.name}, {"field", f.field}};
}
json ref(const PrincipalRef& p) { return {{"kind", principal_kind_name(p.kind)}, {"name", p.name}}; }

json fields(const std::vector<SchemaField>& schema) {
  json out = json::array();
  for (const auto& f : schema) {
    json j{{"name", f.name}, {"type", f.type}};
    if (!f.description.empty()) j["description"] = f.description;
    if (!f.tags.empty()) j["tags"] = f.tags;
    if (!f.fields.empty()) j["fields"] = fields(f.fields);
    out.push_back(std::move(j));
  }
  return out;
}

json owners(const std::vector<Owner>& list) {
  json out = json::array();
  for (const auto& o : list) out.push_back({{"name", o.name}, {"type", o.type}});
  return out;
}

json column_inputs(const std::vector<ColumnInput>& inputs) {
  json out = json::array();
  for (const auto& c : inputs) {
    out.push_back({{"input", ref(c.input)},
                   {"transformation_type", c.transformation_type},
                   {"transformation_subtype", c.transformation_subtype},
                   {"description", c.description},
                   {"masking", c.masking}});
  }
  return out;
}

json tags(const std::vector<Tag>& list) {
  json out = json::array();
  for (const auto& t : list) {
    json j{{"key", t.key}, {"value", t.value}};
    if (!t.source.empty()) j["source"] = t.source;
    if (!t.field.empty()) j["field"] = t.field;
    out.push_back(std::move(j));
  }
  return out;
}

json refs(const std::vector<DatasetRef>& list) {
  json out = json::array();
  for (const auto& d : list) out.push_back(ref(d));
  return out;
}

// Adds the metadata a dataset can carry in both declarations and runs, when present.
void put_dataset_metadata(json& j, const std::optional<DatasetRef>& previous,
                          const DataSource& source, const std::vector<Tag>& tag_list) {
  if (previous) j["previous_identifier"] = ref(*previous);
  if (!source.name.empty() || !source.uri.empty())
    j["data_source"] = {{"name", source.name}, {"uri", source.uri}};
  if (!tag_list.empty()) j["tags"] = tags(tag_list);
}

// Embeds verbatim facet JSON; kept as a string if it does not parse.
json facets(const std::string& text) {
  if (text.empty()) return json::object();
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? json(text) : parsed;
}

json run_dataset(const RunDataset& d) {
  json j = ref(d.dataset);
  if (!d.version.empty()) j["version"] = d.version;
  if (!d.schema.empty()) j["schema"] = fields(d.schema);
  if (!d.column_lineage.empty()) {
    json cl = json::array();
    for (const auto& c : d.column_lineage) {
      cl.push_back({{"output_field", c.output_field}, {"inputs", column_inputs(c.inputs)}});
    }
    j["column_lineage"] = std::move(cl);
  }
  if (!d.dataset_lineage.empty()) j["dataset_lineage"] = column_inputs(d.dataset_lineage);
  if (d.row_count) j["row_count"] = *d.row_count;
  if (d.bytes) j["bytes"] = *d.bytes;
  if (d.file_count) j["file_count"] = *d.file_count;
  if (!d.owners.empty()) j["owners"] = owners(d.owners);
  if (!d.description.empty()) j["description"] = d.description;
  if (!d.aliases.empty()) j["aliases"] = refs(d.aliases);
  if (!d.lifecycle_state.empty()) j["lifecycle_state"] = d.lifecycle_state;
  put_dataset_metadata(j, d.previous_identifier, d.data_source, d.tags);
  if (!d.facets_json.empty()) j["facets"] = facets(d.facets_json);
  return j;
}

json run_datasets(const std::vector<RunDataset>& list) {
  json out = json::array();
  for (const auto& d : list) out.push_back(run_dataset(d));
  return out;
}

// Job metadata shared by runs and job declarations, when present.
void put_job_metadata(json& j, const std::string& job_type, const std::vector<Owner>& owner_list,
                      const std::string& description, const std::vector<Tag>& tag_list) {
  if (!job_type.empty()) j["job_type"] = job_type;
  if (!owner_list.empty()) j["job_owners"] = owners(owner_list);
  if (!description.empty()) j["job_description"] = description;
  if (!tag_list.empty()) j["job_tags"] = tags(tag_list);
}

json payload(const Payload& p) {
  return std::visit(
      [](const auto& v) -> json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, RunEvent>) {
          json j{{"run_id", v.run_id}, {"job", ref(v.job)}, {"state", run_state_name(v.state)}};
          if (v.parent) j["parent"] = {{"run_id", v.parent->run_id}, {"job", ref(v.parent->job)}};
          put_job_metadata(j, v.job_type, v.job_owners, v.job_description, v.job_tags);
          if (!v.run_tags.empty()) j["run_tags"] = tags(v.run_tags);
          j["inputs"] = run_datasets(v.inputs);
          j["outputs"] = run_datasets(v.outputs);
          if (!v.facets_json.empty()) j["facets"] = facets(v.facets_json);
          return j;
        } else if constexpr (std::is_same_v<T, JobDeclared>) {
          json j{{"job", ref(v.job)}};
          put_job_metadata(j, v.job_type, v.owners, v.description, v.tags);
          j["inputs"] = run_datasets(v.inputs);
          j["outputs"] = run_datasets(v.outputs);
          if (!v.facets_json.empty()) j["facets"] = facets(v.facets_json);
          return j;
        } else if constexpr (std::is_same_v<T, DatasetDeclared>) {
          json j{{"dataset", ref(v.dataset)},    {"data_product", v.data_product},
                 {"domain", v.domain},           {"owners", owners(v.owners)},
                 {"version", v.version},         {"schema", fields(v.schema)},
                 {"description", v.description}, {"lifecycle_state", v.lifecycle_state}};
          if (v.freshness_slo_seconds) j["freshness_slo_seconds"] = *v.freshness_slo_seconds;
          if (!v.aliases.empty()) j["aliases"] = refs(v.aliases);
          put_dataset_metadata(j, v.previous_identifier, v.data_source, v.tags);
          if (!v.facets_json.empty()) j["facets"] = facets(v.facets_json);
          return j;
        } else if constexpr (std::is_same_v<T, SchemaChanged>) {
          return {{"dataset", ref(v.dataset)},
                  {"version", v.version},
                  {"schema", fields(v.schema)},
                  {"reason", v.reason}};
        } else if constexpr (std::is_same_v<T, DeprecationNotice>) {
          json j{{"dataset", ref(v.dataset)},
                 {"version", v.version},
                 {"sunset", format_rfc3339(v.sunset)},
                 {"note", v.note}};
          if (v.replacement) j["replacement"] = ref(*v.replacement);
          return j;
        } else if constexpr (std::is_same_v<T, OwnershipChanged>) {
          return {{"dataset", ref(v.dataset)}, {"owners", owners(v.owners)}};
        } else if constexpr (std::is_same_v<T, Classified>) {
          if (v.job) return {{"job", ref(*v.job)}, {"tag", v.tag}, {"removed", v.removed}};
          return {{"dataset", ref(v.dataset)},
                  {"field", v.field},
                  {"tag", v.tag},
                  {"removed", v.removed}};
        } else if constexpr (std::is_same_v<T, AccessGranted>) {
          static constexpr const char* kKinds[] = {"dataset", "columns", "domain"};
          json res{{"kind", kKinds[static_cast<int>(v.resource.kind)]}};
          if (v.resource.kind == Resource::Kind::kDomain)
            res["domain"] = v.resource.domain;
          else
            res["dataset"] = ref(v.resource.dataset);
          if (v.resource.kind == Resource::Kind::kColumns) res["columns"] = v.resource.columns;
          json j{{"grant_id", v.grant_id},   {"grantee", ref(v.grantee)}, {"resource", res},
                 {"privilege", v.privilege}, {"purpose", v.purpose},      {"approver", v.approver},
                 {"ticket", v.ticket}};
          j["expires_at"] = v.expires_at ? json(format_rfc3339(*v.expires_at)) : json(nullptr);
          return j;
        } else if constexpr (std::is_same_v<T, TagDefined>) {
          return {{"tag", v.tag}, {"description", v.description}};
        } else if constexpr (std::is_same_v<T, AccessRevoked>) {
          return {{"grant_id", v.grant_id}, {"reason", v.reason}};
        } else if constexpr (std::is_same_v<T, MembershipAdded> ||
                             std::is_same_v<T, MembershipRemoved>) {
          return {{"group", v.group}, {"member", ref(v.member)}};
        } else {
          static_assert(std::is_same_v<T, AccessRecorded>);
          return {{"principal", ref(v.principal)},
                  {"dataset", ref(v.dataset)},
                  {"columns", v.columns},
                  {"mode", v.mode == AccessRecorded::Mode::kRead ? "read" : "write"},
                  {"engine", v.engine},
                  {"query_id", v.query_id}};
        }
      },
      p);
}

json hashes(const std::vector<Hash>& list) {
  json out = json::array();
  for (const auto& h : list) out.push_back(h.hex());
  return out;
}

}  // namespace

std::string format_rfc3339(Timestamp t) {
  using namespace std::chrono;
  int64_t secs = t.unix_nanos / 1'000'000'000;
  int64_t nanos = t.unix_nanos % 1'000'000'000;
  if (nanos < 0) {
    nanos += 1'000'000'000;
    secs -= 1;
  }
  sys_seconds tp{seconds{secs}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%09lldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()),
                static_cast<long long>(nanos));
  return buf;
}

nlohmann::ordered_json event_to_json(const Event& e) {
  static constexpr const char* kFormats[] = {"none", "openlineage", "native"};
  json j{{"seq", e.seq},
         {"recorded_at", format_rfc3339(e.recorded_at)},
         {"event_time", format_rfc3339(e.event_time)},
         {"actor", e.actor},
         {"producer", e.producer},
         {"idempotency_key", e.idempotency_key},
         {"kind", payload_kind_name(e.payload)},
         {"payload", payload(e.payload)}};
  if (e.raw.format != RawEvent::Format::kNone) {
    j["raw"] = {{"format", kFormats[static_cast<int>(e.raw.format)]}, {"bytes", e.raw.bytes}};
  }
  return j;
}

nlohmann::ordered_json head_to_json(const LogHead& head) {
  return {{"size", head.size}, {"root", head.root.hex()}};
}

nlohmann::ordered_json inclusion_to_json(const InclusionProof& p) {
  return {{"seq", p.index},
          {"size", p.size},
          {"leaf_hash", p.leaf_hash.hex()},
          {"proof", hashes(p.path)},
          {"root", p.root.hex()}};
}

nlohmann::ordered_json consistency_to_json(const ConsistencyProof& p) {
  return {{"from", p.from},
          {"to", p.to},
          {"from_root", p.from_root.hex()},
          {"to_root", p.to_root.hex()},
          {"proof", hashes(p.path)}};
}

}  // namespace auditgraph
