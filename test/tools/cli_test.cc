// The CLI end to end: runs the real binary against a real store.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "auditgraph/event_log.h"
#include "auditgraph/merkle.h"
#include "storage/keys.h"
#include "test/util/raw_store.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

struct Output {
  int exit_code;
  std::string out;
};

// Runs `auditgraph <args>` and captures stdout (stderr goes to the test log).
Output cli(const std::string& args) {
  const char* bin = std::getenv("AUDITGRAPH_CLI");
  REQUIRE_MESSAGE(bin != nullptr, "AUDITGRAPH_CLI is set by meson test");
  std::string cmd = std::string(bin) + " " + args;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = ::pclose(p);
  return {WEXITSTATUS(status), out};
}

std::vector<Hash> hashes(const nlohmann::json& list) {
  std::vector<Hash> out;
  for (const auto& h : list) out.push_back(Hash::FromHex(h.get<std::string>()).value());
  return out;
}

TEST_CASE("demo, head, show, prove and verify agree with each other and with RFC 6962") {
  testing::TempDir dir;
  std::string store = "--store " + dir.sub("store") + " ";
  Output demo = cli(store + "demo --small");
  REQUIRE(demo.exit_code == 0);
  CHECK(demo.out.find("inclusion proof checks out: yes") != std::string::npos);

  auto head = nlohmann::json::parse(cli(store + "log head --json").out);
  uint64_t size = head["size"];
  REQUIRE(size > 10);

  // A second demo is an idempotent retry: nothing new is written.
  REQUIRE(cli(store + "demo --small").exit_code == 0);
  CHECK(nlohmann::json::parse(cli(store + "log head --json").out) == head);

  auto shown = nlohmann::json::parse(cli(store + "log show 4").out);
  CHECK(shown["seq"] == 4);
  CHECK(shown["kind"] == "run");

  // Anyone can recompute the root from the raw leaves.
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < size; ++i) {
    std::string hex = cli(store + "log show " + std::to_string(i) + " --raw").out;
    while (!hex.empty() && hex.back() == '\n') hex.pop_back();
    std::string bytes;
    for (size_t j = 0; j + 1 < hex.size(); j += 2)
      bytes.push_back(static_cast<char>(std::stoi(hex.substr(j, 2), nullptr, 16)));
    leaves.push_back(merkle_leaf_hash(bytes));
  }
  CHECK(merkle_root(leaves).hex() == head["root"]);

  auto incl = nlohmann::json::parse(cli(store + "prove inclusion 3 --size 9 --json").out);
  CHECK(incl["seq"] == 3);
  CHECK(incl["size"] == 9);
  CHECK(incl["leaf_hash"] == leaves[3].hex());
  CHECK(incl["root"] == merkle_root(std::span(leaves).subspan(0, 9)).hex());
  CHECK(verify_inclusion(3, 9, leaves[3], hashes(incl["proof"]),
                         Hash::FromHex(incl["root"].get<std::string>()).value())
            .ok());

  auto cons = nlohmann::json::parse(
      cli(store + "prove consistency 5 " + std::to_string(size) + " --json").out);
  CHECK(cons["from"] == 5);
  CHECK(cons["to"] == size);
  CHECK(cons["to_root"] == head["root"]);
  CHECK(verify_consistency(5, size, Hash::FromHex(cons["from_root"].get<std::string>()).value(),
                           Hash::FromHex(cons["to_root"].get<std::string>()).value(),
                           hashes(cons["proof"]))
            .ok());

  CHECK(cli(store + "verify").exit_code == 0);
  CHECK(cli(store + "log show " + std::to_string(size)).exit_code == 1);
  CHECK(cli(store + "prove inclusion 0 --size " + std::to_string(size + 1)).exit_code == 1);
  CHECK(cli(store + "log nonsense").exit_code == 2);
}

TEST_CASE("demo loads the generated mesh once and runs its example queries") {
  testing::TempDir dir;
  const std::string store = "--store " + dir.sub("store") + " ";
  Output demo = cli(store + "demo --scale 2 --seed 5");
  REQUIRE(demo.exit_code == 0);
  CHECK(demo.out.find("demo mesh (scale 2, seed 5)") != std::string::npos);
  CHECK(demo.out.find(" 0 already logged") != std::string::npos);
  CHECK(demo.out.find("inclusion proof checks out: yes") != std::string::npos);
  Output again = cli(store + "demo --scale 2 --seed 5");
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find(" 0 new,") != std::string::npos);
  CHECK(cli(store + "demo --scale 0").exit_code == 2);
}

