// Witness: the decisions of a C2SP tlog-witness (https://c2sp.org/tlog-witness) for
// `add-checkpoint`, with no I/O: the state it remembers and a request body in, the HTTP answer
// (and the state to remember, when it cosigns) out. WitnessService (witness_service.h) keeps the
// state on disk; WitnessServer (witness_server.h) speaks HTTP.
//
// A value; const methods may be called from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/checkpoint.h"
#include "auditgraph/note.h"
#include "auditgraph/status.h"
#include "src/witness/witness_state.h"

namespace auditgraph {

// The content type of a 409's body: the witness's size for that log, in decimal, then "\n".
inline constexpr const char* kTlogSizeContentType = "text/x.tlog.size";

struct WitnessReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  // 200: the cosignature line(s); 409: "<size>\n"; otherwise the reason, in words.
  std::string body;
  // 200 only: the checkpoint just cosigned, to remember (durably) before the reply is sent.
  std::optional<Checkpoint> cosigned;
};

class Witness {
 public:
  // `key` signs the cosignatures (type kCosignatureV1); `logs` are the logs it witnesses, each
  // an Ed25519 verifier key whose name is the log's origin. InvalidArgument naming the key
  // otherwise (a wrong type, two keys for one origin).
  static Result<Witness> Create(NoteSigner key, std::vector<NoteVerifier> logs);

  const NoteVerifier& key() const { return key_.verifier(); }

  // Answers an add-checkpoint `body` given the `state` it remembers, cosigning at `now` (POSIX
  // seconds). Checks, in the spec's order:
  //   400  the body or its note does not parse, or old > the checkpoint's size, or a proof is
  //        given from size 0
  //   404  the checkpoint's origin is not one of the logs
  //   403  no signature by that log's key verifies
  //   409  old is not the size last cosigned for that log (body: that size), or the same size
  //        with another root (a fork)
  //   422  the consistency proof does not prove the checkpoint extends the one cosigned (a fork)
  //   200  the cosignature line(s), and `cosigned` set to the checkpoint
  WitnessReply add_checkpoint(const WitnessState& state, std::string_view body,
                              uint64_t now) const;

 private:
  Witness(NoteSigner key, std::vector<NoteVerifier> logs)
      : key_(std::move(key)), logs_(std::move(logs)) {}

  NoteSigner key_;
  std::vector<NoteVerifier> logs_;
};

}  // namespace auditgraph
