// SchemaState: each dataset's current schema (the last one any event gave: a declaration, a
// schema change, or a run's input or output schema facet) and its deprecation notices.
// Events must be added in seq order. Not thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "auditgraph/change.h"
#include "auditgraph/event.h"

namespace auditgraph::queries {

class SchemaState {
 public:
  void add(const Event& event);

  struct Current {
    std::vector<SchemaField> fields;
    uint64_t seq = 0;
  };
  // By dataset id; null when no event gave a schema.
  const Current* schema(const std::string& dataset) const;
  // Every deprecation notice of the dataset, in seq order.
  const std::vector<ChangeReport::Notice>* notices(const std::string& dataset) const;

 private:
  std::map<std::string, Current> schemas_;
  std::map<std::string, std::vector<ChangeReport::Notice>> notices_;
};

}  // namespace auditgraph::queries
