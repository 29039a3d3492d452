#include "queries/access_state.h"

#include <algorithm>
#include <set>

#include "queries/lineage_graph.h"  // dataset_id

namespace auditgraph {

const char* access_scope_name(AccessPath::Scope scope) {
  switch (scope) {
    case AccessPath::Scope::kDataset:
      return "dataset";
    case AccessPath::Scope::kColumns:
      return "columns";
    case AccessPath::Scope::kDomain:
      return "domain";
  }
  return "unknown";
}

}  // namespace auditgraph

namespace auditgraph::queries {
namespace {

// The last element of `v` (sorted by `at`) dated at or before `t`; null when none.
template <typename T>
const T* last_at_or_before(const std::vector<T>& v, Timestamp t) {
  const T* found = nullptr;
  for (const T& x : v) {
    if (x.at.time <= t && (!found || found->at < x.at)) found = &x;
  }
  return found;
}

}  // namespace

void AccessState::add(const Event& event) {
  const Dated at{event.event_time, event.seq};
  if (const auto* g = std::get_if<AccessGranted>(&event.payload)) {
    grants_[g->grant_id].push_back({*g, at});
    grants_by_resource_[resource_key(g->resource)].insert(g->grant_id);
  } else if (const auto* r = std::get_if<AccessRevoked>(&event.payload)) {
    revocations_[r->grant_id].push_back(at);
  } else if (const auto* m = std::get_if<MembershipAdded>(&event.payload)) {
    members_[m->group][{static_cast<uint8_t>(m->member.kind), m->member.name}].push_back(
        {at, true});
  } else if (const auto* m = std::get_if<MembershipRemoved>(&event.payload)) {
    members_[m->group][{static_cast<uint8_t>(m->member.kind), m->member.name}].push_back(
        {at, false});
  } else if (std::holds_alternative<AccessRecorded>(event.payload)) {
    ++access_count_;
  }
}

const AccessState::Grant* AccessState::grant_in_force(const std::string& id, Timestamp t) const {
  auto events = grants_.find(id);
  if (events == grants_.end()) return nullptr;
  const Grant* g = last_at_or_before(events->second, t);
  if (!g) return nullptr;
  if (g->granted.expires_at && !(t < *g->granted.expires_at)) return nullptr;
  auto r = revocations_.find(id);
  // A revocation counts if it is dated after this grant (a re-grant revives the id) and by t.
  const bool revoked = r != revocations_.end() &&
                       std::any_of(r->second.begin(), r->second.end(),
                                   [&](const Dated& d) { return g->at < d && d.time <= t; });
  return revoked ? nullptr : g;
}

void AccessState::each_grant(
    const std::function<void(const std::string& id, const std::vector<GrantEvent>&)>& fn) const {
  std::vector<const Grant*> sorted;
  std::vector<GrantEvent> events;
  for (const auto& [id, grants] : grants_) {
    sorted.clear();
    for (const Grant& g : grants) sorted.push_back(&g);
    std::sort(sorted.begin(), sorted.end(),
              [](const Grant* a, const Grant* b) { return a->at < b->at; });
    auto r = revocations_.find(id);
    events.clear();
    for (size_t i = 0; i < sorted.size(); ++i) {
      const Grant& g = *sorted[i];
      GrantEvent e{&g.granted, g.at.time, g.at.seq, std::nullopt, 0};
      const Dated* first = nullptr;  // the first revocation after g, before the next grant
      if (r != revocations_.end()) {
        for (const Dated& d : r->second) {
          if (!(g.at < d) || (i + 1 < sorted.size() && !(d < sorted[i + 1]->at))) continue;
          if (!first || d < *first) first = &d;
        }
      }
      if (first) {
        e.revoked_at = first->time;
        e.revoked_seq = first->seq;
      }
      events.push_back(e);
    }
    fn(id, events);
  }
}

void AccessState::expand(const PrincipalRef& member, const AccessPath& base, Timestamp t,
                         std::vector<std::string>* chain, std::vector<uint64_t>* seqs,
                         std::vector<AccessPath>* out) const {
  if (member.kind != PrincipalRef::Kind::kGroup) {
    AccessPath path = base;
    path.principal = member;
    path.chain = *chain;
    path.seqs = *seqs;
    std::sort(path.seqs.begin(), path.seqs.end());
    out->push_back(std::move(path));
    return;
  }
  if (std::find(chain->begin(), chain->end(), member.name) != chain->end()) return;  // a cycle
  auto group = members_.find(member.name);
  if (group == members_.end()) return;
  chain->push_back(member.name);
  for (const auto& [key, changes] : group->second) {
    const auto& [kind, name] = key;
    const Change* last = last_at_or_before(changes, t);
    if (!last || !last->added) continue;
    seqs->push_back(last->at.seq);
    expand({static_cast<PrincipalRef::Kind>(kind), name}, base, t, chain, seqs, out);
    seqs->pop_back();
  }
  chain->pop_back();
}

std::string AccessState::resource_key(const Resource& r) {
  return r.kind == Resource::Kind::kDomain ? "domain:" + r.domain : dataset_id(r.dataset);
}

std::vector<AccessPath> AccessState::who_can_read(const std::vector<std::string>& dataset,
                                                  const std::string& domain, Timestamp t) const {
  std::vector<AccessPath> out;
  auto named = [&](const DatasetRef& d) {
    return std::find(dataset.begin(), dataset.end(), dataset_id(d)) != dataset.end();
  };
  // Only the grants that ever named one of the dataset's ids or its domain: the cost does not
  // grow with the mesh's other grants. Ids in order, as the paths' sort expects no more.
  std::set<std::string> candidates;
  auto gather = [&](const std::string& key) {
    auto it = grants_by_resource_.find(key);
    if (it != grants_by_resource_.end()) candidates.insert(it->second.begin(), it->second.end());
  };
  for (const std::string& id : dataset) gather(id);
  if (!domain.empty()) gather("domain:" + domain);
  for (const std::string& id : candidates) {
    const Grant* g = grant_in_force(id, t);
    if (!g) continue;
    const Resource& r = g->granted.resource;
    AccessPath base;
    switch (r.kind) {
      case Resource::Kind::kDataset:
        if (!named(r.dataset)) continue;
        base.scope = AccessPath::Scope::kDataset;
        break;
      case Resource::Kind::kColumns:
        if (!named(r.dataset)) continue;
        base.scope = AccessPath::Scope::kColumns;
        base.columns = r.columns;
        break;
      case Resource::Kind::kDomain:
        if (domain.empty() || r.domain != domain) continue;
        base.scope = AccessPath::Scope::kDomain;
        base.domain = r.domain;
        break;
    }
    base.privilege = g->granted.privilege;
    base.grant_id = id;
    base.grantee = g->granted.grantee;
    base.expires_at = g->granted.expires_at;
    std::vector<std::string> chain;
    std::vector<uint64_t> seqs{g->at.seq};
    expand(g->granted.grantee, base, t, &chain, &seqs, &out);
  }
  std::sort(out.begin(), out.end(), [](const AccessPath& a, const AccessPath& b) {
    return std::tie(a.principal.name, a.grant_id, a.chain) <
           std::tie(b.principal.name, b.grant_id, b.chain);
  });
  return out;
}

std::vector<PrincipalRef> AccessState::principals() const {
  std::set<std::tuple<uint8_t, std::string>> seen;
  for (const auto& [id, events] : grants_) {
    for (const Grant& g : events) {
      seen.insert({static_cast<uint8_t>(g.granted.grantee.kind), g.granted.grantee.name});
    }
  }
  for (const auto& [group, members] : members_) {
    seen.insert({static_cast<uint8_t>(PrincipalRef::Kind::kGroup), group});
    for (const auto& [key, changes] : members) seen.insert(key);
  }
  std::vector<PrincipalRef> out;
  for (const auto& [kind, name] : seen) {
    out.push_back({static_cast<PrincipalRef::Kind>(kind), name});
  }
  return out;
}

}  // namespace auditgraph::queries
