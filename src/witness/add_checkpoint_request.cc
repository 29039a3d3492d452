#include "src/witness/add_checkpoint_request.h"

#include <charconv>

#include "auditgraph/base64.h"

namespace auditgraph {
namespace {

// The line starting at `*pos` without its '\n', moving `*pos` past it; false at the end of the
// text or when the line has no '\n'.
bool next_line(std::string_view text, size_t* pos, std::string_view* line) {
  const size_t end = text.find('\n', *pos);
  if (end == std::string_view::npos) return false;
  *line = text.substr(*pos, end - *pos);
  *pos = end + 1;
  return true;
}

Result<uint64_t> parse_size(std::string_view digits) {
  uint64_t size = 0;
  const char* end = digits.data() + digits.size();
  auto [p, ec] = std::from_chars(digits.data(), end, size);
  if (digits.empty() || ec != std::errc() || p != end || (digits.size() > 1 && digits[0] == '0')) {
    return Status::InvalidArgument("add-checkpoint: the old size '" + std::string(digits) +
                                   "' is not a decimal size without leading zeroes");
  }
  return size;
}

}  // namespace

std::string add_checkpoint_body(uint64_t old_size, std::span<const Hash> proof,
                                std::string_view note) {
  std::string body = "old " + std::to_string(old_size) + "\n";
  for (const Hash& h : proof) body += base64_encode(h.view()) + "\n";
  body += "\n";
  body += note;
  return body;
}

Result<AddCheckpointRequest> parse_add_checkpoint(std::string_view body) {
  AddCheckpointRequest request;
  size_t pos = 0;
  std::string_view line;
  if (!next_line(body, &pos, &line) || !line.starts_with("old ")) {
    return Status::InvalidArgument("add-checkpoint: the body must start with a line 'old <size>'");
  }
  auto old_size = parse_size(line.substr(4));
  if (!old_size.ok()) return old_size.status();
  request.old_size = *old_size;
  while (true) {
    if (!next_line(body, &pos, &line)) {
      return Status::InvalidArgument(
          "add-checkpoint: no empty line between the proof and the checkpoint");
    }
    if (line.empty()) break;
    if (request.proof.size() == kMaxProofLines) {
      return Status::InvalidArgument("add-checkpoint: more than 63 consistency proof lines");
    }
    const std::string field =
        "add-checkpoint: proof line " + std::to_string(request.proof.size() + 1);
    auto bytes = base64_decode(line, field);
    if (!bytes.ok()) return bytes.status();
    auto hash = Hash::FromBytes(*bytes, field);
    if (!hash.ok()) return hash.status();
    request.proof.push_back(*hash);
  }
  request.note = std::string(body.substr(pos));
  return request;
}

}  // namespace auditgraph
