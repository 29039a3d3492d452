#include "auditgraph/note.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "auditgraph/base64.h"
#include "auditgraph/hash.h"

namespace auditgraph {
namespace {

constexpr std::string_view kDash = "\xE2\x80\x94 ";  // U+2014 and a space: a signature line
constexpr std::string_view kPrivatePrefix = "PRIVATE+KEY+";
constexpr std::string_view kCosignatureHeader = "cosignature/v1\ntime ";
constexpr size_t kMaxSignatures = 100;
constexpr size_t kEd25519SignatureBytes = 64;

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// The length of the UTF-8 sequence starting at s[i] and its code point; 0 when malformed.
size_t utf8_at(std::string_view s, size_t i, uint32_t* cp) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
  const uint8_t c = b(0);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t v = n == 1 ? c : c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    v = v << 6 | (b(k) & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < kMin[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;  // overlong, surrogate
  *cp = v;
  return n;
}

bool is_unicode_space(uint32_t cp) {
  return cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

uint32_t read_u32_be(std::string_view b) {
  return uint32_t(uint8_t(b[0])) << 24 | uint32_t(uint8_t(b[1])) << 16 |
         uint32_t(uint8_t(b[2])) << 8 | uint8_t(b[3]);
}

std::string u32_be(uint32_t v) { return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; }

std::string hex8(uint32_t v) { return to_hex(u32_be(v)); }

std::string_view as_view(const std::array<uint8_t, 32>& a) {
  return {reinterpret_cast<const char*>(a.data()), a.size()};
}

// What a signature of `type` signs: the body itself, or for a cosignature its header and time.
std::string signed_message(NoteKeyType type, std::string_view body, uint64_t time) {
  if (type == NoteKeyType::kEd25519) return std::string(body);
  std::string m(kCosignatureHeader);
  m += std::to_string(time);
  m += '\n';
  m += body;
  return m;
}

// The type byte, name and key bytes shared by signer and verifier key texts:
// "<name>+<hex id>+<base64(type || key)>", checked against each other.
struct KeyParts {
  std::string name;
  NoteKeyType type;
  std::array<uint8_t, 32> key;
  uint32_t id;
};

Result<KeyParts> parse_key_parts(std::string_view text, std::string_view field) {
  const size_t plus1 = text.find('+');
  const size_t plus2 = plus1 == std::string_view::npos ? plus1 : text.find('+', plus1 + 1);
  // The base64 key may hold '+' itself: only the first two separate the parts.
  if (plus2 == std::string_view::npos) {
    return Status::InvalidArgument(std::string(field) +
                                   ": a key is <name>+<key ID>+<base64 key>, three parts");
  }
  KeyParts parts;
  parts.name = std::string(text.substr(0, plus1));
  if (Status s = check_key_name(parts.name, std::string(field) + ": name"); !s.ok()) return s;
  const std::string_view id_hex = text.substr(plus1 + 1, plus2 - plus1 - 1);
  auto id = Hash::FromHex(std::string(id_hex) + std::string(56, '0'), "");
  if (id_hex.size() != 8 || !id.ok()) {
    return Status::InvalidArgument(std::string(field) + ": key ID '" + std::string(id_hex) +
                                   "' is not 8 hex digits");
  }
  parts.id = read_u32_be(id->view());
  if (hex8(parts.id) != id_hex) {
    return Status::InvalidArgument(std::string(field) + ": key ID '" + std::string(id_hex) +
                                   "' is not in lower-case hex");
  }
  auto raw = base64_decode(text.substr(plus2 + 1), std::string(field) + ": key");
  if (!raw.ok()) return raw.status();
  if (raw->size() != 33) {
    return Status::InvalidArgument(std::string(field) + ": an Ed25519 key is 1 + 32 bytes, got " +
                                   std::to_string(raw->size()));
  }
  const uint8_t type = static_cast<uint8_t>((*raw)[0]);
  if (type != uint8_t(NoteKeyType::kEd25519) && type != uint8_t(NoteKeyType::kCosignatureV1)) {
    return Status::InvalidArgument(std::string(field) + ": key type 0x" +
                                   to_hex(raw->substr(0, 1)) +
                                   " is not Ed25519 (0x01) or cosignature/v1 (0x04)");
  }
  parts.type = static_cast<NoteKeyType>(type);
  for (size_t i = 0; i < 32; ++i) parts.key[i] = static_cast<uint8_t>((*raw)[1 + i]);
  return parts;
}

std::string key_text(std::string_view name, uint32_t id, NoteKeyType type,
                     const std::array<uint8_t, 32>& key) {
  std::string raw(1, static_cast<char>(type));
  raw += as_view(key);
  return std::string(name) + "+" + hex8(id) + "+" + base64_encode(raw);
}

}  // namespace

Status check_key_name(std::string_view name, std::string_view field) {
  if (name.empty()) return Status::InvalidArgument(std::string(field) + ": is empty");
  for (size_t i = 0; i < name.size();) {
    uint32_t cp = 0;
    const size_t n = utf8_at(name, i, &cp);
    if (n == 0) {
      return Status::InvalidArgument(std::string(field) + ": not UTF-8 at byte " +
                                     std::to_string(i));
    }
    if (cp == '+' || cp < 0x20 || cp == 0x7F || is_unicode_space(cp)) {
      return Status::InvalidArgument(std::string(field) + ": '" + std::string(name) +
                                     "' has a space, a control character or '+' at byte " +
                                     std::to_string(i));
    }
    i += n;
  }
  return Status::Ok();
}

uint32_t NoteVerifier::key_id() const {
  std::string m = name;
  m += '\n';
  m += static_cast<char>(type);
  m += as_view(public_key);
  return read_u32_be(sha256(m).view());
}

std::string NoteVerifier::to_string() const { return key_text(name, key_id(), type, public_key); }

Result<NoteVerifier> NoteVerifier::Parse(std::string_view vkey, std::string_view field) {
  auto parts = parse_key_parts(vkey, field);
  if (!parts.ok()) return parts.status();
  NoteVerifier v{parts->name, parts->type, parts->key};
  if (v.key_id() != parts->id) {
    return Status::InvalidArgument(std::string(field) + ": key ID " + hex8(parts->id) +
                                   " does not match the key (its ID is " + hex8(v.key_id()) + ")");
  }
  return v;
}

Status NoteVerifier::verify(std::string_view body, const NoteSignature& sig) const {
  const std::string who = "signature by " + name + "+" + hex8(key_id());
  if (!names(sig)) return Status::Corruption(who + ": the line names another key");
  uint64_t time = 0;
  std::string_view ed = sig.signature;
  if (type == NoteKeyType::kCosignatureV1) {
    if (sig.signature.size() != 8 + kEd25519SignatureBytes) {
      return Status::Corruption(who + ": a cosignature is 72 bytes, got " +
                                std::to_string(sig.signature.size()));
    }
    for (int i = 0; i < 8; ++i) time = time << 8 | static_cast<uint8_t>(sig.signature[i]);
    if (time >> 63) return Status::Corruption(who + ": the cosignature's time is past 2^63 - 1");
    ed = ed.substr(8);
  } else if (sig.signature.size() != kEd25519SignatureBytes) {
    return Status::Corruption(who + ": an Ed25519 signature is 64 bytes, got " +
                              std::to_string(sig.signature.size()));
  }
  Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), 32));
  MdCtx ctx(EVP_MD_CTX_new());
  if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return Status::Corruption(who + ": the public key is not a usable Ed25519 key");
  }
  const std::string message = signed_message(type, body, time);
  if (EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(ed.data()), ed.size(),
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
    return Status::Corruption(who + ": does not verify over the note's body");
  }
  return Status::Ok();
}