TEST_CASE("verify exits non-zero and names the first bad seq of a tampered store") {
  testing::TempDir dir;
  std::string path = dir.sub("store");
  REQUIRE(cli("--store " + path + " demo --small").exit_code == 0);
  {
    testing::RawStore raw(path);
    std::string v = raw.get(raw.log(), storage::seq_key(6));
    v[v.size() - 12] ^= 0x20;
    raw.put(raw.log(), storage::seq_key(6), v);
  }
  Output out = cli("--store " + path + " verify --json");
  CHECK(out.exit_code == 1);
  auto j = nlohmann::json::parse(out.out);
  CHECK(j["ok"] == false);
  CHECK(j["first_bad_seq"] == 6);
}

TEST_CASE("verify still examines a store that open refuses: a head rewritten to hide records") {
  testing::TempDir dir;
  std::string path = dir.sub("store");
  REQUIRE(cli("--store " + path + " demo --small").exit_code == 0);
  Output head = cli("--store " + path + " log head --json");
  REQUIRE(head.exit_code == 0);
  const uint64_t size = nlohmann::json::parse(head.out)["size"];
  REQUIRE(size > 4);
  {  // the head now claims 4 records, with the true root of the first 4
    auto log = EventLog::Open({}, path);
    REQUIRE(log.ok());
    Hash root = *(*log)->root_at(4);
    log->reset();
    testing::RawStore raw(path);
    std::string h = raw.get(raw.meta(), std::string(storage::kHeadKey)), four;
    storage::put_u64_be(&four, 4);
    h.replace(0, 8, four);
    h.replace(8, Hash::kSize, root.view());
    raw.put(raw.meta(), std::string(storage::kHeadKey), h);
  }
  CHECK(cli("--store " + path + " log head").exit_code == 1);  // open refuses it
  Output out = cli("--store " + path + " verify --json");
  CHECK(out.exit_code == 1);
  auto j = nlohmann::json::parse(out.out);
  CHECK(j["ok"] == false);
  CHECK(j["first_bad_seq"] == 4);
  CHECK(j["message"].get<std::string>().find("past the head") != std::string::npos);
  Output text = cli("--store " + path + " verify 2>&1");
  CHECK(text.out.find("verify FAILED at seq 4: record 4 lies past the head") != std::string::npos);
}

// An OpenLineage COMPLETE event for run `n` (fields all derived from n).
std::string ol_event(int n) {
  return R"({"eventType":"COMPLETE","eventTime":"2026-09-30T12:00:0)" + std::to_string(n) +
         R"(Z","producer":"https://example.com/test","run":{"runId":"00000000-0000-4000-8000-00000000000)" +
         std::to_string(n) + R"("},"job":{"namespace":"test","name":"job)" + std::to_string(n) +
         R"("},"inputs":[{"namespace":"s3://lake","name":"in"}],"outputs":[{"namespace":"s3://lake","name":"out)" +
         std::to_string(n) + R"("}]})";
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST_CASE("ingest: NDJSON with bad lines writes the good ones, names the bad, and exits 1") {
  testing::TempDir dir;
  const std::string store = "--store " + dir.sub("store") + " ";
  const std::string file = dir.sub("mixed.ndjson");
  std::string bad_run = ol_event(3);
  bad_run.replace(bad_run.find(R"("runId")"), 7, R"("runid")");
  //  line 1 ok, line 2 ok, line 3 no run id, line 4 not JSON, line 5 ok
  write_file(file,
             ol_event(1) + "\n" + ol_event(2) + "\n" + bad_run + "\n{oops\n" + ol_event(5) + "\n");

  Output first = cli(store + "ingest --json " + file);
  CHECK(first.exit_code == 1);
  auto j = nlohmann::json::parse(first.out);
  CHECK(j["events"] == 5);
  CHECK(j["written"] == 3);
  CHECK(j["refused"] == 2);
  CHECK(j["log"]["size"] == 3);
  REQUIRE(j["errors"].size() == 2);
  CHECK(j["errors"][0]["line"] == 3);
  CHECK(j["errors"][0]["path"] == "/run/runId");
  CHECK(j["errors"][0]["reason"] == "required field is missing");
  CHECK(j["errors"][1]["line"] == 4);
  CHECK(j["refused_by_reason"].size() == 2);

  // The same file again: the good events are acknowledged, not written twice.
  auto again = nlohmann::json::parse(cli(store + "ingest --json " + file).out);
  CHECK(again["written"] == 0);
  CHECK(again["already_present"] == 3);
  CHECK(again["log"] == j["log"]);

  // Events are logged in file order, each with the bytes it arrived with.
  auto shown = nlohmann::json::parse(cli(store + "log show 2").out);
  CHECK(shown["raw"]["bytes"] == ol_event(5));
}

