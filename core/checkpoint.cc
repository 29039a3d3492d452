#include "auditgraph/checkpoint.h"

#include <charconv>

#include "auditgraph/base64.h"
#include "auditgraph/note.h"

namespace auditgraph {

Status check_origin(std::string_view origin, std::string_view field) {
  return check_key_name(origin, field);
}

std::string Checkpoint::body() const {
  return origin + "\n" + std::to_string(size) + "\n" + base64_encode(root.view()) + "\n";
}

Result<Checkpoint> Checkpoint::Parse(std::string_view body, std::string_view field) {
  std::string_view lines[3];
  std::string_view rest = body;
  static constexpr const char* kNames[] = {"origin", "size", "root"};
  for (int i = 0; i < 3; ++i) {
    const size_t eol = rest.find('\n');
    if (eol == std::string_view::npos) {
      return Status::InvalidArgument(std::string(field) + ": no " + kNames[i] +
                                     " line (a checkpoint is origin, size and root, one a line)");
    }
    lines[i] = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
  }
  Checkpoint cp;
  if (Status s = check_origin(lines[0], std::string(field) + ": origin"); !s.ok()) return s;
  cp.origin = std::string(lines[0]);
  const std::string_view size = lines[1];
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), cp.size);
  if (size.empty() || ec != std::errc() || end != size.data() + size.size() ||
      (size.size() > 1 && size[0] == '0')) {
    return Status::InvalidArgument(std::string(field) + ": size '" + std::string(size) +
                                   "' is not a decimal number without leading zeroes");
  }
  auto root = base64_decode(lines[2], std::string(field) + ": root");
  if (!root.ok()) return root.status();
  auto hash = Hash::FromBytes(*root, std::string(field) + ": root");
  if (!hash.ok()) return hash.status();
  cp.root = *hash;
  return cp;
}

}  // namespace auditgraph