Result<NoteSigner> NoteSigner::FromSeed(std::string_view name, NoteKeyType type,
                                        const std::array<uint8_t, 32>& seed) {
  if (Status s = check_key_name(name, "name"); !s.ok()) return s;
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), 32));
  NoteSigner signer;
  size_t len = 32;
  if (!key ||
      EVP_PKEY_get_raw_public_key(key.get(), signer.verifier_.public_key.data(), &len) != 1 ||
      len != 32) {
    return Status::IOError("OpenSSL could not make an Ed25519 key from the seed");
  }
  signer.seed_ = seed;
  signer.verifier_.name = std::string(name);
  signer.verifier_.type = type;
  return signer;
}

Result<NoteSigner> NoteSigner::Generate(std::string_view name, NoteKeyType type) {
  std::array<uint8_t, 32> seed{};
  if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1) {
    return Status::IOError("OpenSSL's random source failed");
  }
  return FromSeed(name, type, seed);
}

Result<NoteSigner> NoteSigner::Parse(std::string_view skey, std::string_view field) {
  if (skey.substr(0, kPrivatePrefix.size()) != kPrivatePrefix) {
    return Status::InvalidArgument(std::string(field) + ": a signer key starts with PRIVATE+KEY+");
  }
  auto parts = parse_key_parts(skey.substr(kPrivatePrefix.size()), field);
  if (!parts.ok()) return parts.status();
  auto signer = FromSeed(parts->name, parts->type, parts->key);
  if (!signer.ok()) return signer.status();
  if (signer->verifier_.key_id() != parts->id) {
    return Status::InvalidArgument(std::string(field) + ": key ID " + hex8(parts->id) +
                                   " does not match the key (its ID is " +
                                   hex8(signer->verifier_.key_id()) + ")");
  }
  return signer;
}