TEST_CASE("ingest: stdin, arrays, --format and --dry-run") {
  testing::TempDir dir;
  const std::string path = dir.sub("store");
  const std::string store = "--store " + path + " ";
  const std::string array = dir.sub("array.json");
  write_file(array, "[" + ol_event(1) + ",\n" + ol_event(2) + "]");

  SUBCASE("--dry-run validates and creates nothing") {
    auto j = nlohmann::json::parse(cli(store + "ingest --dry-run --json " + array).out);
    CHECK(j["dry_run"] == true);
    CHECK(j["accepted"] == 2);
    CHECK_FALSE(std::filesystem::exists(path));
  }
  SUBCASE("stdin") {
    Output out = cli(store + "ingest --json - < " + array);
    CHECK(out.exit_code == 0);
    CHECK(nlohmann::json::parse(out.out)["written"] == 2);
  }
  SUBCASE("--format native refuses OpenLineage events") {
    Output out = cli(store + "ingest --json --format native " + array);
    CHECK(out.exit_code == 1);
    CHECK(nlohmann::json::parse(out.out)["refused"] == 2);
  }
  SUBCASE("every public OpenLineage fixture, many files at once") {
    const char* fixtures = std::getenv("AUDITGRAPH_FIXTURES");
    REQUIRE(fixtures != nullptr);
    Output out =
        cli(store + "ingest --json " + std::string(fixtures) + "/openlineage/events/*.json");
    CHECK(out.exit_code == 0);
    auto j = nlohmann::json::parse(out.out);
    CHECK(j["refused"] == 0);
    CHECK(j["written"].get<int>() + j["already_present"].get<int>() == j["events"].get<int>());
    CHECK(j["written"].get<int>() > 10);
  }
  SUBCASE("an unreadable file is an error, not a refusal") {
    Output out = cli(store + "ingest " + dir.sub("missing.json"));
    CHECK(out.exit_code == 1);
  }
}

TEST_CASE("global options go on either side of the verb") {
  testing::TempDir dir;
  const std::string path = dir.sub("store");
  const std::string file = dir.sub("one.json");
  write_file(file, ol_event(1));

  // After the verb, before its positional argument; then before the verb: the same store.
  Output after = cli("ingest --store " + path + " --json " + file);
  REQUIRE(after.exit_code == 0);
  CHECK(nlohmann::json::parse(after.out)["written"] == 1);
  Output before = cli("--store " + path + " ingest --json " + file);
  REQUIRE(before.exit_code == 0);
  CHECK(nlohmann::json::parse(before.out)["already_present"] == 1);

  // Nested verbs and flags too: `log head` two levels down, -v after it.
  const auto head = nlohmann::json::parse(cli("--store " + path + " log head --json").out);
  CHECK(head["size"] == 1);
  CHECK(nlohmann::json::parse(cli("log head --json --store " + path).out) == head);
  CHECK(nlohmann::json::parse(cli("log head --store " + path + " -v --json").out) == head);
  Output given_twice = cli("--store " + path + " log head --json --store " + dir.sub("other"));
  CHECK(given_twice.exit_code == 2);  // one --store only, wherever it goes

  // A verb's own option still belongs to the verb, and a wrong one is still bad usage.
  CHECK(cli("--store " + path + " ingest --no-such-option " + file).exit_code == 2);
  CHECK(cli("ingest --store " + path + " --no-such-option " + file).exit_code == 2);
}

TEST_CASE("impact pages through --cursor, and a damaged index snapshot is not trusted") {
  testing::TempDir dir;
  const std::string store = "--store " + dir.sub("store") + " ";
  REQUIRE(cli(store + "demo --small").exit_code == 0);
  const std::string orders = "dataset:kafka://broker:9092:orders.events.v1";
  auto whole = nlohmann::json::parse(cli(store + "impact --json " + orders).out);
  std::vector<std::string> want, got;
  for (const auto& n : whole["nodes"]) want.push_back(n["id"]);
  REQUIRE(want.size() > 4);

  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    const std::string more = cursor.empty() ? "" : "--cursor " + cursor + " ";
    auto a = nlohmann::json::parse(cli(store + "impact --json --max-nodes 2 " + more + orders).out);
    for (const auto& n : a["nodes"]) got.push_back(n["id"]);
    if (!a["partial"].get<bool>()) {
      CHECK_FALSE(a.contains("cursor"));
      break;
    }
    cursor = a["cursor"];
  }
  CHECK(got == want);
  CHECK(cli(store + "impact --cursor 1.2.3 " + orders).exit_code == 1);

  // A snapshot file that is not one: ignored, and the answer is the same.
  std::ofstream(dir.sub("store") + "/index.snapshot") << "AGIDX007 but not really";
  CHECK(nlohmann::json::parse(cli(store + "impact --json " + orders).out) == whole);
}

