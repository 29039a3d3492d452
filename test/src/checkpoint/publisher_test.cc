// CheckpointPublisher over a real log: signed checkpoints of the head, kept by size in the store,
// published on demand, and only with a quorum of valid cosignatures. The cosigners here are
// in-process ones that sign with a real cosignature/v1 key (the HTTP witness has its own tests
// in test/src/witness/).
#include "src/checkpoint/publisher.h"

#include <doctest/doctest.h>

#include "auditgraph/checkpoint.h"
#include "test/util/events.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

using testing::access_event;
using testing::TestStore;

NoteSigner log_key() {
  std::array<uint8_t, 32> seed{};
  seed.fill(0x11);
  return *NoteSigner::FromSeed("auditgraph.test/mesh", NoteKeyType::kEd25519, seed);
}

// Cosigns whatever it is asked, with a real key; or, when `forge`, with a signature over
// another body; or refuses with `refusal`.
class LocalCosigner final : public Cosigner {
 public:
  explicit LocalCosigner(uint8_t seed_byte)
      : signer_(*NoteSigner::FromSeed("witness" + std::to_string(seed_byte) + ".test",
                                      NoteKeyType::kCosignatureV1, seed(seed_byte))) {}
  const NoteVerifier& key() const override { return signer_.verifier(); }
  Result<NoteSignature> cosign(const std::string&, const Checkpoint& cp, const EventLog&) override {
    ++calls;
    if (!refusal.ok()) return refusal;
    return signer_.sign(forge ? cp.body() + "x" : cp.body(), 1'790'000'000);
  }
  Status refusal;
  bool forge = false;
  int calls = 0;

 private:
  static std::array<uint8_t, 32> seed(uint8_t b) {
    std::array<uint8_t, 32> s{};
    s.fill(b);
    return s;
  }
  NoteSigner signer_;
};

void append(EventLog& log, uint64_t from, uint64_t count) {
  std::vector<Event> batch;
  for (uint64_t i = from; i < from + count; ++i) batch.push_back(access_event(i));
  REQUIRE(log.append(batch).ok());
}

TEST_CASE("publish: a signed checkpoint of the head, kept by size, only when the head moved") {
  TestStore store;
  auto publisher = CheckpointPublisher::Create(*store.log, log_key(), {});
  REQUIRE(publisher.ok());
  CHECK(store.log->signed_checkpoint().status().is_not_found());
  append(*store.log, 0, 3);

  auto first = (*publisher)->publish();
  REQUIRE_MESSAGE(first.ok(), first.status().to_string());
  CHECK(first->head == store.log->head());
  const NoteVerifier key = log_key().verifier();
  auto opened = open_note(first->note, std::vector{key});
  REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
  CHECK(Checkpoint::Parse(opened->note.body).value() ==
        Checkpoint{"auditgraph.test/mesh", 3, store.log->head().root});
  // The published checkpoint is the log's promise too: open refuses a store below it.
  CHECK(store.log->checkpoint().value() == first->head);

  auto again = (*publisher)->publish();  // nothing appended: the same note, not a new one
  REQUIRE(again.ok());
  CHECK(again->note == first->note);

  append(*store.log, 3, 2);
  auto second = (*publisher)->publish();
  REQUIRE(second.ok());
  CHECK(second->head.size == 5);
  CHECK(store.log->signed_checkpoint().value().note == second->note);
  CHECK(store.log->signed_checkpoint(3).value().note == first->note);  // every note is kept
  CHECK(store.log->signed_checkpoint(4).status().is_not_found());
  CHECK((*publisher)->stats().published == 2);

  // A publisher opened on a store whose head is already signed publishes nothing new.
  auto reopened = CheckpointPublisher::Create(*store.log, log_key(), {});
  REQUIRE(reopened.ok());
  CHECK((*reopened)->publish().value().note == second->note);
  CHECK((*reopened)->stats().published == 0);
  CHECK((*reopened)->stats().last_size == 5);
}

TEST_CASE("covering: the latest checkpoint at least that large, published on demand") {
  TestStore store;
  auto publisher = CheckpointPublisher::Create(*store.log, log_key(), {});
  REQUIRE(publisher.ok());
  append(*store.log, 0, 2);
  REQUIRE((*publisher)->publish().ok());
  append(*store.log, 2, 2);
  CHECK((*publisher)->covering(1).value().head.size == 2);  // the one published covers it
  CHECK((*publisher)->covering(3).value().head.size == 4);  // a new one, of the head
  auto beyond = (*publisher)->covering(9);
  REQUIRE_FALSE(beyond.ok());
  CHECK(beyond.status().message() == "the log has 4 records, fewer than 9");
}

TEST_CASE("witnesses: published only with a quorum of cosignatures that verify") {
  TestStore store;
  append(*store.log, 0, 4);
  auto a = std::make_shared<LocalCosigner>(0x21);
  auto b = std::make_shared<LocalCosigner>(0x22);
  PublisherOptions options;
  options.witnesses = {a, b};
  options.quorum = 2;
  auto publisher = CheckpointPublisher::Create(*store.log, log_key(), options);
  REQUIRE(publisher.ok());

  SUBCASE("both cosign: the note carries the log's signature and both cosignatures") {
    auto published = (*publisher)->publish();
    REQUIRE_MESSAGE(published.ok(), published.status().to_string());
    auto opened = open_note(published->note, std::vector{log_key().verifier(), a->key(), b->key()});
    REQUIRE(opened.ok());
    CHECK(opened->verified_by.size() == 3);
    CHECK(opened->cosignature_times == std::vector<uint64_t>{0, 1'790'000'000, 1'790'000'000});
  }
  SUBCASE("one refuses: nothing is published, and the refusal is counted") {
    b->refusal = Status::FailedPrecondition("witness says: fork");
    auto published = (*publisher)->publish();
    REQUIRE_FALSE(published.ok());
    CHECK(published.status().message().find("1 of the 2 cosignatures needed") != std::string::npos);
    CHECK(published.status().message().find("witness34.test: witness says: fork") !=
          std::string::npos);
    CHECK(store.log->signed_checkpoint().status().is_not_found());
    CHECK(store.log->checkpoint().status().is_not_found());
    CHECK((*publisher)->stats().failed == 1);
    CHECK((*publisher)->stats().witness_refusals == 1);
  }
  SUBCASE("a cosignature that does not verify counts as a refusal") {
    a->forge = true;
    REQUIRE_FALSE((*publisher)->publish().ok());
    CHECK((*publisher)->stats().witness_refusals == 1);
  }
}

TEST_CASE("Create refuses a witness key as the log's key, and a quorum above the witnesses") {
  TestStore store;
  std::array<uint8_t, 32> seed{};
  auto witness_key = *NoteSigner::FromSeed("w.test", NoteKeyType::kCosignatureV1, seed);
  CHECK(CheckpointPublisher::Create(*store.log, witness_key, {}).status().is_invalid_argument());
  PublisherOptions options;
  options.quorum = 1;
  auto r = CheckpointPublisher::Create(*store.log, log_key(), options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "--witness-quorum: 1 is more than the 0 witnesses given");
}

TEST_CASE("run: appends are followed by a checkpoint without anyone asking") {
  TestStore store;
  PublisherOptions options;
  options.interval = std::chrono::milliseconds(1);
  auto publisher = CheckpointPublisher::Create(*store.log, log_key(), options);
  REQUIRE(publisher.ok());
  (*publisher)->start();
  append(*store.log, 0, 2);
  (*publisher)->poke();
  // Waits for the thread's publish (bounded: the test fails rather than hangs).
  for (int i = 0; i < 2000 && !store.log->signed_checkpoint().ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE(store.log->signed_checkpoint().ok());
  CHECK(store.log->signed_checkpoint()->head.size == 2);
}

}  // namespace
}  // namespace auditgraph
