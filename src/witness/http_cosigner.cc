#include "src/witness/http_cosigner.h"

#include <httplib.h>

#include <charconv>

#include "src/witness/add_checkpoint_request.h"
#include "src/witness/witness.h"

namespace auditgraph {

Result<std::unique_ptr<HttpCosigner>> HttpCosigner::Create(const std::string& url,
                                                           NoteVerifier key,
                                                           HttpCosignerOptions options) {
  if (key.type != NoteKeyType::kCosignatureV1) {
    return Status::InvalidArgument("--witness: " + key.name +
                                   " is not a witness (cosignature/v1) key");
  }
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme) || url.size() == kScheme.size()) {
    return Status::InvalidArgument("--witness: '" + url + "' is not an http:// URL");
  }
  const size_t slash = url.find('/', kScheme.size());
  const std::string origin = url.substr(0, slash);
  std::string prefix = slash == std::string::npos ? "" : url.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  auto client = std::make_unique<httplib::Client>(origin);
  if (!client->is_valid()) return Status::InvalidArgument("--witness: bad URL '" + url + "'");
  client->set_connection_timeout(options.connect_timeout);
  client->set_read_timeout(options.timeout);
  client->set_write_timeout(options.timeout);
  client->set_keep_alive(true);
  return std::unique_ptr<HttpCosigner>(
      new HttpCosigner(url, std::move(prefix), std::move(key), std::move(client)));
}

HttpCosigner::HttpCosigner(std::string url, std::string prefix, NoteVerifier key,
                           std::unique_ptr<httplib::Client> client)
    : url_(std::move(url)),
      prefix_(std::move(prefix)),
      key_(std::move(key)),
      client_(std::move(client)) {}

HttpCosigner::~HttpCosigner() = default;

uint64_t HttpCosigner::known_size() const {
  std::lock_guard lock(mu_);
  return known_size_;
}

Status HttpCosigner::error(const std::string& why) const {
  return Status::FailedPrecondition("witness " + key_.name + " at " + url_ + ": " + why);
}

Result<NoteSignature> HttpCosigner::cosign(const std::string& note, const Checkpoint& checkpoint,
                                           const EventLog& log) {
  std::lock_guard lock(mu_);
  std::optional<uint64_t> conflict;
  auto line = post(known_size_, note, checkpoint, log, &conflict);
  if (conflict && *conflict != known_size_) {
    known_size_ = *conflict;  // what the witness says it holds: start from there
    conflict.reset();
    line = post(known_size_, note, checkpoint, log, &conflict);
  }
  if (line.ok()) known_size_ = checkpoint.size;
  return line;
}

Result<NoteSignature> HttpCosigner::post(uint64_t old_size, const std::string& note,
                                         const Checkpoint& checkpoint, const EventLog& log,
                                         std::optional<uint64_t>* conflict_size) {
  if (old_size > checkpoint.size) {
    return error("it has cosigned size " + std::to_string(old_size) +
                 ", larger than this checkpoint's " + std::to_string(checkpoint.size) +
                 " (a fork, or the log lost records)");
  }
  std::vector<Hash> proof;
  if (old_size > 0 && old_size < checkpoint.size) {
    auto consistency = log.prove_consistency(old_size, checkpoint.size);
    if (!consistency.ok()) {
      return error("no consistency proof from size " + std::to_string(old_size) + ": " +
                   consistency.status().message());
    }
    proof = std::move(consistency->path);
  }
  auto res = client_->Post(prefix_ + "/add-checkpoint", add_checkpoint_body(old_size, proof, note),
                           "text/plain; charset=utf-8");
  if (!res) return error("request failed: " + httplib::to_string(res.error()));
  if (res->status == 409 && res->get_header_value("Content-Type") == kTlogSizeContentType) {
    uint64_t size = 0;
    const std::string& body = res->body;
    auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), size);
    if (ec != std::errc() || end == body.data() ||
        std::string_view(end, body.data() + body.size()) != "\n") {
      return error("409 with a size that does not parse: '" + body + "'");
    }
    *conflict_size = size;
    if (size == old_size) {
      return error("409: it cosigned another tree of size " + std::to_string(size) + " (a fork)");
    }
    return error("409: it has cosigned size " + std::to_string(size) + ", not " +
                 std::to_string(old_size));
  }
  if (res->status != 200) {
    std::string body = res->body.substr(0, 300);
    while (!body.empty() && body.back() == '\n') body.pop_back();
    return error("HTTP " + std::to_string(res->status) + ": " + body);
  }
  // The reply is signature lines: appended to the note, they parse as its signatures.
  auto sent = Note::Parse(note, "the note sent");
  if (!sent.ok()) return error(sent.status().message());
  auto with_reply = Note::Parse(note + res->body, "the witness's reply");
  if (!with_reply.ok()) return error(with_reply.status().message());
  for (size_t i = sent->signatures.size(); i < with_reply->signatures.size(); ++i) {
    if (key_.names(with_reply->signatures[i])) return with_reply->signatures[i];
  }
  return error("its reply holds no cosignature by its key " + key_.to_string());
}

}  // namespace auditgraph