TEST_CASE("provenance, impact and access over the demo mesh, now and in the past") {
  testing::TempDir dir;
  const std::string store = "--store " + dir.sub("store") + " ";
  REQUIRE(cli(store + "demo --small").exit_code == 0);
  const std::string orders = "dataset:kafka://broker:9092:orders.events.v1";
  const std::string revenue = "dataset:s3://lake:finance.revenue.daily.v2";

  auto impact = nlohmann::json::parse(cli(store + "impact --json " + orders).out);
  std::set<std::string> ids;
  for (const auto& n : impact["nodes"]) ids.insert(n["id"].get<std::string>());
  CHECK(ids.count(revenue));
  CHECK(impact["nodes"][0]["id"] == orders);
  CHECK(impact["nodes"][0]["domain"] == "Orders");
  CHECK(impact["at"] == nlohmann::json::parse(cli(store + "log head --json").out));
  for (const auto& e : impact["edges"]) CHECK_FALSE(e["seqs"].empty());

  auto provenance = nlohmann::json::parse(cli(store + "provenance --json " + revenue).out);
  bool reaches_orders = false;
  for (const auto& n : provenance["nodes"]) reaches_orders |= n["id"] == orders;
  CHECK(reaches_orders);

  // Before any run was logged, nothing was downstream of orders.
  auto early = nlohmann::json::parse(cli(store + "impact --json --as-of seq:3 " + orders).out);
  CHECK(early["nodes"].size() == 1);
  CHECK(early["at"]["size"] == 3);

  auto one =
      nlohmann::json::parse(cli(store + "impact --json --depth 1 --kind dataset " + orders).out);
  for (const auto& n : one["nodes"]) {
    CHECK(n["kind"] == "dataset");
    CHECK(n["distance"] <= 1);
  }

  // The demo's grants: alice reads revenue through two nested groups; bob's column grant on
  // customers was revoked at 00:12.
  auto access = nlohmann::json::parse(cli(store + "access --json " + revenue).out);
  REQUIRE(access["principals"].size() == 1);
  CHECK(access["principals"][0]["principal"]["name"] == "alice");
  CHECK(access["principals"][0]["chain"] == nlohmann::json::array({"finance", "finance-analysts"}));
  const std::string customers = "dataset:postgres://crm:5432:customers.profile.v2";
  CHECK(nlohmann::json::parse(cli(store + "access --json " + customers).out)["principals"].empty());
  auto before = nlohmann::json::parse(
      cli(store + "access --json --as-of 2026-09-30T00:11:00Z " + customers).out);
  REQUIRE(before["principals"].size() == 1);
  CHECK(before["principals"][0]["scope"] == "columns");
  auto history = nlohmann::json::parse(
      cli(store + "access-history --json --from 2026-09-30T00:00:00Z --to 2026-10-01T00:00:00Z " +
          revenue)
          .out);
  CHECK(history["seqs"].size() == 1);
  CHECK(cli(store + "access --as-of soon " + revenue).exit_code == 2);
  CHECK(cli(store + "access dataset:nope").exit_code == 1);

  // check-change: dropping amount breaks what derives from it; the demo's deprecation notice
  // (sunset 2026-12-29) decides between exit 1 and 2.
  const std::string proposed = dir.sub("proposed.json");
  write_file(proposed,
             R"({"fields":[{"name":"order_id","type":"string"},)"
             R"({"name":"customer_id","type":"string"},{"name":"status","type":"string"}]})");
  const std::string check = store + "check-change " + orders + " --schema " + proposed;
  Output with_notice = cli(check + " --json --now 2026-10-01T00:00:00Z");
  CHECK(with_notice.exit_code == 1);
  auto report = nlohmann::json::parse(with_notice.out);
  CHECK(report["verdict"] == "breaking_with_notice");
  CHECK(report["changes"][0]["field"] == "amount");
  CHECK(report["deprecation"]["seq"] == 13);
  CHECK(cli(check + " --now 2027-01-01T00:00:00Z").exit_code == 2);
  for (const auto& i : report["impacts"]) CHECK(i["column_lineage_known"] == true);
  CHECK(report["not_derived"].empty());
  // Removing status, which the enrich job's column lineage does not take: safe, exit 0, and the
  // enriched dataset that reads orders, and the revenue it feeds, are listed apart, not affected.
  write_file(proposed, R"j([{"name":"order_id","type":"string"},)j"
                       R"j({"name":"customer_id","type":"string"},)j"
                       R"j({"name":"amount","type":"decimal(20,4)"}])j");
  Output safe = cli(check + " --json --now 2026-10-01T00:00:00Z");
  CHECK(safe.exit_code == 0);
  auto apart = nlohmann::json::parse(safe.out);
  CHECK(apart["verdict"] == "safe");
  CHECK(apart["impacts"].empty());
  REQUIRE(apart["not_derived"].size() == 2);
  CHECK(apart["not_derived"][0]["id"] == revenue);
  CHECK(apart["not_derived"][1]["id"] == "dataset:s3://lake:orders.enriched.v1");
  CHECK(apart["not_derived"][1]["class"] == "not_derived");
  CHECK(cli(check + " --now 2026-10-01T00:00:00Z").out.find(
            "reads it, not derived from the changed fields (2):") != std::string::npos);
  write_file(proposed, R"j([{"name":"order_id","type":"string"},)j"
                       R"j({"name":"customer_id","type":"string"},)j"
                       R"j({"name":"amount","type":"decimal(20,4)"},)j"
                       R"j({"name":"status","type":"string"},{"name":"note","type":"string"}])j");
  CHECK(cli(check).exit_code == 0);  // only an added field
  write_file(proposed, R"({"fields":[{"type":"string"}]})");
  CHECK(cli(check).exit_code == 3);  // a field without a name

  // pii-reach: the demo tags four columns; the email hash is masked, so the taint stops there.
  auto pii = nlohmann::json::parse(cli(store + "pii-reach --json").out);
  CHECK(pii["sources"].size() == 4);
  REQUIRE(pii["masked"].size() == 1);
  CHECK(pii["masked"][0]["column"] == "datasetField:s3://lake:orders.enriched.v1:email_hash");
  CHECK(cli(store + "pii-reach dataset:nope").exit_code == 1);

  auto versions = nlohmann::json::parse(cli(store + "versions --json " + revenue).out);
  CHECK(versions["root"]["dataset"] == revenue);
  REQUIRE(versions["root"]["inputs"].size() == 1);
  CHECK(versions["root"]["inputs"][0]["dataset"] == "dataset:s3://lake:orders.enriched.v1");
  CHECK(versions["root"]["inputs"][0]["version"] == "v1");
  CHECK(cli(store + "versions --version nope " + revenue).exit_code == 1);

  auto stats = nlohmann::json::parse(cli(store + "stats --json").out);
  CHECK(stats["counts"]["datasets"].get<int>() >= 5);
  CHECK(stats["counts"]["grants"] == 2);
  bool enriched_unowned = false;
  for (const auto& d : stats["without_owner"])
    enriched_unowned |= d == "dataset:s3://lake:orders.enriched.v1";
  CHECK(enriched_unowned);

  CHECK(cli(store + "impact dataset:nope").exit_code == 1);
  CHECK(cli(store + "impact --as-of yesterday " + orders).exit_code == 2);
  CHECK(cli(store + "impact --kind table " + orders).exit_code == 2);
}

