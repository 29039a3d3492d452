// The witness's decisions (Witness) and its remembered state (WitnessService, witness_state):
// the C2SP tlog-witness answers for each kind of request, with proofs from real logs.
//
//   real log:  r0 r1 r2 r3 r4 r5 r6 r7          (access events 0..7)
//   fork:      f0 f1 f2 f3 f4 f5 f6 f7 f8 f9    (access events 100..109), signed by the same key
#include "src/witness/witness.h"

#include <doctest/doctest.h>

#include "auditgraph/base64.h"
#include "src/witness/add_checkpoint_request.h"
#include "src/witness/witness_service.h"
#include "src/witness/witness_state.h"
#include "test/util/temp_dir.h"
#include "test/util/test_log.h"
#include "test/util/witness_logs.h"

namespace auditgraph {
namespace {

using testing::add_body;
using testing::checkpoint_of;
using testing::kLogOrigin;
using testing::log_key;
using testing::signed_note;

NoteSigner witness_key() {
  return testing::test_key("witness.example/w1", NoteKeyType::kCosignatureV1, 2);
}

Witness make_witness() {
  auto w = Witness::Create(witness_key(), {log_key().verifier()});
  REQUIRE_MESSAGE(w.ok(), w.status().message());
  return std::move(w).value();
}

struct Logs {
  testing::TestStore real, fork;
  Logs() {
    testing::append_events(*real.log, 0, 8);
    testing::append_events(*fork.log, 100, 10);
  }
};

// Made once for the file (opening a store is most of these tests' time); the tests only read them.
const Logs& shared_logs() {
  static const Logs logs;
  return logs;
}

// OK when `reply` is a 200 whose line is the witness's valid cosignature of `cp` at `time`.
void check_cosigned(const WitnessReply& reply, const Checkpoint& cp, uint64_t time) {
  REQUIRE_MESSAGE(reply.status == 200, reply.body);
  REQUIRE(reply.cosigned);
  CHECK(*reply.cosigned == cp);
  const std::string note = signed_note(cp, log_key()) + reply.body;
  const std::vector<NoteVerifier> trusted{log_key().verifier(), witness_key().verifier()};
  auto opened = open_note(note, trusted);
  REQUIRE_MESSAGE(opened.ok(), opened.status().message());
  REQUIRE(opened->verified_by.size() == 2);
  CHECK(opened->cosignature_times[1] == time);
}

TEST_CASE("witness: cosigns a first checkpoint, then only checkpoints that extend it") {
  const Logs& logs = shared_logs();
  const Witness w = make_witness();
  WitnessState state;

  const WitnessReply first = w.add_checkpoint(state, add_body(*logs.real.log, 0, 3, log_key()), 7);
  check_cosigned(first, checkpoint_of(*logs.real.log, 3), 7);
  state[kLogOrigin] = *first.cosigned;

  const WitnessReply later = w.add_checkpoint(state, add_body(*logs.real.log, 3, 8, log_key()), 9);
  check_cosigned(later, checkpoint_of(*logs.real.log, 8), 9);
  state[kLogOrigin] = *later.cosigned;

  // The same checkpoint again is cosigned again (a retry after a lost reply).
  check_cosigned(w.add_checkpoint(state, add_body(*logs.real.log, 8, 8, log_key()), 10),
                 checkpoint_of(*logs.real.log, 8), 10);
}

TEST_CASE("witness: refusals, each with the spec's status") {
  const Logs& logs = shared_logs();
  const Witness w = make_witness();
  const WitnessState state{{kLogOrigin, checkpoint_of(*logs.real.log, 5)}};
  const EventLog& real = *logs.real.log;
  auto reply = [&](const std::string& body) { return w.add_checkpoint(state, body, 1); };

  SUBCASE("409 with the witness's size when old is not what it cosigned") {
    for (uint64_t old : {0, 3, 6}) {
      CAPTURE(old);
      const WitnessReply r = reply(add_body(real, old, 8, log_key()));
      CHECK(r.status == 409);
      CHECK(r.content_type == std::string("text/x.tlog.size"));
      CHECK(r.body == "5\n");
      CHECK(!r.cosigned);
    }
  }
  SUBCASE("403 when the log's signature does not verify") {
    const NoteSigner impostor = testing::test_key(kLogOrigin, NoteKeyType::kEd25519, 9);
    CHECK(reply(add_body(real, 5, 8, impostor)).status == 403);
    // A signature line by the log's name and ID over another body.
    const Checkpoint cp = checkpoint_of(real, 8);
    Note note{cp.body(), {log_key().sign(checkpoint_of(real, 7).body())}};
    CHECK(reply(add_checkpoint_body(5, real.prove_consistency(5, 8)->path, note.to_string()))
              .status == 403);
  }
  SUBCASE("404 for a log it does not witness") {
    const NoteSigner other = testing::test_key("other.example/log", NoteKeyType::kEd25519, 1);
    Checkpoint cp = checkpoint_of(real, 8);
    cp.origin = "other.example/log";
    CHECK(reply(add_checkpoint_body(0, {}, signed_note(cp, other))).status == 404);
  }
  SUBCASE("400 for a malformed body") {
    const std::string note = signed_note(checkpoint_of(real, 8), log_key());
    const std::string proof = base64_encode(real.prove_consistency(5, 8)->path[0].view());
    for (const std::string& body : std::vector<std::string>{
             "", "old 5\n", "old 05\n\n" + note, "old -5\n\n" + note,
          "old 5\n" + note, "old 5\nnot base64!\n\n" + note, "old 5\nAAAA\n\n" + note,
          "old 5\n\n" + checkpoint_of(real, 8).body(), "old 5\n\nno\ncheckpoint\nhere\n\n— x y\n",
          "old 9\n\n" + note}) {
      CAPTURE(body);
      CHECK(reply(body).status == 400);
    }
    std::string many = "old 5\n";
    for (int i = 0; i < 64; ++i) many += proof + "\n";
    CHECK(reply(many + "\n" + note).status == 400);
    // A proof from size 0, to a witness that never cosigned this log.
    CHECK(w.add_checkpoint({}, "old 0\n" + proof + "\n\n" + note, 1).status == 400);
  }
  SUBCASE("422 when the proof does not prove the new tree extends the old") {
    auto proof = real.prove_consistency(5, 8)->path;
    proof[0].bytes[0] ^= 1;
    const std::string note = signed_note(checkpoint_of(real, 8), log_key());
    CHECK(reply(add_checkpoint_body(5, proof, note)).status == 422);
    CHECK(reply(add_checkpoint_body(5, {}, note)).status == 422);
    // A proof where none belongs: the same size again.
    const std::string same = signed_note(checkpoint_of(real, 5), log_key());
    CHECK(reply(add_checkpoint_body(5, proof, same)).status == 422);
  }
  SUBCASE("a fork signed by the same key: 409 at the same size, 422 past it") {
    const EventLog& fork = *logs.fork.log;
    const WitnessReply same = reply(add_body(fork, 5, 5, log_key()));
    CHECK(same.status == 409);
    CHECK(same.body == "5\n");
    CHECK(reply(add_body(fork, 5, 10, log_key())).status == 422);
  }
}

// Everything a refusal could touch, before and after.
TEST_CASE("witness service: remembers what it cosigned durably, unchanged by refusals") {
  const Logs& logs = shared_logs();
  testing::TempDir dir;
  const EventLog& real = *logs.real.log;
  const EventLog& fork = *logs.fork.log;
  {
    auto service = WitnessService::Open(dir.sub("w"), make_witness(), nullptr, nullptr);
    REQUIRE_MESSAGE(service.ok(), service.status().message());
    CHECK((*service)->state().empty());
    REQUIRE((*service)->add_checkpoint(add_body(real, 0, 4, log_key())).status == 200);
    const WitnessState cosigned = (*service)->state();
    CHECK(cosigned.at(kLogOrigin) == checkpoint_of(real, 4));

    for (const std::string& refused :
         {add_body(real, 2, 8, log_key()), add_body(fork, 4, 10, log_key()),
          add_body(fork, 4, 4, log_key()), std::string("old 4\n")}) {
      CHECK((*service)->add_checkpoint(refused).status != 200);
      CHECK((*service)->state() == cosigned);
      CHECK(load_witness_state(dir.sub("w")).value() == cosigned);
    }
  }
  // A restart reads the state back and goes on from it.
  auto again = WitnessService::Open(dir.sub("w"), make_witness(), nullptr, nullptr);
  REQUIRE(again.ok());
  CHECK((*again)->state().at(kLogOrigin) == checkpoint_of(real, 4));
  CHECK((*again)->add_checkpoint(add_body(real, 0, 8, log_key())).status == 409);
  CHECK((*again)->add_checkpoint(add_body(real, 4, 8, log_key())).status == 200);
  CHECK(load_witness_state(dir.sub("w")).value().at(kLogOrigin) == checkpoint_of(real, 8));
}

TEST_CASE("witness state: its text round-trips, and a damaged file is Corruption") {
  const Logs& logs = shared_logs();
  Checkpoint other = checkpoint_of(*logs.fork.log, 10);
  other.origin = "b.example/log";
  const WitnessState state{{kLogOrigin, checkpoint_of(*logs.real.log, 8)},
                           {other.origin, other}};
  CHECK(parse_witness_state(witness_state_text(state)).value() == state);
  for (const std::string& bad : {std::string("a 1"), std::string("a 1 AAAA\n"),
                                 std::string("a b c d\n"),
                                 witness_state_text(state) + witness_state_text(state)}) {
    CAPTURE(bad);
    CHECK(parse_witness_state(bad).status().is_corruption());
  }
}

TEST_CASE("witness: keys of the wrong kind are refused") {
  CHECK(Witness::Create(log_key(), {log_key().verifier()}).status().is_invalid_argument());
  CHECK(Witness::Create(witness_key(), {witness_key().verifier()}).status().is_invalid_argument());
  CHECK(Witness::Create(witness_key(), {log_key().verifier(), log_key().verifier()})
            .status()
            .is_invalid_argument());
}

}  // namespace
}  // namespace auditgraph
