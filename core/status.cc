#include "auditgraph/status.h"

namespace auditgraph {

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

std::string Status::to_string() const {
  if (ok()) return "OK";
  const char* name = "error";
  switch (code()) {
    case Code::kOk:
      name = "OK";
      break;
    case Code::kInvalidArgument:
      name = "invalid argument";
      break;
    case Code::kNotFound:
      name = "not found";
      break;
    case Code::kCorruption:
      name = "corruption";
      break;
    case Code::kIOError:
      name = "I/O error";
      break;
    case Code::kAlreadyExists:
      name = "already exists";
      break;
    case Code::kFailedPrecondition:
      name = "failed precondition";
      break;
  }
  return std::string(name) + ": " + state_->message;
}

}  // namespace auditgraph
