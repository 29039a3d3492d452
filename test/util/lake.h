// The datasets of the queries suites' small fixture meshes: named in one namespace, s3://lake.
#pragma once

#include <string>

#include "auditgraph/event.h"

namespace auditgraph::testing {

inline DatasetRef ds(const std::string& name) { return {"s3://lake", name}; }
inline std::string id(const std::string& name) { return "dataset:s3://lake:" + name; }

}  // namespace auditgraph::testing