TEST_CASE("export writes DOT, Mermaid, JSON and the OpenLineage events of a node's lineage") {
  testing::TempDir dir;
  const std::string store = "--store " + dir.sub("store") + " ";
  REQUIRE(cli(store + "demo").exit_code == 0);
  const std::string node = "dataset:kafka://broker:9092:orders.events.v1";

  Output json = cli(store + "export " + node + " --format json --downstream --depth 1");
  REQUIRE(json.exit_code == 0);
  const auto answer = nlohmann::json::parse(json.out);
  REQUIRE(answer["nodes"].size() > 1);
  CHECK(answer["nodes"][0]["id"] == node);
  for (const auto& n : answer["nodes"]) CHECK(n["distance"].get<int>() <= 1);

  Output dot = cli(store + "export " + node + " --format dot");
  REQUIRE(dot.exit_code == 0);
  CHECK(dot.out.rfind("digraph lineage {", 0) == 0);
  CHECK(dot.out.find("\"" + node + "\" [label=") != std::string::npos);

  const std::string mermaid_file = dir.sub("orders.mmd");
  REQUIRE(cli(store + "export " + node + " --format mermaid --upstream --out " + mermaid_file)
              .exit_code == 0);
  std::ifstream mermaid(mermaid_file);
  std::string first;
  std::getline(mermaid, first);
  CHECK(first == "flowchart LR");

  Output ol = cli(store + "export " + node + " --format openlineage --downstream");
  REQUIRE(ol.exit_code == 0);
  const auto events = nlohmann::json::parse(ol.out);
  REQUIRE(events.is_array());
  CHECK(events.size() > 0);

  CHECK(cli(store + "export " + node + " --format png").exit_code == 2);
  CHECK(cli(store + "export " + node + " --upstream --downstream").exit_code == 2);
  CHECK(cli(store + "export " + node + " --as-of yesterday").exit_code == 2);
  CHECK(cli(store + "export dataset:nowhere:nothing").exit_code == 1);
}

