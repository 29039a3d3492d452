#include "src/witness/witness_service.h"

#include <filesystem>

namespace auditgraph {

Result<std::unique_ptr<WitnessService>> WitnessService::Open(
    const std::string& dir, Witness witness, const Clock* clock,
    std::shared_ptr<spdlog::logger> logger) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("--state: cannot create " + dir + ": " + ec.message());
  auto state = load_witness_state(dir);
  if (!state.ok()) return state.status();
  return std::unique_ptr<WitnessService>(new WitnessService(
      dir, std::move(witness), std::move(state).value(), clock, std::move(logger)));
}

WitnessService::WitnessService(std::string dir, Witness witness, WitnessState state,
                               const Clock* clock, std::shared_ptr<spdlog::logger> logger)
    : dir_(std::move(dir)),
      witness_(std::move(witness)),
      clock_(clock ? clock : &system_clock_),
      logger_(std::move(logger)),
      state_(std::move(state)) {}

WitnessState WitnessService::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

WitnessReply WitnessService::add_checkpoint(std::string_view body) {
  const int64_t nanos = clock_->now().unix_nanos;
  const uint64_t now = nanos > 0 ? static_cast<uint64_t>(nanos / 1'000'000'000) : 0;
  std::lock_guard lock(mu_);
  WitnessReply reply = witness_.add_checkpoint(state_, body, now);
  if (reply.cosigned) {
    const Checkpoint& cp = *reply.cosigned;
    auto known = state_.find(cp.origin);
    if (known == state_.end() || !(known->second == cp)) {
      WitnessState next = state_;
      next[cp.origin] = cp;
      if (Status s = save_witness_state(dir_, next); !s.ok()) {
        if (logger_) logger_->error("witness: not cosigning {} size {}: {}", cp.origin, cp.size,
                                    s.to_string());
        return WitnessReply{500, "text/plain; charset=utf-8",
                            "the witness could not record the checkpoint: " + s.message() + "\n",
                            std::nullopt};
      }
      state_ = std::move(next);
    }
    if (logger_) logger_->info("witness: cosigned {} size {}", cp.origin, cp.size);
  } else if (logger_) {
    const auto level = reply.status == 409 || reply.status == 422 ? spdlog::level::warn
                                                                   : spdlog::level::info;
    std::string why = reply.body;
    if (!why.empty() && why.back() == '\n') why.pop_back();
    logger_->log(level, "witness: add-checkpoint refused with {}: {}", reply.status, why);
  }
  return reply;
}

}  // namespace auditgraph
