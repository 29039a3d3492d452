#include "queries/schema_state.h"

#include "queries/lineage_graph.h"  // dataset_id

namespace auditgraph::queries {

void SchemaState::add(const Event& event) {
  auto set = [&](const DatasetRef& d, const std::vector<SchemaField>& fields) {
    if (!fields.empty()) schemas_[dataset_id(d)] = {fields, event.seq};
  };
  if (const auto* r = std::get_if<RunEvent>(&event.payload)) {
    for (const auto& d : r->inputs) set(d.dataset, d.schema);
    for (const auto& d : r->outputs) set(d.dataset, d.schema);
  } else if (const auto* d = std::get_if<DatasetDeclared>(&event.payload)) {
    set(d->dataset, d->schema);
  } else if (const auto* c = std::get_if<SchemaChanged>(&event.payload)) {
    set(c->dataset, c->schema);
  } else if (const auto* n = std::get_if<DeprecationNotice>(&event.payload)) {
    notices_[dataset_id(n->dataset)].push_back({event.seq, n->sunset, n->replacement, n->note});
  }
}

const SchemaState::Current* SchemaState::schema(const std::string& dataset) const {
  auto it = schemas_.find(dataset);
  return it == schemas_.end() ? nullptr : &it->second;
}

const std::vector<ChangeReport::Notice>* SchemaState::notices(const std::string& dataset) const {
  auto it = notices_.find(dataset);
  return it == notices_.end() ? nullptr : &it->second;
}

}  // namespace auditgraph::queries
