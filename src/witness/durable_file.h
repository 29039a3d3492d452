// Replacing a small file so that a crash leaves either the old contents or the new, never a mix,
// and the new contents are on disk before the call returns.
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

}  // namespace auditgraph
