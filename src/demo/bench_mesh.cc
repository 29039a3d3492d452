#include "src/demo/bench_mesh.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <random>

#include "auditgraph/ingest.h"
#include "src/demo/demo_mesh.h"
#include "src/event_json.h"

namespace auditgraph {
namespace {

constexpr const char* kBenchProducer = "https://github.com/auditgraph/auditgraph/bench-mesh";
constexpr const char* kBenchRunSchema =
    "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent";
constexpr const char* kDomains[] = {"Orders", "Customers", "Payments", "Marketing",
                                    "Finance", "Risk", "Supply Chain"};
constexpr const char* kPrefixes[] = {"orders",  "customers", "payments",   "marketing",
                                     "finance", "risk",      "supply_chain"};
constexpr int kDomainCount = 7;

struct BenchColumn {
  const char* name;
  const char* type;
  bool pii;
};
constexpr BenchColumn kColumns[] = {{"key", "string", false},
                               {"amount", "decimal(12,2)", false},
                               {"email", "string", true},
                               {"updated_at", "timestamp", false}};

// A stable per-dataset draw, independent of the order things are made in.
uint64_t mix(uint64_t seed, uint64_t i) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ull * (i + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

int domain_of(uint64_t i) { return static_cast<int>(i % kDomainCount); }

void append_dataset_ref(std::string& out, const BenchMesh& mesh, uint64_t i) {
  out += R"({"namespace":")";
  out += BenchMesh::kDatasetNamespace;
  out += R"(","name":")";
  out += mesh.dataset_name(i);
  out += R"("})";
}

void append_schema(std::string& out) {
  out += '[';
  for (size_t c = 0; c < std::size(kColumns); ++c) {
    if (c) out += ',';
    out += R"({"name":")";
    out += kColumns[c].name;
    out += R"(","type":")";
    out += kColumns[c].type;
    out += '"';
    if (kColumns[c].pii) out += R"(,"tags":["PII"])";
    out += '}';
  }
  out += ']';
}

// Event time of dataset i's events: the mesh's story (2026-09-01 to 2026-12-01) spread evenly.
Timestamp time_of(const BenchMesh& mesh, uint64_t i, int64_t offset_seconds) {
  const int64_t span = kDemoEnd.unix_nanos - kDemoStart.unix_nanos - 86'400'000'000'000;
  const int64_t step = span / static_cast<int64_t>(mesh.datasets());
  return Timestamp{kDemoStart.unix_nanos + static_cast<int64_t>(i) * step +
                   offset_seconds * 1'000'000'000};
}

}  // namespace

Status BenchMeshOptions::validate() const {
  if (datasets < 2) return Status::InvalidArgument("datasets: must be at least 2");
  if (datasets > UINT32_MAX) return Status::InvalidArgument("datasets: at most 4294967295");
  if (sources < 1 || sources >= datasets) {
    return Status::InvalidArgument("sources: must be at least 1 and less than datasets");
  }
  if (window < 1) return Status::InvalidArgument("window: must be at least 1");
  if (!(column_share >= 0 && column_share <= 1)) {
    return Status::InvalidArgument("column_share: must be between 0 and 1");
  }
  // Dataset i can read at most i earlier datasets; the first derived one, `sources`.
  const uint64_t derived = datasets - sources;
  if (edges < derived) {
    return Status::InvalidArgument("edges: need at least one per derived dataset (" +
                                   std::to_string(derived) + ")");
  }
  if (edges > derived * std::min<uint64_t>(sources, 64)) {
    return Status::InvalidArgument("edges: too many for the sources (at most " +
                                   std::to_string(std::min<uint64_t>(sources, 64)) +
                                   " inputs per job)");
  }
  // Without long-range inputs a job draws only from its window, which must hold its inputs.
  const uint64_t most_inputs = edges / derived + (edges % derived ? 1 : 0);
  if (far_every == 0 && window < most_inputs) {
    return Status::InvalidArgument("window: must hold a job's " + std::to_string(most_inputs) +
                                   " inputs when far_every is 0");
  }
  return Status::Ok();
}

