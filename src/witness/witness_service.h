// WitnessService: a Witness (witness.h) with its state in a folder. Each add-checkpoint is
// checked and, when cosigned, remembered durably before its reply is returned, under one lock, so
// two requests cannot both cosign from the same old size (the spec's rollback race).
//
// Thread safety: add_checkpoint may be called from any thread; calls are serialized.
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "auditgraph/clock.h"
#include "src/witness/witness.h"
#include "src/witness/witness_state.h"

namespace auditgraph {

class WitnessService {
 public:
  // Loads the state in `dir` (created when missing). `clock` (null: the system clock) must
  // outlive the service; `logger` may be null. IOError or Corruption when the state cannot be
  // read (witness_state.h).
  static Result<std::unique_ptr<WitnessService>> Open(const std::string& dir, Witness witness,
                                                      const Clock* clock,
                                                      std::shared_ptr<spdlog::logger> logger);

  // Witness::add_checkpoint against the remembered state, at the clock's time. A cosigned
  // checkpoint is written to the folder first; when that fails the reply is a 500 saying why and
  // the state is unchanged. Refusals are logged (a 409 or 422 at warn: they may show a log
  // forking).
  WitnessReply add_checkpoint(std::string_view body);

  const Witness& witness() const { return witness_; }
  // A copy of the state remembered now.
  WitnessState state() const;

 private:
  WitnessService(std::string dir, Witness witness, WitnessState state, const Clock* clock,
                 std::shared_ptr<spdlog::logger> logger);

  const std::string dir_;
  const Witness witness_;
  SystemClock system_clock_;
  const Clock* clock_;
  std::shared_ptr<spdlog::logger> logger_;
  mutable std::mutex mu_;
  WitnessState state_;  // guarded by mu_; what the folder holds
};

}  // namespace auditgraph
