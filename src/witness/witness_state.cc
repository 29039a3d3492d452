#include "src/witness/witness_state.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "auditgraph/base64.h"
#include "src/checkpoint/durable_file.h"

namespace auditgraph {
namespace {

std::string state_path(const std::string& dir) { return dir + "/" + std::string(kWitnessStateFile); }

}  // namespace

std::string witness_state_text(const WitnessState& state) {
  std::string text;
  for (const auto& [origin, cp] : state) {
    text += origin + " " + std::to_string(cp.size) + " " + base64_encode(cp.root.view()) + "\n";
  }
  return text;
}

Result<WitnessState> parse_witness_state(std::string_view text) {
  WitnessState state;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t end = text.find('\n');
    const std::string field = "witness state line " + std::to_string(line_no);
    if (end == std::string_view::npos) return Status::Corruption(field + ": no newline at the end");
    // "<origin> <size> <root>\n" is a checkpoint body with spaces for newlines.
    std::string body(text.substr(0, end));
    text.remove_prefix(end + 1);
    size_t spaces = 0;
    for (char& c : body) {
      if (c == ' ') c = '\n', ++spaces;
    }
    if (spaces != 2) return Status::Corruption(field + ": not '<origin> <size> <root>'");
    auto cp = Checkpoint::Parse(body + "\n", field);
    if (!cp.ok()) return Status::Corruption(cp.status().message());
    if (!state.emplace(cp->origin, *cp).second) {
      return Status::Corruption(field + ": the origin " + cp->origin + " again");
    }
  }
  return state;
}

Result<WitnessState> load_witness_state(const std::string& dir) {
  const std::string path = state_path(dir);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return WitnessState{};
    return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError("reading " + path + " failed");
  auto state = parse_witness_state(text.str());
  if (!state.ok()) return Status::Corruption(path + ": " + state.status().message());
  return state;
}

Status save_witness_state(const std::string& dir, const WitnessState& state) {
  return replace_file_durably(state_path(dir), witness_state_text(state));
}

}  // namespace auditgraph
