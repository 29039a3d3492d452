// What a witness remembers: for each log (by origin) the last checkpoint it cosigned, kept in
// one text file in the witness's folder, one line a log:
//
//   <origin> <size> <base64 root>
//
// The file is replaced whole and durably (durable_file.h) each time a checkpoint is cosigned.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "auditgraph/checkpoint.h"
#include "auditgraph/status.h"

namespace auditgraph {

// Origin -> the last checkpoint cosigned for it. A log not in the map was never cosigned (its
// size counts as 0).
using WitnessState = std::map<std::string, Checkpoint, std::less<>>;

// The file's name inside the witness's folder.
inline constexpr std::string_view kWitnessStateFile = "cosigned";

std::string witness_state_text(const WitnessState& state);
// Corruption naming the line and the reason for text the witness did not write.
Result<WitnessState> parse_witness_state(std::string_view text);

// The state in folder `dir`: empty when the folder has no state file yet; IOError when it cannot
// be read, Corruption when it does not parse.
Result<WitnessState> load_witness_state(const std::string& dir);
// Replaces the state file in `dir` (which must exist) durably; IOError naming the file.
Status save_witness_state(const std::string& dir, const WitnessState& state);

}  // namespace auditgraph
