#include "src/report/report_json.h"

#include <functional>
#include <vector>

#include "src/event_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

json time_or_null(const std::optional<Timestamp>& t) {
  return t ? json(format_rfc3339(*t)) : json(nullptr);
}

std::string principal_name(const PrincipalRef& p) {
  return std::string(principal_kind_name(p.kind)) + ":" + p.name;
}

json grant_row(const ComplianceReport::Grant& g) {
  return {{"grant_id", g.grant_id},
          {"grantee", principal_name(g.grantee)},
          {"resource", g.resource},
          {"privilege", g.privilege},
          {"purpose", g.purpose},
          {"approver", g.approver},
          {"ticket", g.ticket},
          {"granted_at", format_rfc3339(g.granted_at)},
          {"expires_at", time_or_null(g.expires_at)},
          {"revoked_at", time_or_null(g.revoked_at)},
          {"seqs", g.seqs}};
}

// A table's rows: `row` of each element of `list`.
template <class T, class Row>
json rows_of(const std::vector<T>& list, Row row) {
  json rows = json::array();
  for (const auto& x : list) rows.push_back(row(x));
  return rows;
}

json dataset_id_row(const std::string& id) { return {{"dataset", id}}; }

json section(int number, const char* title, json tables) {
  return {{"number", number}, {"title", title}, {"tables", std::move(tables)}};
}

constexpr const char* kSectionTitles[] = {
    "Inventory", "Lineage coverage", "Access", "PII", "Changes", "Usage", "Freshness", "Integrity"};

json dataset_row(const ComplianceReport::Dataset& d) {
  return {{"dataset", d.id},
          {"product", d.product},
          {"domain", d.domain},
          {"owners", d.owners},
          {"lifecycle", d.lifecycle},
          {"freshness_slo_seconds",
           d.freshness_slo_seconds ? json(*d.freshness_slo_seconds) : json(nullptr)},
          {"versions", d.versions},
          {"schema_version", d.schema_version},
          {"seqs", d.seqs}};
}

json dependency_row(const ComplianceReport::Dependency& d) {
  return {{"from", d.from}, {"from_domain", d.from_domain},
          {"to", d.to},     {"to_domain", d.to_domain},
          {"job", d.job},   {"seqs", d.seqs}};
}

json group_path_row(const ComplianceReport::GroupAccess& g) {
  return {{"dataset", g.dataset},
          {"principal", principal_name(g.principal)},
          {"grant_id", g.grant_id},
          {"chain", g.chain},
          {"seqs", g.seqs}};
}

json pii_column_row(const ComplianceReport::PiiColumn& c) {
  return {{"column", c.column}, {"seqs", c.seqs}};
}

json pii_flow_row(const ComplianceReport::PiiFlow& p) {
  return {{"source", p.source}, {"column", p.column}, {"masked", p.masked},
          {"path", p.path},     {"jobs", p.jobs},     {"seqs", p.seqs}};
}

json pii_reader_row(const ComplianceReport::PiiReader& p) {
  return {{"principal", principal_name(p.principal)},
          {"datasets", p.datasets},
          {"without_source_grant", p.without_source_grant},
          {"seqs", p.seqs}};
}

// A reader that needs action: what it reads without a grant on the source (the full `readers`
// listing has every derivative it reads).
json pii_reader_action_row(const ComplianceReport::PiiReader& p) {
  return {{"principal", principal_name(p.principal)},
          {"without_source_grant", p.without_source_grant},
          {"seqs", p.seqs}};
}

json schema_change_row(const ComplianceReport::SchemaChange& c) {
  json fields = json::array();
  for (const auto& fc : c.changes) {
    std::string what = std::string(field_change_name(fc.kind)) + " " + fc.field;
    if (fc.kind == FieldChange::Kind::kRetyped) what += " " + fc.old_type + "->" + fc.new_type;
    if (fc.kind == FieldChange::Kind::kRenamed) what += "->" + fc.renamed_to;
    fields.push_back(what);
  }
  return {{"dataset", c.dataset},
          {"version", c.version},
          {"at", format_rfc3339(c.at)},
          {"changes", fields},
          {"breaking", c.breaking},
          {"notice_first", c.notice_seq.has_value()},
          {"notice_sunset", time_or_null(c.notice_sunset)},
          {"seqs", c.seqs}};
}

json consumer_row(const ComplianceReport::Consumer& c) {
  return {{"principal", principal_name(c.principal)},
          {"reads", c.reads},
          {"datasets", c.datasets},
          {"seqs", c.seqs}};
}

json breach_row(const ComplianceReport::Breach& b) {
  return {{"dataset", b.dataset},           {"slo_seconds", b.slo_seconds},
          {"from", format_rfc3339(b.from)}, {"to", format_rfc3339(b.to)},
          {"gap_seconds", b.gap_seconds},   {"seqs", b.seqs}};
}

json integrity(const ComplianceReport& r) {
  json row = {{"size", r.at.size},
              {"root", r.at.root.hex()},
              {"verified", r.verified},
              {"verification", r.verification}};
  if (r.since) {
    row["since_size"] = r.since->from;
    row["since_root"] = r.since->from_root.hex();
    json proof = json::array();
    for (const auto& h : r.since->path) proof.push_back(h.hex());
    row["consistency_proof"] = proof;
  }
  row["checkpoint"] = r.checkpoint ? json(*r.checkpoint) : json(nullptr);
  if (r.since) {
    row["since_checkpoint"] = r.since_checkpoint ? json(*r.since_checkpoint) : json(nullptr);
  }
  return json::array({row});
}

