// AccessState: grants, revocations and group memberships, replayed from the log, answering "who
// can read this dataset at time t, and why". (Who read or wrote it: the access records are on
// disk, history_ledger.h; this counts them.)
//
//   grant g1: group analysts READ on dataset D        analysts <- eu-analysts <- alice
//   => alice can read D via g1, chain [analysts, eu-analysts]
//
// Everything is dated by the producers' event times (ties by seq), so a late-arriving revocation
// dated before t counts at t. Groups may nest and even form cycles; expansion stops at a group
// already on the chain. Events must be added in seq order. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "auditgraph/access.h"
#include "auditgraph/event.h"
#include "auditgraph/index.h"

namespace auditgraph::queries {

class AccessState {
 public:
  void add(const Event& event);

  // The reasons principals can read the dataset known by the ids `dataset` (all its names;
  // its domain is `domain`, "" if none) at `t`.
  std::vector<AccessPath> who_can_read(const std::vector<std::string>& dataset,
                                       const std::string& domain, Timestamp t) const;
  size_t grant_count() const { return grants_.size(); }

  // The event of grant `id` in force at t: the id's last grant event dated at or before t,
  // when it is neither expired nor revoked (by a revocation dated after it) by then; null
  // otherwise, or for an unknown id. The one rule who_can_read and the report's active grants
  // decide by. Valid while the state lives and is not added to.
  const AccessGranted* in_force(const std::string& id, Timestamp t) const {
    const Grant* g = grant_in_force(id, t);
    return g ? &g->granted : nullptr;
  }

  // One grant event of a grant id, with the first revocation dated after it and before the id's
  // next grant event (a re-grant starts anew), if any.
  struct GrantEvent {
    const AccessGranted* granted = nullptr;  // valid while the state lives and is not added to
    Timestamp at;
    uint64_t seq = 0;
    std::optional<Timestamp> revoked_at;
    uint64_t revoked_seq = 0;  // set with revoked_at
  };
  // fn(grant id, its grant events by (time, seq)) for every grant id, in id order: the grants as
  // the compliance report lists them, from the same model as who_can_read.
  void each_grant(
      const std::function<void(const std::string& id, const std::vector<GrantEvent>&)>& fn) const;
  size_t principal_count() const { return principals().size(); }
  // Every principal a grant or a membership names, by (kind, name).
  std::vector<PrincipalRef> principals() const;

  // Every member, for snapshots (archive.h).
  template <class A>
  void fields(A& a) {
    a(grants_, grants_by_resource_, revocations_, members_, access_count_);
  }
  size_t access_record_count() const { return access_count_; }

 private:
  struct Dated {
    Timestamp time;
    uint64_t seq;
    friend auto operator<=>(const Dated&, const Dated&) = default;
    template <class A>
    void fields(A& a) { a(time, seq); }
  };
  struct Grant {
    AccessGranted granted;
    Dated at;
    template <class A>
    void fields(A& a) { a(granted, at); }
  };
  struct Change {  // a membership added (true) or removed (false)
    Dated at;
    bool added;
    template <class A>
    void fields(A& a) { a(at, added); }
  };
  using MemberKey = std::tuple<uint8_t, std::string>;  // (kind, name)

  const Grant* grant_in_force(const std::string& id, Timestamp t) const;  // in_force()

  static std::string resource_key(const Resource& r);
  // Appends a path for each user or service reached from `member` (a grantee or a member of a
  // chain of groups), with `chain` and `seqs` so far.
  void expand(const PrincipalRef& member, const AccessPath& base, Timestamp t,
              std::vector<std::string>* chain, std::vector<uint64_t>* seqs,
              std::vector<AccessPath>* out) const;

  std::map<std::string, std::vector<Grant>> grants_;       // grant id -> every grant event of it
  // What a grant names -> the ids of the grants any of whose events named it: a dataset id (for
  // dataset and column grants) or "domain:" + a domain. who_can_read looks up only these.
  std::map<std::string, std::set<std::string>> grants_by_resource_;
  std::map<std::string, std::vector<Dated>> revocations_;  // grant id -> revocations
  // group -> member -> changes, in seq order
  std::map<std::string, std::map<MemberKey, std::vector<Change>>> members_;
  size_t access_count_ = 0;  // AccessRecorded events added
};

// The access state an Index (make_index) holds, for readers inside queries/ (the compliance
// report). Valid while `index` lives; not thread-safe: the caller holds whatever guards it.
const AccessState& access_state(const Index& index);

}  // namespace auditgraph::queries
