#include "src/index_json.h"

#include "src/event_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json principal_json(const PrincipalRef& p) {
  return {{"kind", principal_kind_name(p.kind)}, {"name", p.name}};
}

json notice_json(const ChangeReport::Notice& n) {
  return {
      {"seq", n.seq},
      {"sunset", format_rfc3339(n.sunset)},
      {"replacement",
       n.replacement ? json("dataset:" + n.replacement->ns + ":" + n.replacement->name) : json()},
      {"note", text_or_null(n.note)}};
}

json schema_json(const std::vector<SchemaField>& fields) {
  json out = json::array();
  for (const auto& f : fields) {
    out.push_back({{"name", f.name},
                   {"type", text_or_null(f.type)},
                   {"description", text_or_null(f.description)},
                   {"tags", f.tags},
                   {"fields", schema_json(f.fields)}});
  }
  return out;
}

json dataset_ids(const std::vector<DatasetRef>& refs) {
  json out = json::array();
  for (const auto& d : refs) out.push_back("dataset:" + d.ns + ":" + d.name);
  return out;
}

}  // namespace

json lineage_to_json(const LineageAnswer& a) {
  json nodes = json::array();
  for (const auto& n : a.nodes) {
    nodes.push_back({{"id", n.id},
                     {"kind", node_kind_name(n.kind)},
                     {"distance", n.distance},
                     {"owner", text_or_null(n.owner)},
                     {"domain", text_or_null(n.domain)}});
  }
  json edges = json::array();
  for (const auto& e : a.edges) {
    edges.push_back({{"from", e.from},
                     {"to", e.to},
                     {"via_job", e.via_job},
                     {"transformation", text_or_null(e.transformation)},
                     {"masking", e.masking},
                     {"seqs", e.seqs}});
  }
  nlohmann::ordered_json out{{"at", head_to_json(a.at)}, {"nodes", std::move(nodes)},
                             {"edges", std::move(edges)}, {"cycles", a.cycles},
                             {"partial", a.partial},      {"frontier", a.frontier}};
  if (a.partial) out["cursor"] = a.cursor;  // pass to --cursor (or LineageQuery::cursor)
  return out;
}

json access_to_json(const AccessAnswer& a) {
  json paths = json::array();
  for (const auto& p : a.paths) {
    paths.push_back({{"principal", principal_json(p.principal)},
                     {"privilege", p.privilege},
                     {"grant_id", p.grant_id},
                     {"grantee", principal_json(p.grantee)},
                     {"scope", access_scope_name(p.scope)},
                     {"columns", p.columns},
                     {"domain", text_or_null(p.domain)},
                     {"chain", p.chain},
                     {"expires_at", p.expires_at ? json(format_rfc3339(*p.expires_at)) : json()},
                     {"seqs", p.seqs}});
  }
  return {{"at", head_to_json(a.at)},
          {"as_of", format_rfc3339(a.as_of)},
          {"principals", std::move(paths)}};
}

json access_history_to_json(const AccessHistory& h) {
  json principals = json::array();
  for (const auto& p : h.principals) {
    principals.push_back({{"principal", principal_json(p.principal)},
                          {"reads", p.reads},
                          {"writes", p.writes},
                          {"last", format_rfc3339(p.last)}});
  }
  return {{"at", head_to_json(h.at)}, {"seqs", h.seqs}, {"principals", std::move(principals)}};
}

json change_to_json(const ChangeReport& r) {
  json changes = json::array();
  for (const auto& c : r.changes) {
    changes.push_back({{"kind", field_change_name(c.kind)},
                       {"field", c.field},
                       {"old_type", text_or_null(c.old_type)},
                       {"new_type", text_or_null(c.new_type)},
                       {"renamed_to", text_or_null(c.renamed_to)}});
  }
  auto impacts_json = [](const std::vector<ChangeImpact>& list) {
    json out = json::array();
    for (const auto& i : list) {
      out.push_back({{"id", i.id},
                     {"class", change_class_name(i.cls)},
                     {"column_lineage_known", i.column_lineage_known},
                     {"because", text_or_null(i.because)},
                     {"path", i.path},
                     {"owner", text_or_null(i.owner)},
                     {"domain", text_or_null(i.domain)}});
    }
    return out;
  };
  json notice = r.deprecation ? notice_json(*r.deprecation) : json();
  return {{"at", head_to_json(r.at)},
          {"verdict", change_verdict_name(r.verdict)},
          {"current_schema_seq", r.current_schema.empty() ? json() : json(r.current_schema_seq)},
          {"changes", std::move(changes)},
          {"impacts", impacts_json(r.impacts)},
          {"not_derived", impacts_json(r.not_derived)},
          {"jobs", r.jobs},
          {"owners", r.owners},
          {"consumers", r.consumers},
          {"deprecation", std::move(notice)}};
}

