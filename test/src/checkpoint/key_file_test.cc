// Note keys on disk: the signer key private to its owner, the verifier key beside it, nothing
// ever overwritten, and keys taken as text or as files.
#include "src/checkpoint/key_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

using testing::TempDir;

TEST_CASE(
    "write_key_files: FILE is 0600 and FILE.pub holds the verifier key; neither is overwritten") {
  TempDir dir;
  const std::string path = dir.sub("log.key");
  auto signer = NoteSigner::Generate("auditgraph.test/mesh", NoteKeyType::kEd25519);
  REQUIRE(signer.ok());
  REQUIRE(write_key_files(*signer, path).ok());
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  auto back = read_signer_key(path, "--signing-key");
  REQUIRE_MESSAGE(back.ok(), back.status().to_string());
  CHECK(back->to_string() == signer->to_string());
  auto pub = read_verifier_key(path + ".pub", "--key");
  REQUIRE(pub.ok());
  CHECK(pub->to_string() == signer->verifier().to_string());
  CHECK(read_verifier_key(signer->verifier().to_string(), "--key").ok());  // as text too

  auto other = NoteSigner::Generate("other", NoteKeyType::kEd25519);
  CHECK(write_key_files(*other, path).code() == Status::Code::kAlreadyExists);
  CHECK(read_signer_key(path, "--signing-key")->to_string() == signer->to_string());
}

TEST_CASE("read_signer_key refuses a key file others can read, and files without a key") {
  TempDir dir;
  auto signer = NoteSigner::Generate("k", NoteKeyType::kEd25519);
  const std::string path = dir.sub("k");
  REQUIRE(write_key_files(*signer, path).ok());
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  auto r = read_signer_key(path, "--signing-key");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("can be read by others than its owner") != std::string::npos);

  REQUIRE(::chmod(path.c_str(), 0600) == 0);
  std::ofstream(dir.sub("empty")) << "";
  REQUIRE(::chmod(dir.sub("empty").c_str(), 0600) == 0);
  CHECK(read_signer_key(dir.sub("empty"), "--signing-key").status().is_invalid_argument());
  CHECK(read_signer_key(dir.sub("missing"), "--signing-key").status().code() ==
        Status::Code::kIOError);
  auto v = read_verifier_key("not-a-key", "--key");
  REQUIRE_FALSE(v.ok());
  CHECK(v.status().message().find("no file of that name") != std::string::npos);
}

}  // namespace
}  // namespace auditgraph
