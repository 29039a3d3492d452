// Note keys on disk: a signer key file holds one "PRIVATE+KEY+..." line (mode 0600), and its
// verifier key sits beside it in FILE.pub. Where a command takes a verifier key it takes either
// the key's text or the path of a file holding it.
#pragma once

#include <string>

#include "auditgraph/note.h"
#include "auditgraph/status.h"

namespace auditgraph {

// Writes `signer` to `path` (created with mode 0600, never over an existing file) and its
// verifier key to `path`.pub, each one line; both files are synced. AlreadyExists when either
// exists; IOError naming the file and the reason otherwise. Nothing is left behind on error.
Status write_key_files(const NoteSigner& signer, const std::string& path);

// The signer key in the file `path`; `field` names the option in errors (e.g. "--signing-key").
// IOError when it cannot be read, InvalidArgument when it holds no signer key, or when the file
// can be read by anyone but its owner (a leaked key signs anything).
Result<NoteSigner> read_signer_key(const std::string& path, const std::string& field);

// `text_or_path` as a verifier key: its text, or the path of a file holding it.
Result<NoteVerifier> read_verifier_key(const std::string& text_or_path, const std::string& field);

// The whole file at `path`; IOError naming `field`, the path and the reason.
Result<std::string> read_text_file(const std::string& path, const std::string& field);

}  // namespace auditgraph
