// Synthetic OpenLineage RunEvents for the ingest benchmark: a COMPLETE event of a Spark job with
// two inputs and one output carrying schema and column-lineage facets, about 1.3 KB as compact
// JSON. Deterministic in `n`; every n is a distinct run (a distinct idempotency key).
#pragma once

#include <cstdint>
#include <string>

namespace auditgraph::bench {

inline std::string openlineage_event(uint64_t n) {
  const std::string k = std::to_string(n);
  const std::string d = std::to_string(n % 5000);
  std::string run_id = "00000000-0000-4000-8000-000000000000";
  for (size_t i = 0, j = run_id.size() - 1; i < k.size(); ++i, --j) run_id[j] = k[k.size() - 1 - i];
  const int second = static_cast<int>(n % 60), minute = static_cast<int>((n / 60) % 60);
  char time[64];
  std::snprintf(time, sizeof time, "2026-09-30T12:%02d:%02d.%06dZ", minute, second,
                static_cast<int>(n % 1'000'000));
  std::string e;
  e.reserve(1400);
  e += R"J({"eventType":"COMPLETE","eventTime":")J";
  e += time;
  e += R"J(","producer":"https://github.com/OpenLineage/OpenLineage/tree/1.24.0/integration/spark",)J";
  e += R"J("run":{"runId":")J" + run_id + R"J("},"job":{"namespace":"spark://orders-cluster","name":"orders.enrich_)J" + d + R"J("},)J";
  e += R"J("inputs":[{"namespace":"kafka://broker:9092","name":"orders.events.v1",)J";
  e += R"J("facets":{"schema":{"fields":[{"name":"order_id","type":"string"},)J";
  e += R"J({"name":"customer_id","type":"string"},{"name":"amount","type":"decimal(12,2)"}]}}},)J";
  e += R"J({"namespace":"postgres://crm:5432","name":"crm.public.customers_)J" + d + R"J(",)J";
  e += R"J("facets":{"schema":{"fields":[{"name":"customer_id","type":"string"},)J";
  e += R"J({"name":"email","type":"string"},{"name":"segment","type":"string"}]}}}],)J";
  e += R"J("outputs":[{"namespace":"s3://lake","name":"orders.enriched_)J" + d + R"J(","facets":{)J";
  e += R"J("schema":{"fields":[{"name":"order_id","type":"string"},)J";
  e += R"J({"name":"email_hash","type":"string"}]},)J";
  e += R"J("columnLineage":{"fields":{)J";
  e += R"J("order_id":{"inputFields":[{"namespace":"kafka://broker:9092","name":"orders.events.v1","field":"order_id",)J";
  e += R"J("transformations":[{"type":"DIRECT","subtype":"IDENTITY"}]}]},)J";
  e += R"J("email_hash":{"inputFields":[{"namespace":"postgres://crm:5432","name":"crm.public.customers_)J" + d +
       R"J(","field":"email","transformations":[{"type":"DIRECT","subtype":"TRANSFORMATION","masking":true}]}]}}}},)J";
  e += R"J("outputFacets":{"outputStatistics":{"rowCount":)J" + std::to_string(1000 + n % 9000) +
       R"J(,"size":)J" + std::to_string(65536 + n % 100000) + R"J(}}}]})J";
  return e;
}

}  // namespace auditgraph::bench
