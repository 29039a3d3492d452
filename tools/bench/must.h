// How a benchmark stops on an error: the message on stderr, prefixed with the program's name,
// and exit code 1. A benchmark has nothing to recover; it must not print figures of a run that
// went wrong.
#pragma once

#include <cerrno>  // program_invocation_short_name (glibc)
#include <cstdlib>
#include <iostream>
#include <string>

#include "auditgraph/status.h"

namespace auditgraph::bench {

[[noreturn]] inline void fail(const std::string& message) {
  std::cerr << program_invocation_short_name << ": " << message << "\n";
  std::exit(1);
}

// The value, or fail() naming `what` and the error.
template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r.ok()) fail(what + ": " + r.status().to_string());
  return std::move(*r);
}

inline void must(const Status& s, const std::string& what) {
  if (!s.ok()) fail(what + ": " + s.to_string());
}

}  // namespace auditgraph::bench