TEST_CASE("backup is a store of its own with the head at backup time; restore verifies it") {
  testing::TempDir dir;
  const std::string store = "--store " + dir.sub("store") + " ";
  REQUIRE(cli(store + "demo --small").exit_code == 0);
  const auto head = nlohmann::json::parse(cli(store + "log head --json").out);
  Output backup = cli(store + "backup --json --to " + dir.sub("backup"));
  REQUIRE(backup.exit_code == 0);
  CHECK(nlohmann::json::parse(backup.out) == head);
  CHECK(cli(store + "backup --to " + dir.sub("backup")).exit_code == 1);  // exists already

  // The original grows; the backup keeps its head.
  std::ofstream(dir.sub("more.ndjson"))
      << R"({"kind": "dataset_declared", "eventTime": "2026-10-01T00:00:00Z", "actor": "a", "dataset": {"namespace": "n", "name": "later"}})"
      << "\n";
  REQUIRE(cli(store + "ingest " + dir.sub("more.ndjson")).exit_code == 0);
  const std::string restored = "--store " + dir.sub("restored") + " ";
  Output r = cli(restored + "restore --json --from " + dir.sub("backup"));
  REQUIRE(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.out) == head);
  CHECK(cli(restored + "verify").exit_code == 0);
  CHECK(cli(restored + "restore --from " + dir.sub("backup")).exit_code == 1);  // not empty
  CHECK(cli("--store " + dir.sub("x") + " restore --from " + dir.sub("nothing")).exit_code == 1);
}

TEST_CASE("a store folder that cannot be created: demo, ingest and restore name it and exit 1") {
  testing::TempDir dir;
  const std::string file = dir.sub("a-file");
  write_file(file, "not a folder\n");
  const std::string store = file + "/store";  // under a regular file
  const std::string why = "auditgraph: I/O error: --store: cannot create " + store + ": ";

  Output demo = cli("--store " + store + " demo --small 2>&1");
  CHECK(demo.exit_code == 1);
  CHECK(demo.out.find(why) != std::string::npos);

  const std::string events = dir.sub("one.json");
  write_file(events, ol_event(1));
  Output ingest = cli("--store " + store + " ingest " + events + " 2>&1");
  CHECK(ingest.exit_code == 1);
  CHECK(ingest.out.find(why) != std::string::npos);

  const std::string good = dir.sub("store");
  REQUIRE(cli("--store " + good + " demo --small").exit_code == 0);
  REQUIRE(cli("--store " + good + " backup --to " + dir.sub("backup")).exit_code == 0);
  Output restore = cli("--store " + store + " restore --from " + dir.sub("backup") + " 2>&1");
  CHECK(restore.exit_code == 1);
  CHECK(restore.out.find(why) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(store));
}

TEST_CASE("log checkpoint, stats, versions and report compliance: exit codes and usage") {
  testing::TempDir dir;
  const std::string store = "--store " + dir.sub("store") + " ";
  const std::string missing = "--store " + dir.sub("missing") + " ";
  REQUIRE(cli(store + "demo --small").exit_code == 0);
  const auto head = nlohmann::json::parse(cli(store + "log head --json").out);

  Output cp = cli(store + "log checkpoint --json");
  CHECK(cp.exit_code == 0);
  CHECK(nlohmann::json::parse(cp.out) == head);
  CHECK(cli(store + "log checkpoint").out == "checkpoint size " +
                                                 std::to_string(head["size"].get<uint64_t>()) +
                                                 " root " + head["root"].get<std::string>() + "\n");
  CHECK(cli(missing + "log checkpoint").exit_code == 1);
  CHECK(cli(store + "log").exit_code == 2);  // a verb with no subcommand
  CHECK(cli(store + "prove consistency 7 3").exit_code == 1);
  CHECK(cli(missing + "verify").exit_code == 1);

  Output stats = cli(store + "stats --unused-days 30");
  CHECK(stats.exit_code == 0);
  CHECK(stats.out.find("products nobody read in 30 days") != std::string::npos);
  CHECK(cli(store + "stats --unused-days 0").exit_code == 2);
  CHECK(cli(missing + "stats").exit_code == 1);

  const std::string revenue = "dataset:s3://lake:finance.revenue.daily.v2";
  Output as_of = cli(store + "versions --as-of nope " + revenue + " 2>&1");
  CHECK(as_of.exit_code == 2);
  CHECK(as_of.out.find("auditgraph: --as-of: 'nope' is not an RFC 3339 time") != std::string::npos);
  CHECK(cli(store + "versions").exit_code == 2);  // no dataset
  CHECK(cli(missing + "versions " + revenue).exit_code == 1);

  const std::string period = "--from 2026-09-01T00:00:00Z --to 2026-10-01T00:00:00Z ";
  const std::string out = dir.sub("report.json");
  Output report = cli(store + "report compliance " + period + "--format json --out " + out);
  CHECK(report.exit_code == 0);
  CHECK(report.out.find("compliance report (json) of log size") != std::string::npos);
  const auto summary = nlohmann::json::parse(std::ifstream(out));
  CHECK(summary["report"] == "compliance");
  CHECK(summary["summary"]["rows"]["datasets"].get<int>() > 0);
  CHECK_FALSE(summary["sections"][0]["tables"].contains("datasets"));  // counted, not listed
  REQUIRE(cli(store + "report compliance " + period + "--format json --full --out " + out)
              .exit_code == 0);
  CHECK(nlohmann::json::parse(std::ifstream(out))["sections"][0]["tables"]["datasets"].size() ==
        summary["summary"]["rows"]["datasets"]);
  CHECK(cli(store + "report").exit_code == 2);
  CHECK(cli(store + "report compliance " + period).exit_code == 2);  // no --out
  CHECK(cli(store + "report compliance " + period + "--format pdf --out " + out).exit_code == 2);
  Output bad_time =
      cli(store + "report compliance --from soon --to 2026-10-01T00:00:00Z --out " + out + " 2>&1");
  CHECK(bad_time.exit_code == 2);
  CHECK(bad_time.out.find("auditgraph: --from: 'soon' is not an RFC 3339 time") !=
        std::string::npos);
  CHECK(cli(store + "report compliance " + period + "--out " + dir.sub("no/such/dir.html"))
            .exit_code == 1);
  CHECK(cli(missing + "report compliance " + period + "--out " + out).exit_code == 1);

  CHECK(cli(store + "backup").exit_code == 2);      // no --to
  CHECK(cli(store + "token list").exit_code == 2);  // no --tokens
  CHECK(cli(store + "access-history --from x --to 2026-10-01T00:00:00Z " + revenue).exit_code == 2);
  CHECK(cli(store + "pii-reach --tag NOPE").exit_code == 0);
}

