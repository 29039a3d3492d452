// Signed notes (C2SP signed-note v1) with Ed25519 keys (RFC 8032, through OpenSSL 3), and the
// Ed25519 cosignatures of C2SP tlog-cosignature (cosignature/v1). Pure functions and value types
// in auditgraph_core, so an auditor's verifier needs nothing but libcrypto.
//
//   note      = body (UTF-8 text ending in "\n"), "\n", then one line per signature:
//               "— <key name> <base64(4-byte key ID || signature)>\n"   (U+2014, then a space)
//   key ID    = SHA-256(key name || 0x0A || type || 32-byte public key)[0:4]
//   type      = 0x01: Ed25519 over the body
//               0x04: cosignature/v1: the signature is an 8-byte big-endian POSIX time T then an
//                     Ed25519 signature over "cosignature/v1\ntime T\n" || body
//   verifier  = "<name>+<8 hex digits of key ID>+<base64(type || public key)>"
//   signer    = "PRIVATE+KEY+<name>+<8 hex digits of key ID>+<base64(type || 32-byte seed)>"
//
// Thread safety: every type here is a value; const methods may be called from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/status.h"

namespace auditgraph {

enum class NoteKeyType : uint8_t {
  kEd25519 = 0x01,        // a log's (or anyone's) signature over the note body
  kCosignatureV1 = 0x04,  // a witness's timestamped cosignature of a checkpoint
};

// OK when `name` can name a key: non-empty, valid UTF-8 without spaces, controls or '+'.
// InvalidArgument naming `field` otherwise.
Status check_key_name(std::string_view name, std::string_view field);

// One signature line of a note.
struct NoteSignature {
  std::string name;  // the key name
  uint32_t key_id = 0;
  std::string signature;  // the bytes after the key ID (64, or 72 for cosignature/v1)
  friend bool operator==(const NoteSignature&, const NoteSignature&) = default;
};

// A verifier key: who may have signed, and how to check it.
struct NoteVerifier {
  std::string name;
  NoteKeyType type = NoteKeyType::kEd25519;
  std::array<uint8_t, 32> public_key{};

  uint32_t key_id() const;
  // The vkey text ("<name>+<hex id>+<base64>").
  std::string to_string() const;
  // A vkey; InvalidArgument naming `field` and what is wrong (the name, the ID that does not
  // match the key, an unknown type, a key of the wrong length).
  static Result<NoteVerifier> Parse(std::string_view vkey, std::string_view field = "key");

  // OK when `sig` (by this key's name and ID) is a valid signature of `body`; Corruption saying
  // why not. For a cosignature the time is read from the signature itself.
  Status verify(std::string_view body, const NoteSignature& sig) const;
  // Whether a signature line claims to be by this key (same name and key ID).
  bool names(const NoteSignature& sig) const { return sig.name == name && sig.key_id == key_id(); }
};

// A signer key: the Ed25519 seed under a name. A value; copying copies the secret.
class NoteSigner {
 public:
  // A new key from the system's random source (OpenSSL's RAND_bytes). InvalidArgument for a bad
  // name; IOError when no randomness or key could be had.
  static Result<NoteSigner> Generate(std::string_view name, NoteKeyType type);
  // The key of a given 32-byte seed (known-answer tests, restored keys).
  static Result<NoteSigner> FromSeed(std::string_view name, NoteKeyType type,
                                     const std::array<uint8_t, 32>& seed);
  // A "PRIVATE+KEY+..." text; InvalidArgument naming `field` and what is wrong.
  static Result<NoteSigner> Parse(std::string_view skey, std::string_view field = "key");

  // The signer key's text. Secret: write it only to a file of mode 0600.
  std::string to_string() const;
  const NoteVerifier& verifier() const { return verifier_; }

  // Signs `body` as a note signature line of this key. For kEd25519 `time` is ignored; for
  // kCosignatureV1 it is the POSIX time the cosignature states.
  NoteSignature sign(std::string_view body, uint64_t time = 0) const;

 private:
  NoteSigner() = default;
  std::array<uint8_t, 32> seed_{};
  NoteVerifier verifier_;
};

// A note split into its body and signature lines; nothing is verified.
struct Note {
  std::string body;
  std::vector<NoteSignature> signatures;

  // The note's text: body, empty line, signature lines. REQUIRES: body ends with '\n'.
  std::string to_string() const;
  // Splits `text`; InvalidArgument naming `field` and the reason for text that is not a note
  // (not UTF-8, a control character other than '\n', no empty line before the signatures, a
  // malformed signature line, more than 100 signatures).
  static Result<Note> Parse(std::string_view text, std::string_view field = "note");
};

// The outcome of checking a note against the keys one trusts.
struct OpenedNote {
  Note note;
  std::vector<NoteVerifier> verified_by;    // every trusted key whose signature verified
  std::vector<NoteSignature> unverified;    // lines by keys not among the trusted ones
  std::vector<uint64_t> cosignature_times;  // per verified_by entry: its time (0 for kEd25519)
};

// Parses `text` and checks every signature line that names one of `trusted` (by name and key
// ID). Corruption naming the key when such a line does not verify; Corruption when no trusted
// key signed the note at all; InvalidArgument when `text` is not a note.
Result<OpenedNote> open_note(std::string_view text, std::span<const NoteVerifier> trusted,
                             std::string_view field = "note");

}  // namespace auditgraph