json pii_to_json(const PiiReach& r) {
  json reached = json::array();
  for (const auto& x : r.reached) {
    reached.push_back({{"column", x.column},
                       {"dataset", x.dataset},
                       {"source", x.source},
                       {"path", x.path},
                       {"jobs", x.jobs},
                       {"seqs", x.seqs}});
  }
  json masked = json::array();
  for (const auto& m : r.masked) {
    masked.push_back(
        {{"column", m.column}, {"source", m.source}, {"job", m.job}, {"seqs", m.seqs}});
  }
  json readers = json::array();
  for (const auto& p : r.readers) {
    readers.push_back({{"principal", principal_json(p.principal)},
                       {"datasets", p.datasets},
                       {"without_source_grant", p.without_source_grant},
                       {"flagged", !p.without_source_grant.empty()},
                       {"seqs", p.seqs}});
  }
  json sources = json::array();
  for (size_t i = 0; i < r.sources.size(); ++i) {
    sources.push_back({{"column", r.sources[i]}, {"seqs", {r.source_seqs[i]}}});
  }
  return {{"at", head_to_json(r.at)},
          {"sources", std::move(sources)},
          {"reached", std::move(reached)},
          {"masked", std::move(masked)},
          {"readers", std::move(readers)}};
}

json version_to_json(const VersionNode& v) {
  json inputs = json::array();
  for (const auto& i : v.inputs) inputs.push_back(version_to_json(i));
  return {{"dataset", v.dataset},
          {"version", v.version},
          {"run_id", v.run_id},
          {"job", text_or_null(v.job)},
          {"written_at", format_rfc3339(v.written_at)},
          {"seqs", v.seqs},
          {"inputs", std::move(inputs)},
          {"unversioned_inputs", v.unversioned_inputs},
          {"inputs_shown_above", v.inputs_shown_above}};
}

json versions_to_json(const VersionAnswer& a) {
  json versions = json::array();
  for (const auto& v : a.versions) {
    versions.push_back({{"version", v.version},
                        {"run_id", v.run_id},
                        {"job", text_or_null(v.job)},
                        {"written_at", format_rfc3339(v.written_at)},
                        {"seqs", v.seqs}});
  }
  return {{"at", head_to_json(a.at)}, {"root", version_to_json(a.root)}, {"versions", versions}};
}

json catalog_dataset_to_json(const CatalogDataset& d) {
  json deprecations = json::array();
  for (const auto& n : d.deprecations) deprecations.push_back(notice_json(n));
  return {{"kind", "dataset"},
          {"id", d.id},
          {"namespace", d.ref.ns},
          {"name", d.ref.name},
          {"owner", text_or_null(d.owner)},
          {"domain", text_or_null(d.domain)},
          {"product", d.product},
          {"description", text_or_null(d.description)},
          {"lifecycle_state", text_or_null(d.lifecycle_state)},
          {"freshness_slo_seconds", d.freshness_slo_seconds ? json(*d.freshness_slo_seconds) : json()},
          {"declared_seq", d.declared_seq ? json(*d.declared_seq) : json()},
          {"first_seq", d.first_seq},
          {"current_version", text_or_null(d.current_version)},
          {"last_modified_at", d.last_modified_at ? json(format_rfc3339(*d.last_modified_at)) : json()},
          {"fields", schema_json(d.fields)},
          {"deprecations", std::move(deprecations)}};
}

json catalog_job_to_json(const CatalogJob& j) {
  json latest;
  if (j.latest_run) {
    const CatalogRun& r = *j.latest_run;
    latest = {{"run_id", r.run_id},
              {"state", run_state_name(r.state)},
              {"started_at", format_rfc3339(r.started_at)},
              {"completed_at", r.completed_at ? json(format_rfc3339(*r.completed_at)) : json()},
              {"seqs", r.seqs}};
  }
  return {{"kind", "job"},
          {"id", j.id},
          {"namespace", j.ref.ns},
          {"name", j.ref.name},
          {"first_seq", j.first_seq},
          {"runs", j.runs},
          {"inputs", dataset_ids(j.inputs)},
          {"outputs", dataset_ids(j.outputs)},
          {"latest_run", std::move(latest)}};
}

json stats_to_json(const Index::Stats& s, const LogHead& at) {
  return {{"at", head_to_json(at)},
          {"counts",
           {{"datasets", s.datasets},
            {"columns", s.columns},
            {"jobs", s.jobs},
            {"edges", s.edges},
            {"open_edges", s.open_edges},
            {"grants", s.grants},
            {"principals", s.principals},
            {"access_records", s.access_records}}},
          {"without_owner", s.without_owner},
          {"unused_products", s.unused_products},
          {"unknown_provenance", s.unknown_provenance}};
}

json search_to_json(const SearchResult& r) {
  static constexpr const char* kKinds[] = {"dataset", "job", "principal"};
  json hits = json::array();
  for (const auto& h : r.hits) {
    hits.push_back({{"kind", kKinds[static_cast<int>(h.kind)]},
                    {"id", h.id},
                    {"domain", text_or_null(h.domain)},
                    {"owner", text_or_null(h.owner)},
                    {"tags", h.tags},
                    {"matched", h.matched}});
  }
  return {{"total", r.total}, {"hits", std::move(hits)}};
}

json overview_to_json(const Overview& o) {
  json domains = json::array();
  for (const auto& d : o.domains) {
    json top = json::array();
    for (const auto& p : d.top) top.push_back({{"id", p.id}, {"degree", p.degree}});
    domains.push_back({{"name", text_or_null(d.name)},
                       {"datasets", d.datasets},
                       {"products", d.products},
                       {"top", std::move(top)}});
  }
  json links = json::array();
  for (const auto& l : o.links) {
    links.push_back({{"from", text_or_null(l.from)}, {"to", text_or_null(l.to)}, {"edges", l.edges}});
  }
  return {{"domains", std::move(domains)}, {"links", std::move(links)}};
}

}  // namespace auditgraph
