#include "queries/schema_state.h"

#include <algorithm>

#include "queries/lineage_graph.h"  // dataset_id

namespace auditgraph::queries {

void SchemaState::tag(const std::string& tag, const std::string& column, uint64_t seq) {
  uint64_t& since = tags_[tag][column];
  if (since == 0) since = seq + 1;
}

void SchemaState::tag_dataset(const std::string& tag, const DatasetRef& d, uint64_t seq) {
  uint64_t& since = dataset_tags_[dataset_id(d)][tag];
  if (since == 0) since = seq + 1;
}

void SchemaState::tag_job(const std::string& tag, const JobRef& j, uint64_t seq) {
  uint64_t& since = job_tags_[job_id(j)][tag];
  if (since == 0) since = seq + 1;
}

void SchemaState::tag_schema(const DatasetRef& d, const std::vector<SchemaField>& fields,
                             const std::string& parent, uint64_t seq) {
  for (const auto& f : fields) {
    const std::string path = parent.empty() ? f.name : parent + "." + f.name;
    for (const auto& t : f.tags) tag(t, column_id(d, path), seq);
    tag_schema(d, f.fields, path, seq);
  }
}

void SchemaState::add(const Event& event) {
  auto set = [&](const DatasetRef& d, const std::vector<SchemaField>& fields) {
    if (!fields.empty()) schemas_[dataset_id(d)] = {fields, event.seq};
    tag_schema(d, fields, "", event.seq);
  };
  auto set_tags = [&](const DatasetRef& d, const std::vector<Tag>& tags) {
    for (const auto& t : tags) {
      if (t.field.empty()) {  // on the dataset itself
        tag_dataset(t.key, d, event.seq);
        if (!t.value.empty()) tag_dataset(t.value, d, event.seq);
        continue;
      }
      // {"key": "PII"} and {"key": "classification", "value": "PII"} both tag the column PII.
      tag(t.key, column_id(d, t.field), event.seq);
      if (!t.value.empty()) tag(t.value, column_id(d, t.field), event.seq);
    }
  };
  // A job's tags facet ({"key": "team", "value": "x"} tags it both, as for datasets).
  auto set_job_tags = [&](const JobRef& j, const std::vector<Tag>& tags) {
    for (const auto& t : tags) {
      tag_job(t.key, j, event.seq);
      if (!t.value.empty()) tag_job(t.value, j, event.seq);
    }
  };
  if (const auto* r = std::get_if<RunEvent>(&event.payload)) {
    set_job_tags(r->job, r->job_tags);
    for (const auto* list : {&r->inputs, &r->outputs}) {
      for (const auto& d : *list) {
        set(d.dataset, d.schema);
        set_tags(d.dataset, d.tags);
      }
    }
  } else if (const auto* t = std::get_if<TagDefined>(&event.payload)) {
    tag_definitions_[t->tag] = t->description;
  } else if (const auto* j = std::get_if<JobDeclared>(&event.payload)) {
    set_job_tags(j->job, j->tags);
  } else if (const auto* d = std::get_if<DatasetDeclared>(&event.payload)) {
    set(d->dataset, d->schema);
    set_tags(d->dataset, d->tags);
    // Each field as the latest declaration that gave it: an OpenLineage DatasetEvent that
    // carries only a schema does not take a product's SLO or description away.
    const uint32_t id = contract_ids_.intern(dataset_id(d->dataset));
    if (id >= contracts_.size()) contracts_.resize(contract_ids_.size());
    StoredContract& c = contracts_[id];
    if (d->freshness_slo_seconds) {
      c.freshness_slo_seconds = *d->freshness_slo_seconds;
      c.has_slo = 1;
    }
    if (!d->lifecycle_state.empty()) c.lifecycle_state = contract_texts_.intern(d->lifecycle_state);
    if (!d->description.empty()) c.description = contract_texts_.intern(d->description);
    c.seq = event.seq;
  } else if (const auto* c = std::get_if<Classified>(&event.payload)) {
    if (c->job) {
      if (c->removed)
        job_tags_[job_id(*c->job)][c->tag] = 0;
      else
        tag_job(c->tag, *c->job, event.seq);
    } else if (!c->field.empty()) {
      if (c->removed) {
        tags_[c->tag][column_id(c->dataset, c->field)] = 0;
      } else {
        tag(c->tag, column_id(c->dataset, c->field), event.seq);
      }
    } else if (c->removed) {
      dataset_tags_[dataset_id(c->dataset)][c->tag] = 0;
    } else {
      tag_dataset(c->tag, c->dataset, event.seq);
    }
  } else if (const auto* c = std::get_if<SchemaChanged>(&event.payload)) {
    set(c->dataset, c->schema);
  } else if (const auto* n = std::get_if<DeprecationNotice>(&event.payload)) {
    notices_[dataset_id(n->dataset)].push_back({event.seq, n->sunset, n->replacement, n->note});
  }
}

namespace {

// The entry with the highest seq among a dataset's ids (its name, aliases and former names).
template <class V>
const V* newest_of(const std::map<std::string, V>& by_id, const std::vector<std::string>& ids) {
  const V* newest = nullptr;
  for (const std::string& name : ids) {
    auto it = by_id.find(name);
    if (it != by_id.end() && (!newest || it->second.seq > newest->seq)) newest = &it->second;
  }
  return newest;
}

}  // namespace

const SchemaState::Current* SchemaState::schema(const std::vector<std::string>& dataset) const {
  return newest_of(schemas_, dataset);
}

std::optional<SchemaState::Contract> SchemaState::contract(
    const std::vector<std::string>& dataset) const {
  const StoredContract* newest = nullptr;
  for (const std::string& name : dataset) {
    auto id = contract_ids_.find(name);
    if (id && *id != 0 && (!newest || contracts_[*id].seq > newest->seq)) newest = &contracts_[*id];
  }
  if (!newest) return std::nullopt;
  Contract c;
  if (newest->has_slo) c.freshness_slo_seconds = newest->freshness_slo_seconds;
  c.lifecycle_state = contract_texts_.view(newest->lifecycle_state);
  c.description = contract_texts_.view(newest->description);
  c.seq = newest->seq;
  return c;
}

bool SchemaState::restore() {
  if (!contract_ids_.restore() || !contract_texts_.restore() ||
      contracts_.size() != contract_ids_.size()) {
    return false;
  }
  for (const StoredContract& c : contracts_) {
    if (c.lifecycle_state >= contract_texts_.size() || c.description >= contract_texts_.size()) {
      return false;
    }
  }
  return true;
}


std::map<std::string, std::vector<std::string>> SchemaState::column_tags(
    const std::vector<std::string>& dataset) const {
  std::map<std::string, std::vector<std::string>> out;
  for (const std::string& id : dataset) {
    // "dataset:<ns>:<name>" -> its columns' prefix "datasetField:<ns>:<name>:"
    const std::string prefix = "datasetField:" + id.substr(id.find(':') + 1) + ":";
    for (const auto& [tag, columns] : tags_) {
      for (auto it = columns.lower_bound(prefix);
           it != columns.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        if (it->second != 0) out[it->first.substr(prefix.size())].push_back(tag);
      }
    }
  }
  for (auto& [field, tags] : out) {
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  }
  return out;
}

std::vector<std::string> SchemaState::dataset_tags(const std::vector<std::string>& dataset) const {
  std::vector<std::string> out;
  for (const std::string& id : dataset) {
    auto it = dataset_tags_.find(id);
    if (it == dataset_tags_.end()) continue;
    for (const auto& [tag, since] : it->second) {
      if (since != 0) out.push_back(tag);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> SchemaState::job_tags(const std::string& job) const {
  std::vector<std::string> out;
  auto it = job_tags_.find(job);
  if (it == job_tags_.end()) return out;
  for (const auto& [tag, since] : it->second) {
    if (since != 0) out.push_back(tag);  // the map is sorted by tag
  }
  return out;
}

std::vector<std::pair<std::string, uint64_t>> SchemaState::tagged_columns(
    const std::string& tag, std::string_view prefix) const {
  std::vector<std::pair<std::string, uint64_t>> out;
  auto it = tags_.find(tag);
  if (it == tags_.end()) return out;
  for (auto c = it->second.lower_bound(std::string(prefix));
       c != it->second.end() && std::string_view(c->first).substr(0, prefix.size()) == prefix;
       ++c) {
    if (c->second != 0) out.emplace_back(c->first, c->second - 1);
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
