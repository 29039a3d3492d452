#include "src/server/marquez_json.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "auditgraph/hash.h"
#include "src/event_json.h"
#include "src/server/http_util.h"

namespace auditgraph::marquez {

void error(httplib::Response& res, int code, const std::string& message) {
  http::reply_json(res, code, {{"code", code}, {"message", message}});
}

void error(httplib::Response& res, const Status& s) { error(res, http::http_status(s), s.message()); }

std::vector<std::string> segments(const httplib::Request& req) {
  const std::string path = req.target.substr(0, req.target.find('?'));
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(httplib::detail::decode_url(path.substr(start, slash - start), false));
    start = slash + 1;
  }
  return out;
}

Result<std::pair<size_t, size_t>> paging(const httplib::Request& req) {
  auto limit = http::uint_param(req, "limit", kMaxLimit);
  if (!limit.ok()) return limit.status();
  auto offset = http::uint_param(req, "offset");
  if (!offset.ok()) return offset.status();
  return std::pair<size_t, size_t>(limit->value_or(kDefaultLimit), offset->value_or(0));
}

Result<bool> bool_param(const httplib::Request& req, const std::string& name, bool fallback) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string text = req.get_param_value(name.c_str());
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true") return true;
  if (lower == "false") return false;
  return Status::InvalidArgument(name + ": '" + text + "' is not true or false");
}

json time_or_null(const std::optional<Timestamp>& t) {
  return t ? json(format_rfc3339(*t)) : json();
}

std::optional<Timestamp> recorded_at(const EventLog& log, uint64_t seq) {
  auto e = log.read(seq);
  if (!e.ok()) return std::nullopt;
  return e->recorded_at;
}

const char* run_state(RunState s) {
  switch (s) {
    case RunState::kComplete:
      return "COMPLETED";
    case RunState::kFail:
      return "FAILED";
    case RunState::kAbort:
      return "ABORTED";
    case RunState::kRunning:
      return "RUNNING";
    default:
      return "NEW";
  }
}

