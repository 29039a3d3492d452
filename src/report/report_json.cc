#include "src/report/report_json.h"

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

json grants(const std::vector<ComplianceReport::Grant>& list) {
  json rows = json::array();
  for (const auto& g : list) {
    rows.push_back({{"grant_id", g.grant_id},
                    {"grantee", principal_name(g.grantee)},
                    {"resource", g.resource},
                    {"privilege", g.privilege},
                    {"purpose", g.purpose},
                    {"approver", g.approver},
                    {"ticket", g.ticket},
                    {"granted_at", format_rfc3339(g.granted_at)},
                    {"expires_at", time_or_null(g.expires_at)},
                    {"revoked_at", time_or_null(g.revoked_at)},
                    {"seqs", g.seqs}});
  }
  return rows;
}

json strings(const std::vector<std::string>& list, const char* key) {
  json rows = json::array();
  for (const auto& s : list) rows.push_back({{key, s}});
  return rows;
}

json section(int number, const char* title, json tables) {
  return {{"number", number}, {"title", title}, {"tables", std::move(tables)}};
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

json report_to_json(const ComplianceReport& r) {
  json inventory = json::array();
  for (const auto& d : r.inventory) {
    inventory.push_back({{"dataset", d.id},
                         {"product", d.product},
                         {"domain", d.domain},
                         {"owners", d.owners},
                         {"lifecycle", d.lifecycle},
                         {"freshness_slo_seconds", d.freshness_slo_seconds
                                                       ? json(*d.freshness_slo_seconds)
                                                       : json(nullptr)},
                         {"versions", d.versions},
                         {"schema_version", d.schema_version},
                         {"seqs", d.seqs}});
  }
  json cross = json::array();
  for (const auto& d : r.cross_domain) {
    cross.push_back({{"from", d.from}, {"from_domain", d.from_domain}, {"to", d.to},
                     {"to_domain", d.to_domain}, {"job", d.job}, {"seqs", d.seqs}});
  }
  json groups = json::array();
  for (const auto& g : r.group_access) {
    groups.push_back({{"dataset", g.dataset}, {"principal", principal_name(g.principal)},
                      {"grant_id", g.grant_id}, {"chain", g.chain}, {"seqs", g.seqs}});
  }
  json pii_columns = json::array();
  for (const auto& c : r.pii_columns) {
    pii_columns.push_back({{"column", c.column}, {"seqs", c.seqs}});
  }
  json flows = json::array();
  for (const auto& p : r.pii_flows) {
    flows.push_back({{"source", p.source}, {"column", p.column}, {"masked", p.masked},
                     {"path", p.path}, {"jobs", p.jobs}, {"seqs", p.seqs}});
  }
  json readers = json::array();
  for (const auto& p : r.pii_readers) {
    readers.push_back({{"principal", principal_name(p.principal)},
                       {"datasets", p.datasets},
                       {"without_source_grant", p.without_source_grant},
                       {"seqs", p.seqs}});
  }
  json changes = json::array();
  for (const auto& c : r.schema_changes) {
    json fields = json::array();
    for (const auto& fc : c.changes) {
      std::string what = std::string(field_change_name(fc.kind)) + " " + fc.field;
      if (fc.kind == FieldChange::Kind::kRetyped) what += " " + fc.old_type + "->" + fc.new_type;
      if (fc.kind == FieldChange::Kind::kRenamed) what += "->" + fc.renamed_to;
      fields.push_back(what);
    }
    changes.push_back({{"dataset", c.dataset},
                       {"version", c.version},
                       {"at", format_rfc3339(c.at)},
                       {"changes", fields},
                       {"breaking", c.breaking},
                       {"notice_first", c.notice_seq.has_value()},
                       {"notice_sunset", time_or_null(c.notice_sunset)},
                       {"seqs", c.seqs}});
  }
  json consumers = json::array();
  for (const auto& c : r.top_consumers) {
    consumers.push_back({{"principal", principal_name(c.principal)}, {"reads", c.reads},
                         {"datasets", c.datasets}, {"seqs", c.seqs}});
  }
  json breaches = json::array();
  for (const auto& b : r.freshness_breaches) {
    breaches.push_back({{"dataset", b.dataset}, {"slo_seconds", b.slo_seconds},
                        {"from", format_rfc3339(b.from)}, {"to", format_rfc3339(b.to)},
                        {"gap_seconds", b.gap_seconds}, {"seqs", b.seqs}});
  }
  json integrity = {{"size", r.at.size}, {"root", r.at.root.hex()}, {"verified", r.verified},
                    {"verification", r.verification}};
  if (r.since) {
    integrity["since_size"] = r.since->from;
    integrity["since_root"] = r.since->from_root.hex();
    json proof = json::array();
    for (const auto& h : r.since->path) proof.push_back(h.hex());
    integrity["consistency_proof"] = proof;
  }
  integrity["checkpoint"] = r.checkpoint ? json(*r.checkpoint) : json(nullptr);
  if (r.since) {
    integrity["since_checkpoint"] = r.since_checkpoint ? json(*r.since_checkpoint) : json(nullptr);
  }

  json doc = {{"report", "compliance"},
              {"period", {{"from", format_rfc3339(r.query.from)}, {"to", format_rfc3339(r.query.to)}}},
              {"domain", r.query.domain},
              {"log", {{"size", r.at.size}, {"root", r.at.root.hex()}}}};
  doc["sections"] = json::array({
      section(1, "Inventory", {{"datasets", inventory}}),
      section(2, "Lineage coverage",
              {{"unknown_provenance", strings(r.unknown_provenance, "dataset")},
               {"cross_domain", cross}}),
      section(3, "Access",
              {{"grants_issued", grants(r.grants_issued)},
               {"grants_revoked", grants(r.grants_revoked)},
               {"grants_active", grants(r.grants_active)},
               {"grants_without_expiry_or_purpose", grants(r.grants_unbounded)},
               {"grants_privileged", grants(r.grants_privileged)},
               {"access_through_groups", groups}}),
      section(4, "PII",
              {{"pii_columns", pii_columns}, {"flows", flows},
               {"readers", readers}}),
      section(5, "Changes", {{"schema_changes", changes}}),
      section(6, "Usage",
              {{"unused_products", strings(r.unused_products, "dataset")},
               {"top_consumers", consumers}}),
      section(7, "Freshness", {{"slo_breaches", breaches}}),
      section(8, "Integrity", {{"log", json::array({integrity})}}),
  });
  return doc;
}

}  // namespace auditgraph