// One table of the document: where it goes, how many rows it has, and its rows, made only when
// the document lists it (a listing may be millions of rows). `make` reads the report it was
// made from, which must outlive it.
struct ReportTable {
  enum class Kind {
    kAction,   // rows that need someone to act: always listed in full
    kPeriod,   // what happened in the period (or a top 10): always listed
    kListing,  // the state of the whole scope (grows with the mesh): listed when full
  };
  int section;
  const char* name;
  Kind kind;
  size_t rows;
  std::function<json()> make;
};

std::vector<ReportTable> report_tables(const ComplianceReport& r) {
  using Kind = ReportTable::Kind;
  return {
      {1, "datasets", Kind::kListing, r.inventory.size(),
       [&] { return rows_of(r.inventory, dataset_row); }},
      {1, "unowned_datasets", Kind::kAction, r.unowned_datasets.size(),
       [&] { return rows_of(r.unowned_datasets, dataset_id_row); }},
      {2, "unknown_provenance", Kind::kListing, r.unknown_provenance.size(),
       [&] { return rows_of(r.unknown_provenance, dataset_id_row); }},
      {2, "cross_domain", Kind::kListing, r.cross_domain.size(),
       [&] { return rows_of(r.cross_domain, dependency_row); }},
      {3, "grants_issued", Kind::kPeriod, r.grants_issued.size(),
       [&] { return rows_of(r.grants_issued, grant_row); }},
      {3, "grants_revoked", Kind::kPeriod, r.grants_revoked.size(),
       [&] { return rows_of(r.grants_revoked, grant_row); }},
      {3, "grants_active", Kind::kListing, r.grants_active.size(),
       [&] { return rows_of(r.grants_active, grant_row); }},
      {3, "grants_without_expiry_or_purpose", Kind::kAction, r.grants_unbounded.size(),
       [&] { return rows_of(r.grants_unbounded, grant_row); }},
      {3, "grants_privileged", Kind::kAction, r.grants_privileged.size(),
       [&] { return rows_of(r.grants_privileged, grant_row); }},
      {3, "access_through_groups", Kind::kListing, r.group_access_total,
       [&] { return rows_of(r.group_access, group_path_row); }},
      {4, "pii_columns", Kind::kListing, r.pii_columns.size(),
       [&] { return rows_of(r.pii_columns, pii_column_row); }},
      {4, "flows", Kind::kListing, r.pii_flows.size(),
       [&] { return rows_of(r.pii_flows, pii_flow_row); }},
      {4, "readers", Kind::kListing, r.pii_readers.size(),
       [&] { return rows_of(r.pii_readers, pii_reader_row); }},
      {4, "readers_without_source_grant", Kind::kAction, r.pii_readers_without_source_grant.size(),
       [&] { return rows_of(r.pii_readers_without_source_grant, pii_reader_action_row); }},
      {5, "schema_changes", Kind::kPeriod, r.schema_changes.size(),
       [&] { return rows_of(r.schema_changes, schema_change_row); }},
      {5, "breaking_without_notice", Kind::kAction, r.breaking_without_notice.size(),
       [&] { return rows_of(r.breaking_without_notice, schema_change_row); }},
      {6, "unused_products", Kind::kAction, r.unused_products.size(),
       [&] { return rows_of(r.unused_products, dataset_id_row); }},
      {6, "top_consumers", Kind::kPeriod, r.top_consumers.size(),
       [&] { return rows_of(r.top_consumers, consumer_row); }},
      {7, "slo_breaches", Kind::kAction, r.freshness_breaches.size(),
       [&] { return rows_of(r.freshness_breaches, breach_row); }},
      {8, "log", Kind::kPeriod, 1, [&] { return integrity(r); }},
  };
}

}  // namespace

std::string report_cell(const json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out;
    for (const auto& v : value) out += (out.empty() ? "" : " ") + report_cell(v);
    return out;
  }
  return value.dump();
}

json report_to_json(const ComplianceReport& r, bool full) {
  using Kind = ReportTable::Kind;
  const std::vector<ReportTable> tables = report_tables(r);
  json doc = {
      {"report", "compliance"},
      {"period", {{"from", format_rfc3339(r.query.from)}, {"to", format_rfc3339(r.query.to)}}},
      {"domain", r.query.domain},
      {"log", {{"size", r.at.size}, {"root", r.at.root.hex()}}},
      {"full", full}};
  json rows = json::object(), needs_action = json::object(), left_out = json::array();
  size_t action_rows = 0;
  for (const auto& t : tables) {
    rows[t.name] = t.rows;
    if (t.kind == Kind::kAction) {
      needs_action[t.name] = t.rows;
      action_rows += t.rows;
    }
    if (!full && t.kind == Kind::kListing) left_out.push_back(t.name);
  }
  doc["summary"] = {{"needs_action", action_rows},
                    {"action_rows", needs_action},
                    {"rows", rows},
                    {"left_out", left_out}};
  doc["sections"] = json::array();
  for (const auto& t : tables) {
    if (doc["sections"].empty() || doc["sections"].back()["number"] != t.section) {
      doc["sections"].push_back(section(t.section, kSectionTitles[t.section - 1], json::object()));
    }
    json& into = doc["sections"].back();
    if (!full && t.kind == Kind::kListing) {
      into["left_out"][t.name] = t.rows;
    } else {
      into["tables"][t.name] = t.make();
    }
  }
  return doc;
}

}  // namespace auditgraph
