// Small files a signer keeps (the witness's state, note keys), on disk before the call returns:
// replaced so that a crash leaves the old contents or the new, never a mix; or created new.
#pragma once

#include <string>

#include "auditgraph/status.h"

namespace auditgraph {

// Writes `text` to `path`.tmp (mode `mode`), fsyncs it, renames it over `path` and fsyncs the
// folder holding `path`, so the new contents survive a crash once this returns OK. IOError
// naming the file, the step and the reason otherwise; `path` then still holds its old contents
// (or, when only the folder's fsync failed, possibly the new ones). Not safe to call for the same
// `path` from two threads at once.
Status replace_file_durably(const std::string& path, const std::string& text, int mode = 0644);

// Creates `path` (mode `mode`; never over an existing file), writes `text`, fsyncs it and the
// folder holding it. AlreadyExists when `path` exists; IOError naming the file, the step and the
// reason otherwise, and then `path` is removed again (a half-written file is worse than none).
Status create_file_durably(const std::string& path, const std::string& text, int mode);

}  // namespace auditgraph
