// HttpCosigner: one C2SP tlog-witness, reached over HTTP, as the checkpoint publisher's Cosigner
// (src/checkpoint/publisher.h). It remembers the size the witness last cosigned (0 at first),
// sends `add-checkpoint` with the consistency proof from there, and when the witness answers 409
// with another size, tries once more from that size.
//
// Thread safety: cosign() may be called from any thread; calls are serialized.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "auditgraph/note.h"
#include "src/checkpoint/publisher.h"

namespace httplib {
class Client;
}

namespace auditgraph {

struct HttpCosignerOptions {
  std::chrono::seconds connect_timeout{3};
  std::chrono::seconds timeout{5};  // one read or write of the request
};

class HttpCosigner final : public Cosigner {
 public:
  // `url`: "http://HOST:PORT" with an optional path prefix (the witness's submission prefix);
  // `key`: the witness's cosignature/v1 verifier key. InvalidArgument naming --witness when the
  // URL is not http:// or the key is not a witness key.
  static Result<std::unique_ptr<HttpCosigner>> Create(const std::string& url, NoteVerifier key,
                                                      HttpCosignerOptions options = {});
  ~HttpCosigner() override;

  const NoteVerifier& key() const override { return key_; }
  // Errors name the witness and its URL, then the reason: the witness's status and reply, a
  // connection failure, a reply with no line by key(), or the witness having cosigned a tree
  // larger than `checkpoint` (FailedPrecondition: a fork, or a log rolled back).
  Result<NoteSignature> cosign(const std::string& note, const Checkpoint& checkpoint,
                               const EventLog& log) override;

  // The size the witness is known to have cosigned last (0 before it said).
  uint64_t known_size() const;

 private:
  HttpCosigner(std::string url, std::string prefix, NoteVerifier key,
               std::unique_ptr<httplib::Client> client);
  // One add-checkpoint from `old_size`; `*conflict_size` is set when the witness answers 409.
  Result<NoteSignature> post(uint64_t old_size, const std::string& note,
                             const Checkpoint& checkpoint, const EventLog& log,
                             std::optional<uint64_t>* conflict_size);
  Status error(const std::string& why) const;

  const std::string url_;
  const std::string prefix_;  // the URL's path, without a trailing '/'
  const NoteVerifier key_;
  mutable std::mutex mu_;
  std::unique_ptr<httplib::Client> client_;  // guarded by mu_
  uint64_t known_size_ = 0;                  // guarded by mu_
};

}  // namespace auditgraph
