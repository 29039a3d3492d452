// Access questions: who can read a dataset and why (grants, group chains, domain-wide grants,
// honouring expiry and revocation), and who did read or write it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/event_log.h"

namespace auditgraph {

struct AccessQuery {
  std::string dataset;  // a dataset id: dataset:<namespace>:<name>
  // The moment asked about, on the producers' clock: grants, revocations and membership changes
  // with event times up to it count, and a grant expires at its expires_at. The CLI passes now.
  Timestamp as_of;
};

// One reason one principal can read the dataset.
struct AccessPath {
  PrincipalRef principal;  // a user or service (groups are expanded)
  std::string privilege;   // READ, WRITE, ADMIN, ...
  std::string grant_id;
  PrincipalRef grantee;  // whom the grant names: the principal itself or a group
  enum class Scope : uint8_t { kDataset, kColumns, kDomain } scope = Scope::kDataset;
  std::vector<std::string> columns;  // kColumns: the columns granted
  std::string domain;                // kDomain: the domain granted
  // Groups from the grantee down to the principal: ["analysts", "eu-analysts"] means the
  // principal is in eu-analysts, which is in analysts, which holds the grant. Empty: direct.
  std::vector<std::string> chain;
  std::optional<Timestamp> expires_at;
  std::vector<uint64_t> seqs;  // the grant's event and the membership events of the chain
};

struct AccessAnswer {
  LogHead at;
  Timestamp as_of;
  std::vector<AccessPath> paths;  // by principal, then grant id, then chain
};

struct AccessHistoryQuery {
  std::string dataset;
  Timestamp from, to;  // producers' clock, [from, to)
};

struct AccessHistory {
  LogHead at;
  std::vector<uint64_t> seqs;  // the AccessRecorded events in the period, by time then seq
  struct PerPrincipal {
    PrincipalRef principal;
    uint64_t reads = 0, writes = 0;
    Timestamp last;
  };
  std::vector<PerPrincipal> principals;  // by name
};

const char* access_scope_name(AccessPath::Scope scope);  // "dataset", "columns", "domain"

}  // namespace auditgraph
