// Standard base64 (RFC 4648 section 4, with padding), as signed notes, checkpoints and tiles'
// clients write it. Pure functions in auditgraph_core.
#pragma once

#include <string>
#include <string_view>

#include "auditgraph/status.h"

namespace auditgraph {

// `bytes` in standard base64 with '=' padding.
std::string base64_encode(std::string_view bytes);

// The bytes `text` encodes. Only the canonical encoding is taken: the standard alphabet, padding
// to a multiple of four characters, zero unused bits, no whitespace; anything else is
// InvalidArgument naming `field` and the reason (so a note or a key has one spelling).
Result<std::string> base64_decode(std::string_view text, std::string_view field);

}  // namespace auditgraph
