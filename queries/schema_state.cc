#include "queries/schema_state.h"

#include "queries/lineage_graph.h"  // dataset_id

namespace auditgraph::queries {

void SchemaState::tag_schema(const DatasetRef& d, const std::vector<SchemaField>& fields,
                             const std::string& parent) {
  for (const auto& f : fields) {
    const std::string path = parent.empty() ? f.name : parent + "." + f.name;
    for (const auto& t : f.tags) tags_[t][column_id(d, path)] = true;
    tag_schema(d, f.fields, path);
  }
}

void SchemaState::add(const Event& event) {
  auto set = [&](const DatasetRef& d, const std::vector<SchemaField>& fields) {
    if (!fields.empty()) schemas_[dataset_id(d)] = {fields, event.seq};
    tag_schema(d, fields, "");
  };
  auto set_tags = [&](const DatasetRef& d, const std::vector<Tag>& tags) {
    for (const auto& t : tags) {
      if (t.field.empty()) continue;
      // {"key": "PII"} and {"key": "classification", "value": "PII"} both tag the column PII.
      tags_[t.key][column_id(d, t.field)] = true;
      if (!t.value.empty()) tags_[t.value][column_id(d, t.field)] = true;
    }
  };
  if (const auto* r = std::get_if<RunEvent>(&event.payload)) {
    for (const auto* list : {&r->inputs, &r->outputs}) {
      for (const auto& d : *list) {
        set(d.dataset, d.schema);
        set_tags(d.dataset, d.tags);
      }
    }
  } else if (const auto* d = std::get_if<DatasetDeclared>(&event.payload)) {
    set(d->dataset, d->schema);
    set_tags(d->dataset, d->tags);
  } else if (const auto* c = std::get_if<Classified>(&event.payload)) {
    if (!c->field.empty()) tags_[c->tag][column_id(c->dataset, c->field)] = !c->removed;
  } else if (const auto* c = std::get_if<SchemaChanged>(&event.payload)) {
    set(c->dataset, c->schema);
  } else if (const auto* n = std::get_if<DeprecationNotice>(&event.payload)) {
    notices_[dataset_id(n->dataset)].push_back({event.seq, n->sunset, n->replacement, n->note});
  }
}

const SchemaState::Current* SchemaState::schema(const std::vector<std::string>& dataset) const {
  const Current* newest = nullptr;
  for (const std::string& name : dataset) {
    auto it = schemas_.find(name);
    if (it != schemas_.end() && (!newest || it->second.seq > newest->seq)) newest = &it->second;
  }
  return newest;
}

std::vector<std::string> SchemaState::tagged_columns(const std::string& tag) const {
  std::vector<std::string> out;
  auto it = tags_.find(tag);
  if (it == tags_.end()) return out;
  for (const auto& [column, on] : it->second) {
    if (on) out.push_back(column);
  }
  return out;
}

std::vector<ChangeReport::Notice> SchemaState::notices(
    const std::vector<std::string>& dataset) const {
  std::vector<ChangeReport::Notice> out;
  for (const std::string& name : dataset) {
    auto it = notices_.find(name);
    if (it != notices_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  return out;
}

}  // namespace auditgraph::queries
