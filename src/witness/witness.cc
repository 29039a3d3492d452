#include "src/witness/witness.h"

#include "auditgraph/merkle.h"
#include "src/witness/add_checkpoint_request.h"

namespace auditgraph {
namespace {

WitnessReply refuse(int status, std::string why) {
  WitnessReply reply;
  reply.status = status;
  reply.body = std::move(why) + "\n";
  return reply;
}

WitnessReply conflict(uint64_t size) {
  WitnessReply reply;
  reply.status = 409;
  reply.content_type = kTlogSizeContentType;
  reply.body = std::to_string(size) + "\n";
  return reply;
}

}  // namespace

Result<Witness> Witness::Create(NoteSigner key, std::vector<NoteVerifier> logs) {
  if (key.verifier().type != NoteKeyType::kCosignatureV1) {
    return Status::InvalidArgument("--key: " + key.verifier().name +
                                   " is not a witness key (key generate --witness makes one)");
  }
  for (size_t i = 0; i < logs.size(); ++i) {
    const NoteVerifier& log = logs[i];
    if (log.type != NoteKeyType::kEd25519) {
      return Status::InvalidArgument("--log: " + log.name + " is not a log's (Ed25519) key");
    }
    if (Status s = check_origin(log.name, "--log: the key's name"); !s.ok()) return s;
    for (size_t j = 0; j < i; ++j) {
      if (logs[j].name == log.name) {
        return Status::InvalidArgument("--log: two keys for the origin " + log.name);
      }
    }
  }
  return Witness(std::move(key), std::move(logs));
}

WitnessReply Witness::add_checkpoint(const WitnessState& state, std::string_view body,
                                     uint64_t now) const {
  auto request = parse_add_checkpoint(body);
  if (!request.ok()) return refuse(400, request.status().message());
  auto note = Note::Parse(request->note, "add-checkpoint: the checkpoint note");
  if (!note.ok()) return refuse(400, note.status().message());
  auto cp = Checkpoint::Parse(note->body, "add-checkpoint: the checkpoint");
  if (!cp.ok()) return refuse(400, cp.status().message());

  const NoteVerifier* log_key = nullptr;
  for (const NoteVerifier& k : logs_) {
    if (k.name == cp->origin) log_key = &k;
  }
  if (log_key == nullptr) return refuse(404, "unknown log origin " + cp->origin);
  // Signatures by other keys are ignored, as the spec asks; one by the log's key must verify.
  bool verified = false;
  for (const NoteSignature& sig : note->signatures) {
    if (log_key->names(sig) && log_key->verify(note->body, sig).ok()) verified = true;
  }
  if (!verified) return refuse(403, "no valid signature by the log's key " + log_key->to_string());

  const uint64_t old_size = request->old_size;
  if (old_size > cp->size) {
    return refuse(400, "old size " + std::to_string(old_size) + " is past the checkpoint's size " +
                           std::to_string(cp->size));
  }
  const auto known = state.find(cp->origin);
  const uint64_t known_size = known == state.end() ? 0 : known->second.size;
  if (old_size != known_size) return conflict(known_size);
  if (old_size == 0) {
    if (!request->proof.empty()) return refuse(400, "a consistency proof from size 0");
    if (cp->size == 0 && cp->root != merkle_empty_root()) {
      return refuse(422, "a checkpoint of size 0 whose root is not the empty tree's");
    }
  } else if (old_size == cp->size && cp->root != known->second.root) {
    return conflict(known_size);  // the same size with another root: a fork
  } else if (Status s = verify_consistency(old_size, cp->size, known->second.root, cp->root,
                                           request->proof);
             !s.ok()) {
    return refuse(422, "the consistency proof from size " + std::to_string(old_size) +
                           " does not verify: " + s.message());
  }

  WitnessReply reply;
  reply.body = Note{note->body, {key_.sign(note->body, now)}}.to_string().substr(
      note->body.size() + 1);  // the signature line alone
  reply.cosigned = *cp;
  return reply;
}

}  // namespace auditgraph
