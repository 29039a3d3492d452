#include "src/checkpoint/trusted_checkpoint.h"

#include <string>

namespace auditgraph {

Result<TrustedCheckpoint> verify_checkpoint_note(std::string_view text,
                                                 const CheckpointTrust& trust,
                                                 std::string_view field) {
  std::vector<NoteVerifier> trusted{trust.log_key};
  trusted.insert(trusted.end(), trust.witnesses.begin(), trust.witnesses.end());
  auto opened = open_note(text, trusted, field);
  if (!opened.ok()) return opened.status();
  bool by_log = false;
  size_t cosigned = 0;
  for (const NoteVerifier& v : opened->verified_by) {
    if (v.to_string() == trust.log_key.to_string()) {
      by_log = true;
    } else if (v.type == NoteKeyType::kCosignatureV1) {
      ++cosigned;
    }
  }
  const std::string where(field);
  if (!by_log) {
    return Status::Corruption(where + ": not signed by the log's key " + trust.log_key.name);
  }
  if (cosigned < trust.quorum) {
    return Status::Corruption(where + ": " + std::to_string(cosigned) + " of the " +
                              std::to_string(trust.quorum) + " witness cosignatures needed");
  }
  auto cp = Checkpoint::Parse(opened->note.body, field);
  if (!cp.ok()) return cp.status();
  if (cp->origin != trust.log_key.name) {
    return Status::Corruption(where + ": the origin '" + cp->origin +
                              "' is not the log key's name '" + trust.log_key.name + "'");
  }
  return TrustedCheckpoint{*std::move(cp), std::move(opened->note), cosigned};
}

}  // namespace auditgraph
