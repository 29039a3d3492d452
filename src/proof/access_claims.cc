// Access answers: every path must follow from its records: the grant's event names the path's
// grant id, grantee, privilege, expiry and resource (the subject dataset, its columns, or the
// domain), and one membership event per link of the chain puts each group's member in it, down
// to the principal. A path names exactly those records.
#include <algorithm>
#include <vector>

#include "queries/lineage_graph.h"
#include "src/event_json.h"
#include "src/proof/claims.h"

namespace auditgraph::proof {
namespace {

json principal_json(const PrincipalRef& p) {
  return {{"kind", principal_kind_name(p.kind)}, {"name", p.name}};
}

// Whether the grant names the path's resource.
bool grants_resource(const AccessGranted& g, const json& path, const std::string& subject) {
  const std::string scope = path.at("scope").get<std::string>();
  const auto columns = path.at("columns").get<std::vector<std::string>>();
  const std::string domain = text_or_empty(path.at("domain"));
  switch (g.resource.kind) {
    case Resource::Kind::kDataset:
      return scope == "dataset" && columns.empty() && domain.empty() &&
             queries::dataset_id(g.resource.dataset) == subject;
    case Resource::Kind::kColumns:
      return scope == "columns" && columns == g.resource.columns && domain.empty() &&
             queries::dataset_id(g.resource.dataset) == subject;
    case Resource::Kind::kDomain:
      // That the subject lies in this domain is not among the path's records.
      return scope == "domain" && columns.empty() && domain == g.resource.domain;
  }
  return false;
}

Status check_grant(const AccessGranted& g, const json& path, const std::string& subject,
                   const std::string& where, uint64_t seq) {
  const json expires = g.expires_at ? json(format_rfc3339(*g.expires_at)) : json();
  if (g.grant_id != path.at("grant_id").get<std::string>() ||
      principal_json(g.grantee) != path.at("grantee") ||
      g.privilege != path.at("privilege").get<std::string>() || expires != path.at("expires_at") ||
      !grants_resource(g, path, subject)) {
    return Status::Corruption(where + ": the grant is not supported by seq " + std::to_string(seq));
  }
  return Status::Ok();
}

}  // namespace

Result<size_t> check_access_claims(const json& answer, const std::string& subject,
                                   Evidence& evidence) {
  expect_keys(answer, {"at", "as_of", "principals"}, "answer");
  answer.at("as_of").get<std::string>();
  size_t claims = 0;
  for (const json& path : array_at(answer, "principals")) {
    const std::string where = "access path of " + path.at("principal").dump() + " by grant " +
                              path.at("grant_id").get<std::string>();
    expect_keys(path, {"principal", "privilege", "grant_id", "grantee", "scope", "columns",
                       "domain", "chain", "expires_at", "seqs"},
                where);
    const auto chain = path.at("chain").get<std::vector<std::string>>();
    const json& seqs = array_at(path, "seqs");
    if (Status s = check_ascending(seqs, where); !s.ok()) return s;
    if (seqs.size() != chain.size() + 1) {
      return Status::Corruption(where + ": names " + std::to_string(seqs.size()) +
                                " records for a grant and " + std::to_string(chain.size()) +
                                " memberships");
    }
    // Each link: the group and the member it must hold.
    std::vector<std::pair<std::string, json>> links;
    for (size_t i = 0; i < chain.size(); ++i) {
      links.emplace_back(chain[i], i + 1 < chain.size()
                                       ? json{{"kind", "group"}, {"name", chain[i + 1]}}
                                       : path.at("principal"));
    }
    if (path.at("principal").at("kind") == "group") {
      return Status::Corruption(where + ": a group is no principal (groups are expanded)");
    }
    const json direct = chain.empty() ? path.at("principal")
                                      : json{{"kind", "group"}, {"name", chain.front()}};
    if (path.at("grantee") != direct) {
      return Status::Corruption(where + ": the grantee is not where the chain starts");
    }
    bool granted = false;
    for (const json& seq : seqs) {
      auto record = evidence.use(seq, where);
      if (!record.ok()) return record.status();
      const uint64_t at = (*record)->seq;
      if (const auto* g = std::get_if<AccessGranted>(&(*record)->payload); g && !granted) {
        if (Status s = check_grant(*g, path, subject, where, at); !s.ok()) return s;
        granted = true;
        continue;
      }
      const auto* m = std::get_if<MembershipAdded>(&(*record)->payload);
      auto link = m ? std::find_if(links.begin(), links.end(),
                                   [&](const auto& l) {
                                     return l.first == m->group &&
                                            l.second == principal_json(m->member);
                                   })
                    : links.end();
      if (link == links.end()) {
        return Status::Corruption(where + ": not supported by seq " + std::to_string(at) +
                                  " (no grant or membership of the chain)");
      }
      links.erase(link);
    }
    if (!granted) return Status::Corruption(where + ": no record of the grant");
    ++claims;
  }
  return claims;
}

}  // namespace auditgraph::proof
