// Marquez's response shapes (openapi.yml's Dataset, Job, Run, Namespace, ...) made from the
// catalog (auditgraph/catalog.h), and the request helpers the Marquez route files share.
// docs/api.md lists the fields and where they differ from Marquez.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auditgraph/catalog.h"
#include "auditgraph/event_log.h"
#include "auditgraph/index.h"
#include "auditgraph/status.h"

namespace auditgraph::marquez {

using json = nlohmann::ordered_json;

constexpr size_t kDefaultLimit = 100;
constexpr size_t kMaxLimit = 1000;

// {"code", "message"}, as Marquez answers errors.
void error(httplib::Response& res, int code, const std::string& message);
void error(httplib::Response& res, const Status& s);  // code from http::http_status

// The request path's segments, each percent-decoded on its own ("s3:%2F%2Flake" -> "s3://lake").
std::vector<std::string> segments(const httplib::Request& req);
// limit (default 100, at most 1,000) and offset (default 0); InvalidArgument naming the one bad.
Result<std::pair<size_t, size_t>> paging(const httplib::Request& req);

// A boolean parameter as Marquez reads one: true or false in any case (True, FALSE); anything
// else is InvalidArgument naming the parameter.
Result<bool> bool_param(const httplib::Request& req, const std::string& name, bool fallback);

json time_or_null(const std::optional<Timestamp>& t);
// When the log recorded the event at `seq`; none when it cannot be read.
std::optional<Timestamp> recorded_at(const EventLog& log, uint64_t seq);
const char* run_state(RunState s);  // COMPLETED, FAILED, ABORTED, RUNNING, NEW

// A stable UUID-shaped id (RFC 4122 layout, version 5 bits) from SHA-256 of `text`.
std::string name_uuid(const std::string& text);
// A job's version, as Marquez versions jobs: by its namespace, name, inputs and outputs.
std::string job_version(const JobRef& job, const std::vector<DatasetRef>& inputs,
                        const std::vector<DatasetRef>& outputs);
// The version given to an input read before any version of it was logged (the same for every
// such read of that dataset): Marquez requires a version there.
std::string unversioned_input(const DatasetRef& dataset);

// Namespace: name, createdAt (when the log first heard of something in it), updatedAt (its
// latest dataset version or run, Index::namespace_summaries), ownerName, description, isHidden.
json namespace_json(const EventLog& log, const Index::NamespaceSummary& ns);

// Dataset fields: name, type, tags, description.
json fields_json(const std::vector<SchemaField>& fields);
json dataset_json(const EventLog& log, const CatalogDataset& d, bool full);  // full: Dataset
json job_json(const EventLog& log, const CatalogJob& j, bool full);          // full: Job
json run_json(const CatalogRun& r);

// Reads under the index lock, then answers outside it (the answer may read the log): `fn`
// returns the function that writes the reply.
using Reply = std::function<void()>;

}  // namespace auditgraph::marquez
