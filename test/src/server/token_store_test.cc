// Tokens: shown once, stored hashed, checked against every entry, revocable, and a damaged
// tokens file refused naming the entry and field.
#include "src/server/token_store.h"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <fstream>

#include "test/util/fixtures.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

TEST_CASE("tokens are stored hashed, authenticate their principal and role, and can be revoked") {
  testing::TempDir dir;
  const std::string path = dir.sub("tokens.json");
  TokenStore store(path);
  const Timestamp now{1'790'726'400'000'000'000};
  auto alice = store.add("alice", Role::kAudit, now);
  auto bot = store.add("ingest-bot", Role::kIngest, now);
  REQUIRE(alice.ok());
  REQUIRE(bot.ok());
  CHECK(alice->rfind("agt_", 0) == 0);
  CHECK(alice->size() == 4 + 64);
  CHECK(*alice != *bot);

  const std::string file = testing::read_file(path);
  CHECK(file.find(*alice) == std::string::npos);  // only the hash is kept
  CHECK(file.find(alice->substr(4)) == std::string::npos);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  auto loaded = TokenStore::Load(path);
  REQUIRE(loaded.ok());
  auto who = loaded->authenticate(*alice);
  REQUIRE(who);
  CHECK(who->principal == "alice");
  CHECK(who->role == Role::kAudit);
  CHECK(loaded->authenticate(*bot)->role == Role::kIngest);
  CHECK(!loaded->authenticate("agt_" + std::string(64, '0')));
  CHECK(!loaded->authenticate(""));

  const std::string id = loaded->entries().front().id;
  REQUIRE(loaded->revoke(id, now).ok());
  CHECK(loaded->revoke(id, now).code() == Status::Code::kFailedPrecondition);
  CHECK(loaded->revoke("tok_nope", now).code() == Status::Code::kNotFound);
  auto again = TokenStore::Load(path);
  REQUIRE(again.ok());
  CHECK(!again->authenticate(*alice));
  CHECK(again->authenticate(*bot));
  CHECK(again->entries().front().revoked_at.has_value());
  CHECK(store.add("", Role::kAdmin, now).status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("a damaged tokens file is refused naming the entry and the field") {
  testing::TempDir dir;
  const std::string path = dir.sub("tokens.json");
  auto write = [&](const std::string& text) { std::ofstream(path) << text; };
  write("not json");
  CHECK(TokenStore::Load(path).status().message().find("expected {\"tokens\"") !=
        std::string::npos);
  write(R"({"tokens": [{"id": "tok_1", "principal": "a", "role": "root", "sha256": ")" +
        std::string(64, 'a') + R"(", "created_at": "2026-01-01T00:00:00Z"}]})");
  CHECK(TokenStore::Load(path).status().message().find("/tokens/0/role") != std::string::npos);
  write(
      R"({"tokens": [{"id": "tok_1", "principal": "a", "role": "audit", "sha256": "abc", "created_at": "2026-01-01T00:00:00Z"}]})");
  CHECK(TokenStore::Load(path).status().message().find("/tokens/0/sha256") != std::string::npos);
  CHECK(TokenStore::Load(dir.sub("missing.json")).ok());  // no file yet: no tokens
}

}  // namespace
}  // namespace auditgraph
