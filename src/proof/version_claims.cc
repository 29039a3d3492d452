// Version answers: every version node must be written by the run its records are: each record
// an event of that run (run id and job), one of them writing the dataset, the label the largest
// datasetVersion they give it (or the run id when none does), the time the run's first
// COMPLETE; and each input version and unversioned input one the run read.
#include <set>

#include "queries/lineage_graph.h"
#include "src/event_json.h"
#include "src/proof/claims.h"

namespace auditgraph::proof {
namespace {

// Checks one version written to `dataset`; sets `read` to the datasets its run read.
Status check_version(const json& v, const std::string& dataset, const std::string& where,
                     Evidence& evidence, std::set<std::string>* read) {
  const std::string run_id = v.at("run_id").get<std::string>();
  const std::string job = text_or_empty(v.at("job"));
  const json& seqs = array_at(v, "seqs");
  if (seqs.empty()) return Status::Corruption(where + ": names no evidence");
  if (Status s = check_ascending(seqs, where); !s.ok()) return s;
  bool writes = false;
  std::string label;
  std::optional<Timestamp> completed;
  for (const json& seq : seqs) {
    auto record = evidence.use(seq, where);
    if (!record.ok()) return record.status();
    const auto* r = std::get_if<RunEvent>(&(*record)->payload);
    if (!r || r->run_id != run_id || queries::job_id(r->job) != job) {
      return Status::Corruption(where + ": seq " + std::to_string((*record)->seq) +
                                " is no event of run " + run_id + " of " + job);
    }
    for (const RunDataset& out : r->outputs) {
      if (queries::dataset_id(out.dataset) != dataset) continue;
      writes = true;
      if (out.version > label) label = out.version;
    }
    for (const RunDataset& in : r->inputs) read->insert(queries::dataset_id(in.dataset));
    if (r->state == RunState::kComplete && (!completed || (*record)->event_time < *completed)) {
      completed = (*record)->event_time;
    }
  }
  if (!writes) return Status::Corruption(where + ": no record shows the run writing " + dataset);
  if (!completed) return Status::Corruption(where + ": no record shows the run complete");
  if (v.at("version").get<std::string>() != (label.empty() ? run_id : label)) {
    return Status::Corruption(where + ": its records give version '" +
                              (label.empty() ? run_id : label) + "'");
  }
  if (v.at("written_at").get<std::string>() != format_rfc3339(*completed)) {
    return Status::Corruption(where + ": its records say the run completed at " +
                              format_rfc3339(*completed));
  }
  return Status::Ok();
}

// A version node and, recursively, its inputs; returns the nodes checked.
Result<size_t> check_node(const json& v, Evidence& evidence) {
  const std::string dataset = v.at("dataset").get<std::string>();
  const std::string where = "version " + v.at("version").get<std::string>() + " of " + dataset;
  expect_keys(v, {"dataset", "version", "run_id", "job", "written_at", "seqs", "inputs",
                  "unversioned_inputs", "inputs_shown_above"},
              where);
  v.at("inputs_shown_above").get<bool>();
  std::set<std::string> read;
  if (Status s = check_version(v, dataset, where, evidence, &read); !s.ok()) return s;
  size_t claims = 1;
  for (const json& input : array_at(v, "inputs")) {
    const std::string id = input.at("dataset").get<std::string>();
    if (!read.count(id)) return Status::Corruption(where + ": no record shows it reading " + id);
    auto n = check_node(input, evidence);
    if (!n.ok()) return n;
    claims += *n;
  }
  for (const std::string& id : v.at("unversioned_inputs").get<std::vector<std::string>>()) {
    if (!read.count(id)) return Status::Corruption(where + ": no record shows it reading " + id);
  }
  return claims;
}

}  // namespace

Result<size_t> check_version_claims(const json& answer, const std::string& subject,
                                    Evidence& evidence) {
  expect_keys(answer, {"at", "root", "versions"}, "answer");
  if (answer.at("root").at("dataset").get<std::string>() != subject) {
    return Status::Corruption("answer: the root version is not of the subject " + subject);
  }
  auto claims = check_node(answer.at("root"), evidence);
  if (!claims.ok()) return claims;
  for (const json& v : array_at(answer, "versions")) {
    const std::string where = "version " + v.at("version").get<std::string>() + " of " + subject;
    expect_keys(v, {"version", "run_id", "job", "written_at", "seqs"}, where);
    std::set<std::string> read;
    if (Status s = check_version(v, subject, where, evidence, &read); !s.ok()) return s;
    ++*claims;
  }
  return claims;
}

}  // namespace auditgraph::proof