TEST_CASE("witness and serve --witness: usage errors exit 2 and say what is wrong") {
  testing::TempDir dir;
  const std::string log_key = dir.sub("log.key"), witness_key = dir.sub("w.key");
  REQUIRE(cli("key generate --name log.example/l --out " + log_key).exit_code == 0);
  REQUIRE(cli("key generate --witness --name w.example/w --out " + witness_key).exit_code == 0);
  const std::string state = " --state " + dir.sub("state");
  const std::string witness = "witness --key " + witness_key + " --log " + log_key + ".pub";

  CHECK(cli("witness").exit_code == 2);  // --key, --log and --state are required
  CHECK(cli("witness --key " + witness_key + state).exit_code == 2);
  Output listen = cli(witness + state + " --listen nowhere 2>&1");
  CHECK(listen.exit_code == 2);
  CHECK(listen.out.find("--listen: 'nowhere' is not HOST:PORT") != std::string::npos);
  Output log_as_witness = cli("witness --key " + log_key + " --log " + log_key + ".pub" + state +
                              " --listen 127.0.0.1:0 2>&1");
  CHECK(log_as_witness.exit_code == 2);
  CHECK(log_as_witness.out.find("--key: log.example/l is not a witness key") != std::string::npos);
  Output witness_as_log = cli("witness --key " + witness_key + " --log " + witness_key + ".pub" +
                              state + " --listen 127.0.0.1:0 2>&1");
  CHECK(witness_as_log.exit_code == 2);
  CHECK(witness_as_log.out.find("--log: w.example/w is not a log's") != std::string::npos);
  CHECK(cli("witness --key " + witness_key + " --log nokey" + state + " --listen 127.0.0.1:0")
            .exit_code == 2);
  CHECK(!std::filesystem::exists(dir.sub("state")));  // nothing made before usage is checked

  const std::string serve = "--store " + dir.sub("store") + " serve --listen 127.0.0.1:0 ";
  const std::string w = " --witness http://127.0.0.1:1," + witness_key + ".pub";
  Output unsigned_ = cli(serve + w + " 2>&1");
  CHECK(unsigned_.exit_code == 2);
  CHECK(unsigned_.out.find("need --signing-key") != std::string::npos);
  Output quorum = cli(serve + "--signing-key " + log_key + w + " --witness-quorum 2 2>&1");
  CHECK(quorum.exit_code == 2);
  CHECK(quorum.out.find("--witness-quorum: 2 is more than the 1 witnesses given") !=
        std::string::npos);
  CHECK(cli(serve + "--signing-key " + log_key + " --witness http://127.0.0.1:1").exit_code == 2);
  CHECK(cli(serve + "--signing-key " + log_key + " --witness ftp://w," + witness_key + ".pub")
            .exit_code == 2);
  CHECK(cli(serve + "--signing-key " + log_key + " --witness http://w," + log_key + ".pub")
            .exit_code == 2);
}

}  // namespace
}  // namespace auditgraph

