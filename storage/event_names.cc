#include <type_traits>

#include "auditgraph/event.h"

namespace auditgraph {

const char* payload_kind_name(const Payload& payload) {
  return std::visit(
      [](const auto& p) -> const char* {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, RunEvent>)
          return "run";
        else if constexpr (std::is_same_v<T, DatasetDeclared>)
          return "dataset_declared";
        else if constexpr (std::is_same_v<T, SchemaChanged>)
          return "schema_changed";
        else if constexpr (std::is_same_v<T, DeprecationNotice>)
          return "deprecation";
        else if constexpr (std::is_same_v<T, OwnershipChanged>)
          return "ownership_changed";
        else if constexpr (std::is_same_v<T, Classified>)
          return "classified";
        else if constexpr (std::is_same_v<T, AccessGranted>)
          return "access_granted";
        else if constexpr (std::is_same_v<T, AccessRevoked>)
          return "access_revoked";
        else if constexpr (std::is_same_v<T, MembershipAdded>)
          return "membership_added";
        else if constexpr (std::is_same_v<T, MembershipRemoved>)
          return "membership_removed";
        else if constexpr (std::is_same_v<T, AccessRecorded>)
          return "access_recorded";
        else if constexpr (std::is_same_v<T, JobDeclared>)
          return "job_declared";
        else {
          static_assert(std::is_same_v<T, TagDefined>, "every payload kind has a name");
          return "tag_defined";
        }
      },
      payload);
}

const char* run_state_name(RunState state) {
  switch (state) {
    case RunState::kStart:
      return "START";
    case RunState::kRunning:
      return "RUNNING";
    case RunState::kComplete:
      return "COMPLETE";
    case RunState::kFail:
      return "FAIL";
    case RunState::kAbort:
      return "ABORT";
    case RunState::kOther:
      return "OTHER";
  }
  return "OTHER";
}

const char* principal_kind_name(PrincipalRef::Kind kind) {
  switch (kind) {
    case PrincipalRef::Kind::kUser:
      return "user";
    case PrincipalRef::Kind::kGroup:
      return "group";
    case PrincipalRef::Kind::kService:
      return "service";
  }
  return "user";
}

}  // namespace auditgraph
