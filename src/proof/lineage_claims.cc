// Lineage answers (provenance, impact): every edge must be shown by the records of one run of
// its job (or one job declaration): a dataset edge by a record where the run reads `from` and
// one where it writes `to`; a column edge by a record whose column lineage derives `to` from
// `from` with that transformation and masking. Every record an edge names must show part of it.
// Every node but the subject must be an end or the job of an edge.
#include <optional>

#include "auditgraph/lineage.h"
#include "queries/lineage_graph.h"
#include "src/proof/claims.h"

namespace auditgraph::proof {
namespace {

using queries::column_id;
using queries::dataset_id;
using queries::job_id;

// The lineage one record shows.
struct RunView {
  std::string job, run;
  const std::vector<RunDataset>* inputs = nullptr;
  const std::vector<RunDataset>* outputs = nullptr;
};

std::optional<RunView> run_view(const Event& e) {
  if (const auto* r = std::get_if<RunEvent>(&e.payload)) {
    return RunView{job_id(r->job), r->run_id, &r->inputs, &r->outputs};
  }
  if (const auto* j = std::get_if<JobDeclared>(&e.payload)) {
    // As the index counts a job declaration: a run of its own (queries/lineage_graph.cc).
    return RunView{job_id(j->job), "job-event@" + std::to_string(e.seq), &j->inputs, &j->outputs};
  }
  return std::nullopt;
}

// Whether `d` is the dataset `id`, by its name or by a rename or alias the same record gives.
bool names_dataset(const RunDataset& d, const std::string& id) {
  if (dataset_id(d.dataset) == id) return true;
  if (d.previous_identifier && dataset_id(*d.previous_identifier) == id) return true;
  for (const DatasetRef& a : d.aliases) {
    if (dataset_id(a) == id) return true;
  }
  return false;
}

bool any_names(const std::vector<RunDataset>& list, const std::string& id) {
  for (const RunDataset& d : list) {
    if (names_dataset(d, id)) return true;
  }
  return false;
}

bool shows_column_edge(const RunView& v, const std::string& from, const std::string& to,
                       const std::string& transformation, bool masking) {
  for (const RunDataset& out : *v.outputs) {
    for (const ColumnLineage& cl : out.column_lineage) {
      if (column_id(out.dataset, cl.output_field) != to) continue;
      for (const ColumnInput& in : cl.inputs) {
        const std::string t =
            in.transformation_type +
            (in.transformation_subtype.empty() ? "" : "/" + in.transformation_subtype);
        if (column_id(in.input.dataset, in.input.field) == from && t == transformation &&
            in.masking == masking) {
          return true;
        }
      }
    }
  }
  return false;
}

Status check_edge(const json& e, const std::string& where, Evidence& evidence) {
  const std::string from = e.at("from").get<std::string>(), to = e.at("to").get<std::string>();
  const std::string job = e.at("via_job").get<std::string>();
  const std::string transformation = text_or_empty(e.at("transformation"));
  const bool masking = e.at("masking").get<bool>();
  const json& seqs = array_at(e, "seqs");
  if (seqs.empty()) return Status::Corruption(where + ": names no evidence");
  if (Status s = check_ascending(seqs, where); !s.ok()) return s;
  if (transformation.empty() && masking) {
    return Status::Corruption(where + ": a dataset edge cannot be masked");
  }
  bool reads = false, writes = false;
  std::string run;
  for (const json& seq : seqs) {
    auto record = evidence.use(seq, where);
    if (!record.ok()) return record.status();
    const std::string at = "seq " + std::to_string((*record)->seq);
    auto view = run_view(**record);
    if (!view || view->job != job) {
      return Status::Corruption(where + ": " + at + " is no run of " + job);
    }
    if (run.empty()) run = view->run;
    if (view->run != run) {
      return Status::Corruption(where + ": " + at + " is run " + view->run + ", not " + run);
    }
    bool shows = false;
    if (!transformation.empty()) {
      shows = shows_column_edge(*view, from, to, transformation, masking);
      reads = writes = reads || shows;
    } else {
      const bool r = any_names(*view->inputs, from), w = any_names(*view->outputs, to);
      reads = reads || r;
      writes = writes || w;
      shows = r || w;
    }
    if (!shows) return Status::Corruption(where + ": not supported by " + at);
  }
  if (!reads) return Status::Corruption(where + ": no record shows " + job + " reading " + from);
  if (!writes) return Status::Corruption(where + ": no record shows " + job + " writing " + to);
  return Status::Ok();
}

}  // namespace

Result<size_t> check_lineage_claims(const json& answer, const std::string& subject,
                                    Evidence& evidence) {
  if (answer.contains("cursor")) {
    expect_keys(answer, {"at", "nodes", "edges", "cycles", "partial", "frontier", "cursor"},
                "answer");
    answer.at("cursor").get<std::string>();
  } else {
    expect_keys(answer, {"at", "nodes", "edges", "cycles", "partial", "frontier"}, "answer");
  }
  std::set<std::string> shown{subject};
  size_t claims = 0;
  for (const json& e : array_at(answer, "edges")) {
    const std::string where = "edge " + e.at("from").get<std::string>() + " -> " +
                              e.at("to").get<std::string>() + " via " +
                              e.at("via_job").get<std::string>();
    expect_keys(e, {"from", "to", "via_job", "transformation", "masking", "seqs"}, where);
    if (Status s = check_edge(e, where, evidence); !s.ok()) return s;
    for (const char* end : {"from", "to", "via_job"}) shown.insert(e.at(end).get<std::string>());
    ++claims;
  }
  const json& nodes = array_at(answer, "nodes");
  if (nodes.empty()) return Status::Corruption("answer: no nodes, not even the subject");
  for (size_t i = 0; i < nodes.size(); ++i) {
    const json& n = nodes.at(i);
    const std::string id = n.at("id").get<std::string>();
    const std::string where = "node " + id;
    expect_keys(n, {"id", "kind", "distance", "owner", "domain"}, where);
    const auto parts = split_node_id(id);
    if (!parts || n.at("kind").get<std::string>() != node_kind_name(parts->kind)) {
      return Status::Corruption(where + ": its kind is not " + n.at("kind").get<std::string>());
    }
    if (i == 0 && id != subject) {
      return Status::Corruption(where + ": the first node is not the subject " + subject);
    }
    if (!shown.count(id)) {
      return Status::Corruption(where + ": no edge of the answer shows it, so nothing proves it");
    }
    n.at("distance").get<uint64_t>();
    text_or_empty(n.at("owner"));
    text_or_empty(n.at("domain"));
    ++claims;
  }
  answer.at("cycles").get<std::vector<std::vector<std::string>>>();
  answer.at("partial").get<bool>();
  answer.at("frontier").get<std::vector<std::string>>();
  return claims;
}

}  // namespace auditgraph::proof
