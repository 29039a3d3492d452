// Status and Result<T>: the error channel for expected failures (bad input, not found, I/O,
// corruption). Exceptions are reserved for bugs and for the one module that wraps a throwing
// library. A success Status holds no allocation.
#pragma once

#include <cassert>
#include <memory>
#include <string>
#include <utility>
#include <variant>

namespace auditgraph {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // bad input; the message names the field and the reason
    kNotFound,
    kCorruption,  // stored data disagrees with itself (tampering, torn files)
    kIOError,
    kAlreadyExists,
    kFailedPrecondition,
  };

  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {Code::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {Code::kCorruption, std::move(msg)}; }
  static Status IOError(std::string msg) { return {Code::kIOError, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) { return {Code::kAlreadyExists, std::move(msg)}; }
  static Status FailedPrecondition(std::string msg) {
    return {Code::kFailedPrecondition, std::move(msg)};
  }

  bool ok() const { return state_ == nullptr; }
  Code code() const { return state_ ? state_->code : Code::kOk; }
  bool is_invalid_argument() const { return code() == Code::kInvalidArgument; }
  bool is_not_found() const { return code() == Code::kNotFound; }
  bool is_corruption() const { return code() == Code::kCorruption; }

  // The message alone ("" when ok).
  const std::string& message() const;
  // "OK" or "<code name>: <message>".
  std::string to_string() const;

 private:
  struct State {
    Code code;
    std::string message;
  };
  Status(Code code, std::string msg)
      : state_(std::make_shared<const State>(State{code, std::move(msg)})) {}

  std::shared_ptr<const State> state_;  // null when ok; shared so copies are cheap
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "a Result made from a Status must carry an error");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // OK when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace auditgraph
