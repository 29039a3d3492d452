// The report's integrity section carries the signed checkpoint of the log size it read, and of
// the previous report's size, so an auditor can check both with the log's key alone:
//   log:  [0 .. 3) sample mesh events   checkpoint signed at 3
//         [3 .. n) the rest             checkpoint signed at n (pinned: the report reads n)
#include "src/report/report_checkpoint.h"

#include <doctest/doctest.h>

#include "auditgraph/checkpoint.h"
#include "auditgraph/note.h"
#include "src/report/report_json.h"
#include "src/sample_mesh.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

constexpr Timestamp kCheckpointStart{1'790'726'400'000'000'000};  // 2026-09-30T00:00:00Z
constexpr int64_t kDay = 86'400'000'000'000;

TEST_CASE("a report pinned to a signed checkpoint embeds it, and the previous report's too") {
  testing::TestStore store;
  std::array<uint8_t, 32> seed{};
  seed.fill(3);
  const NoteSigner key = *NoteSigner::FromSeed("auditgraph.test/mesh", NoteKeyType::kEd25519, seed);
  auto publisher = CheckpointPublisher::Create(*store.log, key, {});
  REQUIRE(publisher.ok());
  const auto events = sample_mesh_events(kCheckpointStart);
  REQUIRE(store.log->append(std::span(events).subspan(0, 3)).ok());
  REQUIRE((*publisher)->publish().ok());
  REQUIRE(store.log->append(std::span(events).subspan(3)).ok());

  ReportQuery q;
  q.from = Timestamp{kCheckpointStart.unix_nanos - kDay};
  q.to = Timestamp{kCheckpointStart.unix_nanos + kDay};
  q.since_size = 3;
  REQUIRE(pin_to_checkpoint(publisher->get(), *store.log, &q).ok());
  CHECK(q.log_size == events.size());  // a checkpoint of the head was signed for it
  auto report = compliance_report(*store.log, q);
  REQUIRE_MESSAGE(report.ok(), report.status().to_string());
  REQUIRE(report->checkpoint);
  REQUIRE(report->since_checkpoint);

  // Both notes open with the log's key alone, name the sizes the report states, and the
  // report's consistency proof links the two roots.
  auto now = open_note(*report->checkpoint, std::vector{key.verifier()});
  auto before = open_note(*report->since_checkpoint, std::vector{key.verifier()});
  REQUIRE((now.ok() && before.ok()));
  const Checkpoint cp_now = *Checkpoint::Parse(now->note.body);
  const Checkpoint cp_before = *Checkpoint::Parse(before->note.body);
  CHECK(cp_now.size == report->at.size);
  CHECK(cp_now.root == report->at.root);
  CHECK(cp_before.size == 3);
  CHECK(verify_consistency(cp_before.size, cp_now.size, cp_before.root, cp_now.root,
                           report->since->path)
            .ok());
  const auto doc = report_to_json(*report, false);
  const auto& integrity = doc["sections"][7]["tables"]["log"][0];
  CHECK(integrity["checkpoint"] == *report->checkpoint);
  CHECK(integrity["since_checkpoint"] == *report->since_checkpoint);
}

TEST_CASE("without a publisher the report reads the head and says no checkpoint is of its size") {
  testing::TestStore store;
  const auto events = sample_mesh_events(kCheckpointStart);
  REQUIRE(store.log->append(events).ok());
  ReportQuery q;
  q.from = Timestamp{kCheckpointStart.unix_nanos - kDay};
  q.to = Timestamp{kCheckpointStart.unix_nanos + kDay};
  REQUIRE(pin_to_checkpoint(nullptr, *store.log, &q).ok());
  CHECK_FALSE(q.log_size);
  auto report = compliance_report(*store.log, q);
  REQUIRE(report.ok());
  CHECK_FALSE(report->checkpoint);
  CHECK(report_to_json(*report, false)["sections"][7]["tables"]["log"][0]["checkpoint"].is_null());
}

}  // namespace
}  // namespace auditgraph