std::string name_uuid(const std::string& text) {
  std::string b(sha256(text).view().substr(0, 16));
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x50);
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
  const std::string hex = to_hex(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string job_version(const JobRef& job, const std::vector<DatasetRef>& inputs,
                        const std::vector<DatasetRef>& outputs) {
  // Length-prefixed parts, so no two different jobs share a text.
  std::string text;
  auto add = [&text](const std::string& s) { text += std::to_string(s.size()) + ":" + s; };
  add(job.ns);
  add(job.name);
  for (const auto* list : {&inputs, &outputs}) {
    std::vector<std::pair<std::string, std::string>> sorted;
    for (const auto& d : *list) sorted.emplace_back(d.ns, d.name);
    std::sort(sorted.begin(), sorted.end());
    text += "|" + std::to_string(sorted.size());
    for (const auto& [ns, name] : sorted) add(ns), add(name);
  }
  return name_uuid("job-version|" + text);
}

std::string unversioned_input(const DatasetRef& d) {
  return name_uuid("unversioned|" + std::to_string(d.ns.size()) + ":" + d.ns + d.name);
}

json namespace_json(const EventLog& log, const Index::NamespaceSummary& ns) {
  const auto created = recorded_at(log, ns.first_seq);
  auto updated = ns.updated_at;
  if (!updated || (created && *updated < *created)) updated = created;
  return {{"name", ns.name},
          {"createdAt", time_or_null(created)},
          {"updatedAt", time_or_null(updated)},
          {"ownerName", "anonymous"},
          {"description", nullptr},
          {"isHidden", false}};
}

namespace {

json dataset_ref(const DatasetRef& d) { return {{"namespace", d.ns}, {"name", d.name}}; }

json versions_json(const std::vector<CatalogRun::DatasetVersionRef>& list, bool inputs) {
  json out = json::array();
  for (const auto& v : list) {
    std::string version = v.version;
    if (version.empty() && inputs) version = unversioned_input(v.dataset);
    if (version.empty()) continue;  // an output of a run that has not completed: no version yet
    out.push_back({{"datasetVersionId",
                    {{"namespace", v.dataset.ns},
                     {"name", v.dataset.name},
                     {"version", version}}},
                   {"facets", json::object()}});
  }
  return out;
}

std::vector<DatasetRef> refs(const std::vector<CatalogRun::DatasetVersionRef>& list) {
  std::vector<DatasetRef> out;
  for (const auto& v : list) out.push_back(v.dataset);
  return out;
}

}  // namespace

json fields_json(const std::vector<SchemaField>& fields) {
  json out = json::array();
  for (const auto& f : fields) {
    out.push_back({{"name", f.name},
                   {"type", f.type.empty() ? json() : json(f.type)},
                   {"tags", f.tags},
                   {"description", f.description.empty() ? json() : json(f.description)}});
  }
  return out;
}

json dataset_json(const EventLog& log, const CatalogDataset& d, bool full) {
  const auto created = recorded_at(log, d.first_seq);
  const auto updated = d.last_modified_at ? d.last_modified_at : created;
  json out{{"id", dataset_ref(d.ref)},
           {"type", "DB_TABLE"},
           {"name", d.ref.name},
           {"physicalName", d.ref.name},
           {"createdAt", time_or_null(created)},
           {"updatedAt", time_or_null(updated)},
           {"namespace", d.ref.ns},
           {"sourceName", d.ref.ns},
           {"fields", fields_json(d.fields)},
           {"tags", d.tags},
           {"lastModifiedAt", time_or_null(d.last_modified_at)}};
  const json description = d.description.empty() ? json() : json(d.description);
  const json lifecycle = d.lifecycle_state.empty() ? json() : json(d.lifecycle_state);
  if (!full) {  // DatasetData's order
    out["description"] = description;
    out["lastLifecycleState"] = lifecycle;
    return out;
  }
  out["lastLifecycleState"] = lifecycle;
  out["description"] = description;
  out["currentVersion"] = d.current_version.empty() ? json() : json(d.current_version);
  out["facets"] = json::object();
  out["deleted"] = false;
  // auditgraph's own, beyond Marquez's shape.
  out["owner"] = d.owner.empty() ? json() : json(d.owner);
  out["domain"] = d.domain.empty() ? json() : json(d.domain);
  out["dataProduct"] = d.product;
  return out;
}

json run_json(const CatalogRun& r) {
  const auto ended = r.completed_at;
  json duration;
  if (ended) duration = (ended->unix_nanos - r.started_at.unix_nanos) / 1'000'000;
  return {{"id", r.run_id},
          {"createdAt", format_rfc3339(r.started_at)},
          {"updatedAt", format_rfc3339(ended.value_or(r.started_at))},
          {"nominalStartTime", nullptr},
          {"nominalEndTime", nullptr},
          {"state", run_state(r.state)},
          {"startedAt", format_rfc3339(r.started_at)},
          {"endedAt", time_or_null(ended)},
          {"durationMs", duration},
          {"args", json::object()},
          {"jobVersion",
           {{"namespace", r.job.ns},
            {"name", r.job.name},
            {"version", job_version(r.job, refs(r.inputs), refs(r.outputs))}}},
          {"inputDatasetVersions", versions_json(r.inputs, true)},
          {"outputDatasetVersions", versions_json(r.outputs, false)},
          {"facets", json::object()},
          {"seqs", r.seqs}};
}

json job_json(const EventLog& log, const CatalogJob& j, bool full) {
  const auto created = recorded_at(log, j.first_seq);
  json inputs = json::array(), outputs = json::array();
  for (const auto& d : j.inputs) inputs.push_back(dataset_ref(d));
  for (const auto& d : j.outputs) outputs.push_back(dataset_ref(d));
  const json latest = j.latest_run ? run_json(*j.latest_run) : json();
  json out{{"id", {{"namespace", j.ref.ns}, {"name", j.ref.name}}},
           {"type", "BATCH"},
           {"name", j.ref.name},
           {"simpleName", j.ref.name},
           {"parentJobName", nullptr},
           {"parentJobUuid", nullptr},
           {"createdAt", time_or_null(created)},
           {"updatedAt", j.latest_run ? latest["updatedAt"] : time_or_null(created)},
           {"namespace", j.ref.ns},
           {"inputs", std::move(inputs)},
           {"outputs", std::move(outputs)},
           {"location", nullptr},
           {"description", nullptr},
           {"latestRun", latest}};
  if (full) {
    out["latestRuns"] = j.latest_run ? json::array({latest}) : json::array();
    out["facets"] = json::object();
    // The version of what its latest completed run read and wrote (the inputs and outputs
    // above); null only for a job with no run at all.
    out["currentVersion"] =
        j.latest_run ? json(job_version(j.ref, j.inputs, j.outputs)) : json();
    out["labels"] = json::array();
    out["tags"] = j.tags;
  }
  return out;
}

}  // namespace auditgraph::marquez
