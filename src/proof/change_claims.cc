// check-change answers: the current schema's event must give the subject dataset a schema (a
// schema change, a declaration, or a run that read or wrote it with one), and a deprecation
// notice's event must be that notice on the subject. The impacts, changes and verdict follow
// from the schemas and lineage; no record is named for them.
#include "queries/lineage_graph.h"
#include "src/event_json.h"
#include "src/proof/claims.h"

namespace auditgraph::proof {
namespace {

bool gives_schema(const Event& e, const std::string& subject) {
  auto named = [&](const DatasetRef& d, const std::vector<SchemaField>& schema) {
    return queries::dataset_id(d) == subject && !schema.empty();
  };
  if (const auto* c = std::get_if<SchemaChanged>(&e.payload)) return named(c->dataset, c->schema);
  if (const auto* d = std::get_if<DatasetDeclared>(&e.payload)) {
    return named(d->dataset, d->schema);
  }
  if (const auto* r = std::get_if<RunEvent>(&e.payload)) {
    for (const auto* list : {&r->inputs, &r->outputs}) {
      for (const RunDataset& d : *list) {
        if (named(d.dataset, d.schema)) return true;
      }
    }
  }
  return false;
}

bool is_notice(const Event& e, const json& notice, const std::string& subject) {
  const auto* n = std::get_if<DeprecationNotice>(&e.payload);
  if (!n || queries::dataset_id(n->dataset) != subject) return false;
  const json replacement = n->replacement ? json(queries::dataset_id(*n->replacement)) : json();
  return notice.at("sunset").get<std::string>() == format_rfc3339(n->sunset) &&
         notice.at("replacement") == replacement && text_or_empty(notice.at("note")) == n->note;
}

}  // namespace

Result<size_t> check_change_claims(const json& answer, const std::string& subject,
                                   Evidence& evidence) {
  expect_keys(answer, {"at", "verdict", "current_schema_seq", "changes", "impacts", "not_derived",
                       "jobs", "owners", "consumers", "deprecation"},
              "answer");
  size_t claims = 0;
  if (const json& seq = answer.at("current_schema_seq"); !seq.is_null()) {
    const std::string where = "the current schema of " + subject;
    auto record = evidence.use(seq, where);
    if (!record.ok()) return record.status();
    if (!gives_schema(**record, subject)) {
      return Status::Corruption(where + ": not supported by seq " +
                                std::to_string((*record)->seq));
    }
    ++claims;
  }
  if (const json& notice = answer.at("deprecation"); !notice.is_null()) {
    const std::string where = "the deprecation notice on " + subject;
    expect_keys(notice, {"seq", "sunset", "replacement", "note"}, where);
    auto record = evidence.use(notice.at("seq"), where);
    if (!record.ok()) return record.status();
    if (!is_notice(**record, notice, subject)) {
      return Status::Corruption(where + ": not supported by seq " +
                                std::to_string((*record)->seq));
    }
    ++claims;
  }
  answer.at("verdict").get<std::string>();
  for (const char* list : {"changes", "impacts", "not_derived", "jobs", "owners", "consumers"}) {
    array_at(answer, list);
  }
  return claims;
}

}  // namespace auditgraph::proof
