// Marquez's tag writes: a tag put on or taken off a field, a dataset or a job is a native
// `classified` event in the log, made by the token's principal, for the ingest or admin role only; a field's
// tag shows in the Dataset, in GET /api/v1/tags and in PII reach.
#include <doctest/doctest.h>

#include <algorithm>

#include "test/src/server/marquez_client.h"

namespace auditgraph {
namespace {

using testing::marquez_get;
using testing::ojson;
using testing::post_demo;
using testing::q;
using testing::TestServer;

const std::string kProfile = "/api/v1/namespaces/s3:%2F%2Flake/datasets/customers.profile.v2";
const std::string kJob = "/api/v1/namespaces/dbt:%2F%2Fwarehouse/jobs/finance.revenue.daily";

ojson field_tags(const ojson& dataset, const std::string& field) {
  for (const auto& f : dataset["fields"]) {
    if (f["name"] == field) return f["tags"];
  }
  FAIL("no field ", field);
  return {};
}

// The last event in the log, as the native API shows it.
ojson last_event(TestServer& s) {
  const ojson head = marquez_get(s, "/v1/log/head");
  const uint64_t size = head["size"];
  for (uint64_t seq = size; seq-- > 0;) {  // skip the access records of these very reads
    const ojson e = marquez_get(s, "/v1/log/entries/" + std::to_string(seq));
    if (e["kind"] != "access_recorded") return e;
  }
  FAIL("no event");
  return {};
}

TEST_CASE("PUT and DELETE a field's tag: classified events by the token's principal") {
  TestServer s;
  post_demo(s);
  const ojson before = marquez_get(s, kProfile);
  std::string field;  // a field with no tag yet
  for (const auto& f : before["fields"]) {
    if (f["tags"].empty()) field = f["name"];
  }
  REQUIRE(!field.empty());

  auto put = s.client("ingestor").Put(kProfile + "/fields/" + field + "/tags/SENSITIVE", "",
                                      "application/json");
  REQUIRE(put);
  REQUIRE_MESSAGE(put->status == 200, put->body);
  CHECK(field_tags(ojson::parse(put->body), field) == ojson::array({"SENSITIVE"}));
  const ojson e = last_event(s);
  CHECK(e["kind"] == "classified");
  CHECK(e["actor"] == "ingestor");
  CHECK(e["payload"]["field"] == field);
  CHECK(e["payload"]["tag"] == "SENSITIVE");
  CHECK(e["payload"]["removed"] == false);

  // Seen like any classification: in the Dataset, the tag list and PII reach by that tag.
  CHECK(field_tags(marquez_get(s, kProfile), field) == ojson::array({"SENSITIVE"}));
  const ojson tags = marquez_get(s, "/api/v1/tags");
  CAPTURE(tags);
  CHECK(std::find(tags["tags"].begin(), tags["tags"].end(),
                  ojson{{"name", "SENSITIVE"}, {"description", nullptr}}) != tags["tags"].end());
  const ojson reach = marquez_get(s, "/v1/pii-reach?tag=SENSITIVE");
  CHECK(reach.dump().find(field) != std::string::npos);

  // POST (Marquez's spec) puts a tag too; DELETE takes it off, by an admin here.
  auto post = s.client("root").Post(kProfile + "/fields/" + field + "/tags/OTHER", "",
                                    "application/json");
  REQUIRE(post);
  CHECK(post->status == 200);
  auto del = s.client("root").Delete(kProfile + "/fields/" + field + "/tags/SENSITIVE");
  REQUIRE(del);
  REQUIRE_MESSAGE(del->status == 200, del->body);
  CHECK(field_tags(ojson::parse(del->body), field) == ojson::array({"OTHER"}));
  const ojson removed = last_event(s);
  CHECK(removed["actor"] == "root");
  CHECK(removed["payload"]["removed"] == true);
}

TEST_CASE("tag writes: roles, unknown datasets and fields, what cannot be kept") {
  TestServer s;
  post_demo(s);
  const ojson before = marquez_get(s, "/v1/log/head");
  // The audit role reads; it does not write.
  auto r = s.client("alice").Put(kProfile + "/tags/PII", "", "application/json");
  REQUIRE(r);
  CHECK(r->status == 403);
  r = s.client().Put(kProfile + "/tags/PII", "", "application/json");
  REQUIRE(r);
  CHECK(r->status == 401);
  r = s.client("ingestor").Put("/api/v1/namespaces/s3:%2F%2Flake/datasets/nope/tags/PII",
                               "", "application/json");
  REQUIRE(r);
  CHECK(r->status == 404);
  CHECK(ojson::parse(r->body)["message"] == "Dataset 'nope' not found.");
  r = s.client("ingestor").Put(kProfile + "/fields/nope/tags/PII", "", "application/json");
  REQUIRE(r);
  CHECK(r->status == 404);
  CHECK(ojson::parse(r->body)["message"] == "Field 'nope' not found.");
  r = s.client("alice").Put(kJob + "/tags/PII", "", "application/json");
  REQUIRE(r);
  CHECK(r->status == 403);
  r = s.client("alice").Delete(kJob + "/tags/PII");
  REQUIRE(r);
  CHECK(r->status == 403);
  r = s.client("ingestor").Put("/api/v1/namespaces/dbt:%2F%2Fwarehouse/jobs/nope/tags/PII", "",
                               "application/json");
  REQUIRE(r);
  CHECK(r->status == 404);
  CHECK(ojson::parse(r->body)["message"] == "Job 'nope' not found.");
  r = s.client("alice").Put("/api/v1/tags/PII", R"({"description":"d"})", "application/json");
  REQUIRE(r);
  CHECK(r->status == 403);
  // Bad bodies: 400 naming what is wrong.
  r = s.client("ingestor").Put("/api/v1/tags/PII", R"({"description":7})", "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(ojson::parse(r->body)["message"] == "description: expected a string");
  CHECK(ojson::parse(r->body)["code"] == 400);
  r = s.client("ingestor").Put("/api/v1/tags/PII", "[1]", "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(ojson::parse(r->body)["message"] == "body: expected a JSON object");
  r = s.client("ingestor").Put("/api/v1/tags/PII", "{oops", "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(ojson::parse(r->body)["message"] == "body: not valid JSON");
  // Marquez's other writes: refused, 405, naming where events go.
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"DELETE", kProfile},
           {"PUT", kProfile},
           {"PUT", "/api/v1/namespaces/s3:%2F%2Flake"},
           {"DELETE", "/api/v1/namespaces/s3:%2F%2Flake"},
           {"POST", "/api/v1/namespaces/dbt:%2F%2Fwarehouse/jobs/finance.revenue.daily/runs"},
           {"POST", "/api/v1/jobs/runs/some-run/start"}}) {
    CAPTURE(method);
    CAPTURE(path);
    auto w = method == "DELETE" ? s.client("ingestor").Delete(path)
             : method == "PUT"  ? s.client("ingestor").Put(path, "{}", "application/json")
                                : s.client("ingestor").Post(path, "{}", "application/json");
    REQUIRE(w);
    CHECK(w->status == 405);
    CHECK(ojson::parse(w->body)["message"].get<std::string>().find("/api/v1/lineage") !=
          std::string::npos);
  }
  // Nothing of that was written (the audit records of the reads above aside).
  const uint64_t after = marquez_get(s, "/v1/log/head")["size"];
  for (uint64_t seq = before["size"]; seq < after; ++seq) {
    const ojson kind = marquez_get(s, "/v1/log/entries/" + std::to_string(seq))["kind"];
    CHECK(kind != "classified");
    CHECK(kind != "tag_defined");
  }

}

TEST_CASE("PUT and DELETE a dataset's tag: a classified event with no field, in Dataset.tags") {
  TestServer s;
  post_demo(s);
  auto r = s.client("ingestor").Put(kProfile + "/tags/GOLD", "", "application/json");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  CHECK(ojson::parse(r->body)["tags"] == ojson::array({"GOLD"}));
  const ojson e = last_event(s);
  CHECK(e["kind"] == "classified");
  CHECK(e["actor"] == "ingestor");
  CHECK(e["payload"]["field"] == "");
  CHECK(e["payload"]["tag"] == "GOLD");
  CHECK(marquez_get(s, kProfile)["tags"] == ojson::array({"GOLD"}));
  const ojson tags = marquez_get(s, "/api/v1/tags");
  CHECK(std::find(tags["tags"].begin(), tags["tags"].end(),
                  ojson{{"name", "GOLD"}, {"description", nullptr}}) != tags["tags"].end());
  r = s.client("ingestor").Delete(kProfile + "/tags/GOLD");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  CHECK(ojson::parse(r->body)["tags"] == ojson::array());
  CHECK(last_event(s)["payload"]["removed"] == true);
}

TEST_CASE("PUT, POST and DELETE a job's tag: a classified event naming the job, in Job.tags") {
  TestServer s;
  post_demo(s);
  const ojson before = marquez_get(s, kJob)["tags"];
  CAPTURE(before);
  REQUIRE(before.is_array());
  auto r = s.client("ingestor").Put(kJob + "/tags/CRITICAL", "", "application/json");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  const ojson job = ojson::parse(r->body);
  CHECK(job["name"] == "finance.revenue.daily");
  const auto has = [](const ojson& tags, const std::string& t) {
    return std::find(tags.begin(), tags.end(), ojson(t)) != tags.end();
  };
  CHECK(has(job["tags"], "CRITICAL"));
  const ojson e = last_event(s);
  CHECK(e["kind"] == "classified");
  CHECK(e["actor"] == "ingestor");
  CHECK(e["producer"] == "auditgraph-http/marquez-api");
  CHECK(e["payload"]["job"] == ojson{{"namespace", "dbt://warehouse"}, {"name", "finance.revenue.daily"}});
  CHECK(e["payload"]["tag"] == "CRITICAL");
  CHECK(e["payload"]["removed"] == false);
  CHECK(!e["payload"].contains("dataset"));

  // Seen in the Job, the job list, GET /api/v1/tags and the search.
  CHECK(has(marquez_get(s, kJob)["tags"], "CRITICAL"));
  const ojson tags = marquez_get(s, "/api/v1/tags");
  CAPTURE(tags);
  CHECK(std::find(tags["tags"].begin(), tags["tags"].end(),
                  ojson{{"name", "CRITICAL"}, {"description", nullptr}}) != tags["tags"].end());

  // POST puts one too (an admin); DELETE takes CRITICAL off and leaves the rest.
  r = s.client("root").Post(kJob + "/tags/DAILY", "", "application/json");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  CHECK(last_event(s)["actor"] == "root");
  r = s.client("ingestor").Delete(kJob + "/tags/CRITICAL");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  const ojson after = ojson::parse(r->body)["tags"];
  CHECK(!has(after, "CRITICAL"));
  CHECK(has(after, "DAILY"));
  CHECK(last_event(s)["payload"]["removed"] == true);
  CHECK(!has(marquez_get(s, kJob)["tags"], "CRITICAL"));
  const ojson tags_after = marquez_get(s, "/api/v1/tags");
  CHECK(std::find(tags_after["tags"].begin(), tags_after["tags"].end(),
                  ojson{{"name", "CRITICAL"}, {"description", nullptr}}) == tags_after["tags"].end());
}

TEST_CASE("PUT /api/v1/tags/{tag}: a tag_defined event, listed with its description") {
  TestServer s;
  post_demo(s);
  auto r = s.client("ingestor").Put("/api/v1/tags/RESTRICTED",
                                    R"({"description":"Only for the finance team"})",
                                    "application/json");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  const ojson restricted{{"name", "RESTRICTED"}, {"description", "Only for the finance team"}};
  const ojson answer = ojson::parse(r->body);
  CAPTURE(answer);
  CHECK(std::find(answer["tags"].begin(), answer["tags"].end(), restricted) != answer["tags"].end());
  const ojson e = last_event(s);
  CHECK(e["kind"] == "tag_defined");
  CHECK(e["actor"] == "ingestor");
  CHECK(e["producer"] == "auditgraph-http/marquez-api");
  CHECK(e["payload"]["tag"] == "RESTRICTED");
  CHECK(e["payload"]["description"] == "Only for the finance team");
  const ojson tags = marquez_get(s, "/api/v1/tags");
  CHECK(std::find(tags["tags"].begin(), tags["tags"].end(), restricted) != tags["tags"].end());

  // A later definition replaces the description; one without a body has none. A tag in use that
  // is defined too shows its description (here one put on a job, then defined by an admin).
  r = s.client("root").Put("/api/v1/tags/RESTRICTED", R"({"description":"Finance only"})",
                           "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(last_event(s)["actor"] == "root");
  r = s.client("ingestor").Put("/api/v1/tags/BARE", "", "application/json");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  r = s.client("ingestor").Put(kJob + "/tags/CRITICAL", "", "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  r = s.client("ingestor").Put("/api/v1/tags/CRITICAL", R"({"description":"pages on failure"})",
                               "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const ojson list = marquez_get(s, "/api/v1/tags")["tags"];
  CAPTURE(list);
  const auto has = [&](const ojson& t) { return std::find(list.begin(), list.end(), t) != list.end(); };
  CHECK(has(ojson{{"name", "RESTRICTED"}, {"description", "Finance only"}}));
  CHECK(has(ojson{{"name", "BARE"}, {"description", nullptr}}));
  CHECK(has(ojson{{"name", "CRITICAL"}, {"description", "pages on failure"}}));
  size_t critical = 0;
  for (const auto& t : list) critical += t["name"] == "CRITICAL";
  CHECK(critical == 1);
}

}  // namespace
}  // namespace auditgraph
