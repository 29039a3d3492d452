// Signed notes, note keys, cosignatures and checkpoints against published answers: the example
// key of C2SP signed-note, the keys and the signed note of golang.org/x/mod/sumdb/note's tests,
// transparency-dev's cosignature key, and RFC 8032's Ed25519 test vector 2.
#include "auditgraph/note.h"

#include <doctest/doctest.h>
#include <openssl/evp.h>

#include "auditgraph/base64.h"
#include "auditgraph/checkpoint.h"

namespace ag = auditgraph;

namespace {

// C2SP signed-note's example verifier key (key ID 0x530d903a).
constexpr const char* kExampleKey =
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
// golang.org/x/mod/sumdb/note's test keys and note.
constexpr const char* kPeterKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr const char* kPeterSigner =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr const char* kEnochKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
constexpr const char* kPeterText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr const char* kPeterNote =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
// A cosignature/v1 (type 0x04) key of transparency-dev/formats' tests.
constexpr const char* kRemoraKey =
    "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";

std::array<uint8_t, 32> bytes32(const std::string& hex) {
  auto h = ag::Hash::FromHex(hex);
  REQUIRE(h.ok());
  return h->bytes;
}

}  // namespace

TEST_CASE("base64: RFC 4648's vectors, and only the canonical spelling") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    CAPTURE(plain);
    CHECK(ag::base64_encode(plain) == encoded);
    auto back = ag::base64_decode(encoded, "x");
    REQUIRE(back.ok());
    CHECK(*back == plain);
  }
  for (const char* bad : {"Zg=", "Zg", "Zh==", "Z===", "Zm9v\n", "Zm-v", "====", "Zg==Zg=="}) {
    CAPTURE(bad);
    auto r = ag::base64_decode(bad, "field");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().rfind("field: not base64", 0) == 0);
  }
}

TEST_CASE("note keys: the published keys parse, give their key IDs and print back byte for byte") {
  // transparency-dev/formats' key whose base64 holds a '+'.
  const char* plus_key = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6";
  for (const char* vkey : {kExampleKey, kPeterKey, kEnochKey, kRemoraKey, plus_key}) {
    CAPTURE(vkey);
    auto v = ag::NoteVerifier::Parse(vkey);
    REQUIRE_MESSAGE(v.ok(), v.status().to_string());
    CHECK(v->to_string() == vkey);
  }
  CHECK(ag::NoteVerifier::Parse(kExampleKey)->key_id() == 0x530d903au);
  CHECK(ag::NoteVerifier::Parse(kPeterKey)->key_id() == 0xc74f20a3u);
  CHECK(ag::NoteVerifier::Parse(kRemoraKey)->type == ag::NoteKeyType::kCosignatureV1);
  CHECK(ag::NoteVerifier::Parse(kRemoraKey)->key_id() == 0xda77ade7u);

  auto signer = ag::NoteSigner::Parse(kPeterSigner);
  REQUIRE_MESSAGE(signer.ok(), signer.status().to_string());
  CHECK(signer->to_string() == kPeterSigner);
  CHECK(signer->verifier().to_string() == kPeterKey);
}

