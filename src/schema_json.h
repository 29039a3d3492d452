// A proposed schema in JSON: an OpenLineage schema facet {"fields": [...]} or just the array of
// fields ({"name", "type", "description", "fields"}), as check-change takes it from a file or a
// request body.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auditgraph/event.h"
#include "auditgraph/status.h"

namespace auditgraph {

// The fields of `text`; InvalidArgument "<what>: <JSON pointer>: <reason>" for what is wrong.
Result<std::vector<SchemaField>> parse_schema_json(const std::string& text,
                                                   const std::string& what);

// The same for an already parsed value at JSON pointer `path` (an object with "fields", or the
// array).
Status read_schema_fields(const nlohmann::json& value, const std::string& path,
                          std::vector<SchemaField>* out);

}  // namespace auditgraph