BenchMesh::BenchMesh(const BenchMeshOptions& options) : options_(options) {
  std::mt19937_64 rng(options.seed);
  const uint64_t derived = options.datasets - options.sources;
  const uint64_t base = options.edges / derived, extra = options.edges % derived;
  first_input_.reserve(derived + 1);
  inputs_.reserve(options.edges);
  std::vector<uint32_t> picked;
  for (uint64_t i = options.sources; i < options.datasets; ++i) {
    first_input_.push_back(inputs_.size());
    // The first `extra` derived datasets read one more, so the edges add up exactly.
    const uint64_t fan_in = base + (i - options.sources < extra ? 1 : 0);
    picked.clear();
    while (picked.size() < fan_in) {
      const bool far = options.far_every && rng() % options.far_every == 0;
      const uint64_t span = far ? i : std::min<uint64_t>(i, options.window);
      const auto input = static_cast<uint32_t>(i - 1 - rng() % span);
      if (std::find(picked.begin(), picked.end(), input) == picked.end()) picked.push_back(input);
    }
    std::sort(picked.begin(), picked.end());
    inputs_.insert(inputs_.end(), picked.begin(), picked.end());
  }
  first_input_.push_back(inputs_.size());
}

uint64_t BenchMesh::events() const {
  return options_.datasets + 2 * (options_.datasets - options_.sources) + options_.access_records;
}

std::string BenchMesh::dataset_name(uint64_t i) const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s.p%07llu.v1", kPrefixes[domain_of(i)],
                static_cast<unsigned long long>(i));
  return buf;
}

std::string BenchMesh::job_name(uint64_t i) const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s.build.p%07llu", kPrefixes[domain_of(i)],
                static_cast<unsigned long long>(i));
  return buf;
}

std::string BenchMesh::dataset_id(uint64_t i) const {
  return "dataset:" + std::string(kDatasetNamespace) + ":" + dataset_name(i);
}

uint64_t BenchMesh::index_of(std::string_view name_or_id) {
  uint64_t i = 0;
  const size_t p = name_or_id.rfind(".p");
  if (p != std::string_view::npos) {
    std::from_chars(name_or_id.data() + p + 2, name_or_id.data() + name_or_id.size(), i);
  }
  return i;
}

bool BenchMesh::has_columns(uint64_t i) const {
  return static_cast<double>(mix(options_.seed, i) >> 11) * 0x1.0p-53 < options_.column_share;
}

std::vector<uint64_t> BenchMesh::inputs_of(uint64_t i) const {
  if (!has_job(i)) return {};
  const uint64_t d = i - options_.sources;
  return {inputs_.begin() + static_cast<ptrdiff_t>(first_input_[d]),
          inputs_.begin() + static_cast<ptrdiff_t>(first_input_[d + 1])};
}