TEST_CASE("note keys: each broken rule is refused, naming the field") {
  const std::string key = kExampleKey;
  const std::pair<std::string, const char*> refused[] = {
      {"example.com/foo", "three parts"},
      {"example.com/foo+530d903a", "three parts"},
      {"a b+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "a space"},
      {"+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "empty"},
      {"example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "8 hex digits"},
      {"example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "lower-case"},
      {"example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "does not match"},
      {key + "!", "not base64"},
      {"TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr7", "does not match"},
      {"example.com/foo+530d903a+AQI=", "1 + 32 bytes"},
      {"example.com/foo+530d903a+" +
           ag::base64_encode(std::string(1, '\x02') + std::string(32, 'k')),
       "key type 0x02"},
  };
  for (const auto& [text, why] : refused) {
    CAPTURE(text);
    auto v = ag::NoteVerifier::Parse(text, "--key");
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().is_invalid_argument());
    CHECK(v.status().message().rfind("--key", 0) == 0);
    CHECK(v.status().message().find(why) != std::string::npos);
  }
  CHECK_FALSE(ag::NoteSigner::Parse(kPeterKey).ok());  // a verifier key is no signer key
}

TEST_CASE("signed note: signing golang.org/x/mod's example gives its note byte for byte") {
  auto signer = ag::NoteSigner::Parse(kPeterSigner);
  REQUIRE(signer.ok());
  ag::Note note{kPeterText, {signer->sign(kPeterText)}};
  CHECK(note.to_string() == kPeterNote);

  auto peter = *ag::NoteVerifier::Parse(kPeterKey);
  auto enoch = *ag::NoteVerifier::Parse(kEnochKey);
  auto opened = ag::open_note(kPeterNote, std::vector{enoch, peter});
  REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
  CHECK(opened->note.body == kPeterText);
  REQUIRE(opened->verified_by.size() == 1);
  CHECK(opened->verified_by[0].name == "PeterNeumann");

  SUBCASE("no trusted key signed it") {
    auto r = ag::open_note(kPeterNote, std::vector{enoch});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == "note: signed by none of the trusted keys");
  }
  SUBCASE("a changed body does not verify") {
    std::string forged = kPeterNote;
    forged[3] = 'U';
    auto r = ag::open_note(forged, std::vector{peter});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().is_corruption());
    CHECK(r.status().message().find("PeterNeumann+c74f20a3: does not verify") != std::string::npos);
  }
}

TEST_CASE("signed note: malformed notes are refused with the reason") {
  const std::string body = "a\n";
  const std::string line = "\xE2\x80\x94 k " + ag::base64_encode(std::string(68, 'x')) + "\n";
  const std::pair<std::string, const char*> refused[] = {
      {body + line, "no empty line"},
      {body + "\n", "no signature lines"},
      {body + "\n" + line + "x", "does not end with a newline"},
      {"a\tb\n\n" + line, "control character"},
      {"a\xff\n\n" + line, "not UTF-8"},
      {body + "\n- k AAAAAAA=\n", "does not start with"},
      {body + "\n\xE2\x80\x94 k AAAA\n", "shorter than a key ID"},
      {body + "\n\xE2\x80\x94 k+1 " + ag::base64_encode(std::string(68, 'x')) + "\n", "'+'"},
  };
  for (const auto& [text, why] : refused) {
    CAPTURE(text);
    auto n = ag::Note::Parse(text);
    REQUIRE_FALSE(n.ok());
    CHECK(n.status().message().find(why) != std::string::npos);
  }
  std::string many = body + "\n";
  for (int i = 0; i < 101; ++i) many += line;
  CHECK(ag::Note::Parse(many).status().message().find("more than 100") != std::string::npos);
}

TEST_CASE("Ed25519: RFC 8032's test vector 2 through NoteSigner") {
  auto signer = ag::NoteSigner::FromSeed(
      "rfc8032", ag::NoteKeyType::kEd25519,
      bytes32("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
  REQUIRE(signer.ok());
  CHECK(ag::to_hex(std::string_view(
            reinterpret_cast<const char*>(signer->verifier().public_key.data()), 32)) ==
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  CHECK(ag::to_hex(signer->sign("r").signature) ==
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
}

TEST_CASE(
    "cosignature/v1: a timestamped Ed25519 signature over the header, the time and the body") {
  const std::array<uint8_t, 32> seed = bytes32(std::string(64, '7'));
  auto witness =
      ag::NoteSigner::FromSeed("witness.example/w1", ag::NoteKeyType::kCosignatureV1, seed);
  REQUIRE(witness.ok());
  const std::string body =
      "example.com/behind-the-sofa\n20852163\n"
      "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  const ag::NoteSignature sig = witness->sign(body, 1679315147);
  REQUIRE(sig.signature.size() == 72);
  CHECK(ag::to_hex(sig.signature.substr(0, 8)) == "00000000641850cb");  // 1679315147, big-endian

  // The key ID hashes the name, a newline, 0x04 and the key, as tlog-cosignature says.
  const ag::NoteVerifier& v = witness->verifier();
  std::string id_input = "witness.example/w1\n\x04";
  id_input.append(reinterpret_cast<const char*>(v.public_key.data()), 32);
  CHECK(sig.key_id ==
        (uint32_t(ag::sha256(id_input).bytes[0]) << 24 |
         uint32_t(ag::sha256(id_input).bytes[1]) << 16 |
         uint32_t(ag::sha256(id_input).bytes[2]) << 8 | ag::sha256(id_input).bytes[3]));

  // The signed message, checked with OpenSSL directly rather than through NoteVerifier.
  const std::string message = "cosignature/v1\ntime 1679315147\n" + body;
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, v.public_key.data(), 32);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  REQUIRE(EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1);
  CHECK(EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.signature.data() + 8), 64,
                         reinterpret_cast<const unsigned char*>(message.data()),
                         message.size()) == 1);
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);

  CHECK(v.verify(body, sig).ok());
  ag::NoteSignature later = sig;
  later.signature[7] ^= 1;  // another time: the signature no longer covers it
  CHECK(v.verify(body, later).is_corruption());
  auto opened = ag::open_note(ag::Note{body, {sig}}.to_string(), std::vector{v});
  REQUIRE(opened.ok());
  CHECK(opened->cosignature_times == std::vector<uint64_t>{1679315147});
}

TEST_CASE("checkpoint: three lines, origin, decimal size and base64 root") {
  ag::Checkpoint cp{"auditgraph.example.com/finance-mesh", 20852163,
                    *ag::Hash::FromBytes(*ag::base64_decode(
                        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "root"))};
  CHECK(cp.body() ==
        "auditgraph.example.com/finance-mesh\n20852163\nCsUYapGGPo4dkMgIAUqom/"
        "Xajj7h2fB2MPA3j2jxq2I=\n");
  auto back = ag::Checkpoint::Parse(cp.body());
  REQUIRE(back.ok());
  CHECK(*back == cp);
  CHECK(ag::Checkpoint::Parse(cp.body() + "extension line\n").ok());

  const std::pair<std::string, const char*> refused[] = {
      {"o\n12\n", "no root line"},
      {"o\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "leading zeroes"},
      {"o\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "not a decimal"},
      {"o\n1\nAAAA\n", "32 bytes"},
      {"a b\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "origin"},
  };
  for (const auto& [body, why] : refused) {
    CAPTURE(body);
    auto r = ag::Checkpoint::Parse(body);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find(why) != std::string::npos);
  }
}