std::string NoteSigner::to_string() const {
  return std::string(kPrivatePrefix) +
         key_text(verifier_.name, verifier_.key_id(), verifier_.type, seed_);
}

NoteSignature NoteSigner::sign(std::string_view body, uint64_t time) const {
  const std::string message = signed_message(verifier_.type, body, time);
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed_.data(), 32));
  MdCtx ctx(EVP_MD_CTX_new());
  unsigned char sig[kEd25519SignatureBytes];
  size_t len = sizeof sig;
  // The key was made from this seed by FromSeed, and Ed25519 signing has no other failure than
  // an allocation's: a failure here is a broken OpenSSL, not an input the caller can fix.
  if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig, &len, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1 ||
      len != sizeof sig) {
    std::abort();
  }
  NoteSignature out{verifier_.name, verifier_.key_id(), {}};
  if (verifier_.type == NoteKeyType::kCosignatureV1) {
    for (int shift = 56; shift >= 0; shift -= 8) out.signature += static_cast<char>(time >> shift);
  }
  out.signature.append(reinterpret_cast<const char*>(sig), len);
  return out;
}

std::string Note::to_string() const {
  std::string out = body;
  out += '\n';
  for (const NoteSignature& s : signatures) {
    out += kDash;
    out += s.name;
    out += ' ';
    out += base64_encode(u32_be(s.key_id) + s.signature);
    out += '\n';
  }
  return out;
}

Result<Note> Note::Parse(std::string_view text, std::string_view field) {
  auto refuse = [&](const std::string& why) {
    return Status::InvalidArgument(std::string(field) + ": " + why);
  };
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t n = utf8_at(text, i, &cp);
    if (n == 0) return refuse("not UTF-8 at byte " + std::to_string(i));
    if ((cp < 0x20 && cp != '\n') || cp == 0x7F) {
      return refuse("a control character at byte " + std::to_string(i));
    }
    i += n;
  }
  const size_t split = text.rfind("\n\n");
  if (split == std::string_view::npos) {
    return refuse("no empty line between the body and the signatures");
  }
  if (text.empty() || text.back() != '\n') return refuse("does not end with a newline");
  Note note;
  note.body = std::string(text.substr(0, split + 1));
  std::string_view rest = text.substr(split + 2);
  if (rest.empty()) return refuse("has no signature lines");
  while (!rest.empty()) {
    const size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
    const std::string where = "signature line " + std::to_string(note.signatures.size() + 1);
    if (line.substr(0, kDash.size()) != kDash) {
      return refuse(where + ": does not start with '\xE2\x80\x94 '");
    }
    line.remove_prefix(kDash.size());
    const size_t space = line.rfind(' ');
    if (space == std::string_view::npos) return refuse(where + ": no space before the signature");
    NoteSignature sig;
    sig.name = std::string(line.substr(0, space));
    if (Status s = check_key_name(sig.name, std::string(field) + ": " + where + ": key name");
        !s.ok()) {
      return s;
    }
    auto raw = base64_decode(line.substr(space + 1), std::string(field) + ": " + where);
    if (!raw.ok()) return raw.status();
    if (raw->size() < 5) return refuse(where + ": shorter than a key ID and a signature");
    sig.key_id = read_u32_be(*raw);
    sig.signature = raw->substr(4);
    note.signatures.push_back(std::move(sig));
    if (note.signatures.size() > kMaxSignatures) {
      return refuse("more than " + std::to_string(kMaxSignatures) + " signatures");
    }
  }
  return note;
}

Result<OpenedNote> open_note(std::string_view text, std::span<const NoteVerifier> trusted,
                             std::string_view field) {
  auto note = Note::Parse(text, field);
  if (!note.ok()) return note.status();
  OpenedNote out;
  for (const NoteSignature& sig : note->signatures) {
    const NoteVerifier* key = nullptr;
    for (const NoteVerifier& v : trusted) {
      if (v.names(sig)) key = &v;
    }
    if (key == nullptr) {
      out.unverified.push_back(sig);
      continue;
    }
    if (Status s = key->verify(note->body, sig); !s.ok()) {
      return Status::Corruption(std::string(field) + ": " + s.message());
    }
    uint64_t time = 0;
    if (key->type == NoteKeyType::kCosignatureV1) {
      for (int i = 0; i < 8; ++i) time = time << 8 | static_cast<uint8_t>(sig.signature[i]);
    }
    out.verified_by.push_back(*key);
    out.cosignature_times.push_back(time);
  }
  if (out.verified_by.empty()) {
    return Status::Corruption(std::string(field) + ": signed by none of the trusted keys");
  }
  out.note = *std::move(note);
  return out;
}

}  // namespace auditgraph