Status BenchMesh::emit(size_t batch_events,
                       const std::function<Status(std::string&&)>& sink) const {
  std::string batch;
  size_t in_batch = 0;
  auto done_one = [&]() -> Status {
    batch += '\n';
    if (++in_batch < batch_events) return Status::Ok();
    in_batch = 0;
    Status s = sink(std::move(batch));
    batch.clear();
    return s;
  };
  auto head = [&](const char* kind, Timestamp t, const char* actor, const std::string& key) {
    batch += R"({"kind":")";
    batch += kind;
    batch += R"(","eventTime":")";
    batch += format_rfc3339(t);
    batch += R"(","actor":")";
    batch += actor;
    batch += R"(","producer":")";
    batch += kBenchProducer;
    batch += R"(","idempotencyKey":")";
    batch += key;
    batch += '"';
  };
  auto run_event = [&](uint64_t i, const char* type, Timestamp t, const std::string& run_id,
                       const std::vector<uint64_t>& inputs) {
    batch += R"({"eventType":")";
    batch += type;
    batch += R"(","eventTime":")";
    batch += format_rfc3339(t);
    batch += R"(","run":{"runId":")";
    batch += run_id;
    batch += R"("},"job":{"namespace":")";
    batch += kJobNamespace;
    batch += R"(","name":")";
    batch += job_name(i);
    batch += R"("},"inputs":[)";
    for (size_t k = 0; k < inputs.size(); ++k) {
      if (k) batch += ',';
      append_dataset_ref(batch, *this, inputs[k]);
    }
    batch += R"(],"outputs":[)";
    if (std::string_view(type) == "COMPLETE") {
      append_dataset_ref(batch, *this, i);
      if (has_columns(i)) {
        batch.pop_back();  // the closing brace: the output gets its facets
        batch += R"(,"facets":{"schema":{"_producer":")";
        batch += kBenchProducer;
        batch += R"(","fields":)";
        append_schema(batch);
        batch += '}';
        bool any = false;
        for (uint64_t in : inputs) any = any || has_columns(in);
        if (any) {
          batch += R"(,"columnLineage":{"_producer":")";
          batch += kBenchProducer;
          batch += R"(","fields":{)";
          for (size_t c = 0; c < std::size(kColumns); ++c) {
            if (c) batch += ',';
            batch += '"';
            batch += kColumns[c].name;
            batch += R"(":{"inputFields":[)";
            bool first = true;
            for (uint64_t in : inputs) {
              if (!has_columns(in)) continue;
              if (!first) batch += ',';
              first = false;
              batch += R"({"namespace":")";
              batch += kDatasetNamespace;
              batch += R"(","name":")";
              batch += dataset_name(in);
              batch += R"(","field":")";
              batch += kColumns[c].name;
              batch += R"(","transformations":[{"type":"DIRECT","subtype":"IDENTITY"}]})";
            }
            batch += "]}";
          }
          batch += "}}";
        }
        batch += "}}";
      }
    }
    batch += R"(],"producer":")";
    batch += kBenchProducer;
    batch += R"(","schemaURL":")";
    batch += kBenchRunSchema;
    batch += R"("})";
  };

  std::mt19937_64 rng(options_.seed ^ 0xacce55);
  const uint64_t users = std::max<uint64_t>(100, options_.datasets / 100);
  uint64_t accesses = 0;
  for (uint64_t i = 0; i < options_.datasets; ++i) {
    const int domain = domain_of(i);
    const std::string owner = std::string("team:") + kPrefixes[domain];
    head("dataset_declared", time_of(*this, i, 0), "catalog", "bench:declared:" + std::to_string(i));
    batch += R"(,"dataset":)";
    append_dataset_ref(batch, *this, i);
    batch += R"(,"domain":")";
    batch += kDomains[domain];
    batch += R"(","owners":[{"name":")";
    batch += owner;
    batch += R"(","type":"OWNER"}])";
    if (has_columns(i)) {
      batch += R"(,"schema":)";
      append_schema(batch);
    }
    batch += '}';
    if (Status s = done_one(); !s.ok()) return s;

    if (has_job(i)) {
      const std::vector<uint64_t> inputs = inputs_of(i);
      const uint64_t r = mix(options_.seed ^ 0x5eed, i);
      char run_id[40];
      std::snprintf(run_id, sizeof run_id, "%08x-%04x-4%03x-%04x-%012llx",
                    static_cast<unsigned>(r >> 32), static_cast<unsigned>(r >> 16 & 0xffff),
                    static_cast<unsigned>(r & 0xfff), static_cast<unsigned>(0x8000 | (i & 0x3fff)),
                    static_cast<unsigned long long>(i & 0xffffffffffffull));
      run_event(i, "START", time_of(*this, i, 60), run_id, inputs);
      if (Status s = done_one(); !s.ok()) return s;
      run_event(i, "COMPLETE", time_of(*this, i, 15 * 60), run_id, inputs);
      if (Status s = done_one(); !s.ok()) return s;
    }

    // Access records so far: in proportion to the datasets made, each of one made already.
    const uint64_t due = options_.access_records * (i + 1) / options_.datasets;
    for (; accesses < due; ++accesses) {
      head("access_recorded", time_of(*this, i, 20 * 60), "trino",
           "bench:access:" + std::to_string(accesses));
      batch += R"(,"principal":{"kind":"user","name":"user)";
      batch += std::to_string(rng() % users);
      batch += R"("},"dataset":)";
      append_dataset_ref(batch, *this, rng() % (i + 1));
      batch += R"(,"mode":"read","engine":"trino"})";
      if (Status s = done_one(); !s.ok()) return s;
    }
  }
  if (in_batch > 0) return sink(std::move(batch));
  return Status::Ok();
}

Result<uint64_t> load_bench_mesh(const BenchMesh& mesh, EventLog& log) {
  Ingestor ingestor(log);
  uint64_t written = 0;
  Status s = mesh.emit(1000, [&](std::string&& batch) {
    auto receipt = ingestor.ingest(batch, Framing::kNdjson);
    if (!receipt.ok()) return receipt.status();
    if (!receipt->errors.empty()) {
      return Status::InvalidArgument("bench mesh: ingest refused an event: " +
                                     receipt->errors.front().message());
    }
    written += receipt->written();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return written;
}

}  // namespace auditgraph