namespace auditgraph {
namespace {

TEST_CASE("key generate, checkpoint and checkpoint verify: a signed note that only its key opens") {
  testing::TempDir dir;
  const std::string store = "--store " + dir.sub("store") + " ";
  const std::string key = dir.sub("log.key");
  Output gen = cli("key generate --name auditgraph.test/mesh --out " + key);
  REQUIRE(gen.exit_code == 0);
  CHECK(gen.out.rfind("auditgraph.test/mesh+", 0) == 0);
  CHECK(cli("key generate --name other --out " + key).exit_code == 1);  // never overwritten
  CHECK(cli("key generate --name 'a b' --out " + dir.sub("x.key")).exit_code == 2);

  REQUIRE(cli(store + "demo --small").exit_code == 0);
  CHECK(cli(store + "checkpoint").exit_code == 1);  // none signed yet: says how to get one
  Output signed_now = cli(store + "checkpoint --signing-key " + key);
  REQUIRE(signed_now.exit_code == 0);
  const uint64_t size = nlohmann::json::parse(cli(store + "log head --json").out)["size"];
  CHECK(signed_now.out.find("auditgraph.test/mesh\n" + std::to_string(size) + "\n") == 0);
  auto json = nlohmann::json::parse(cli(store + "checkpoint --json").out);
  CHECK(json["size"] == size);
  CHECK(json["note"] == signed_now.out);

  std::ofstream(dir.sub("cp.txt")) << signed_now.out;
  CHECK(cli("checkpoint verify " + dir.sub("cp.txt") + " --key " + key + ".pub").exit_code == 0);
  CHECK(cli("checkpoint verify " + dir.sub("cp.txt") + " --key " + key + ".pub --witness " + key +
            ".pub")
            .exit_code == 2);  // a log key is no witness key
  std::string forged = signed_now.out;
  forged.replace(forged.find('\n') + 1, std::to_string(size).size(), std::to_string(size + 1));
  std::ofstream(dir.sub("forged.txt")) << forged;
  CHECK(cli("checkpoint verify " + dir.sub("forged.txt") + " --key " + key + ".pub").exit_code ==
        1);
  Output other = cli("key generate --name auditgraph.test/mesh --out " + dir.sub("other.key"));
  CHECK(cli("checkpoint verify " + dir.sub("cp.txt") + " --key " + dir.sub("other.key.pub"))
            .exit_code == 1);  // same name, another key
  CHECK(cli("checkpoint verify " + dir.sub("cp.txt") + " --key nonsense").exit_code == 2);
}

TEST_CASE("--with-proofs answers a bundle verify-answer checks offline: exit 0, 1 and 2") {
  testing::TempDir dir;
  const std::string store = "--store " + dir.sub("store") + " ";
  REQUIRE(cli(store + "demo --small").exit_code == 0);
  const std::string key = dir.sub("log.key"), vkey = " --key " + key + ".pub";
  REQUIRE(cli("key generate --name example.com/demo --out " + key).exit_code == 0);
  const std::string orders = "dataset:kafka://broker:9092:orders.events.v1";

  // No signed checkpoint yet: the verb says how to get one.
  CHECK(cli(store + "impact --with-proofs " + orders).exit_code == 1);
  const Output impact = cli(store + "impact --with-proofs --signing-key " + key + " " + orders);
  REQUIRE(impact.exit_code == 0);
  write_file(dir.sub("impact.json"), impact.out);
  CHECK(cli("verify-answer " + dir.sub("impact.json") + vkey).exit_code == 0);
  // The checkpoint just published covers the next answers: no key needed.
  const Output access = cli(store + "access --with-proofs --as-of 2030-01-01T00:00:00Z " + orders);
  REQUIRE(access.exit_code == 0);
  write_file(dir.sub("access.json"), access.out);
  CHECK(cli("verify-answer " + dir.sub("access.json") + vkey + " --json").exit_code == 0);

  // One byte of a record changed: exit 1.
  std::string bad = impact.out;
  const size_t record = bad.find("\"record\": \"");
  REQUIRE(record != std::string::npos);
  char& c = bad[record + 20];
  c = c == 'A' ? 'B' : 'A';
  write_file(dir.sub("bad.json"), bad);
  CHECK(cli("verify-answer " + dir.sub("bad.json") + vkey).exit_code == 1);

  // Usage: no --key, no such bundle file, a quorum above the witnesses given.
  CHECK(cli("verify-answer " + dir.sub("impact.json")).exit_code == 2);
  CHECK(cli("verify-answer " + dir.sub("missing.json") + vkey).exit_code == 2);
  CHECK(cli("verify-answer " + dir.sub("impact.json") + vkey + " --quorum 1").exit_code == 2);
}

}  // namespace
}  // namespace auditgraph
