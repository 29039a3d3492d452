#include "src/sample_mesh.h"

#include <string>

namespace auditgraph {
namespace {

constexpr int64_t kMinute = 60'000'000'000;

SchemaField field(std::string name, std::string type, std::vector<std::string> tags = {}) {
  return SchemaField{std::move(name), std::move(type), "", std::move(tags), {}};
}

DatasetRef ds(std::string ns, std::string name) { return {std::move(ns), std::move(name)}; }

ColumnInput from(const DatasetRef& d, std::string field, std::string subtype,
                 bool masking = false) {
  return ColumnInput{{d, std::move(field)}, "DIRECT", std::move(subtype), "", masking};
}

class Builder {
 public:
  explicit Builder(Timestamp start) : t_(start) {}

  void add(std::string actor, Payload payload) {
    Event e;
    e.event_time = Timestamp{t_.unix_nanos + kMinute * static_cast<int64_t>(events_.size())};
    e.actor = std::move(actor);
    e.producer = "https://github.com/auditgraph/auditgraph/sample-mesh";
    e.idempotency_key = "sample-" + std::to_string(events_.size());
    e.payload = std::move(payload);
    events_.push_back(std::move(e));
  }

  std::vector<Event> take() { return std::move(events_); }

 private:
  Timestamp t_;
  std::vector<Event> events_;
};

DatasetDeclared product(DatasetRef d, std::string domain, std::string owner,
                        std::vector<SchemaField> schema, int64_t slo_seconds,
                        std::string description) {
  DatasetDeclared p;
  p.dataset = std::move(d);
  p.data_product = true;
  p.domain = std::move(domain);
  p.owners = {{std::move(owner), "MAINTAINER"}};
  p.version = "1";
  p.schema = std::move(schema);
  p.freshness_slo_seconds = slo_seconds;
  p.description = std::move(description);
  p.lifecycle_state = "ACTIVE";
  return p;
}

RunEvent run(std::string id, JobRef job, RunState state, std::vector<RunDataset> in,
             std::vector<RunDataset> out) {
  RunEvent r;
  r.run_id = std::move(id);
  r.job = std::move(job);
  r.state = state;
  r.job_type = "BATCH/SPARK/JOB";
  r.inputs = std::move(in);
  r.outputs = std::move(out);
  return r;
}

}  // namespace

std::vector<Event> sample_mesh_events(Timestamp start) {
  const DatasetRef orders = ds("kafka://broker:9092", "orders.events.v1");
  const DatasetRef customers = ds("postgres://crm:5432", "customers.profile.v2");
  const DatasetRef payments = ds("postgres://pay:5432", "payments.settlements.v1");
  const DatasetRef enriched = ds("s3://lake", "orders.enriched.v1");
  const DatasetRef revenue = ds("s3://lake", "finance.revenue.daily.v2");

  Builder b(start);
  b.add("team:orders", product(orders, "Orders", "team:orders",
                               {field("order_id", "string"), field("customer_id", "string"),
                                field("customer_email", "string", {"PII"}),
                                field("amount", "decimal(18,2)"), field("status", "string")},
                               300, "Every order placed, shipped or cancelled"));
  b.add("team:customers",
        product(customers, "Customers", "team:customers",
                {field("customer_id", "string"), field("email", "string", {"PII"}),
                 field("address", "string", {"PII"}), field("segment", "string")},
                3600, "One row per customer"));
  b.add("team:payments", product(payments, "Payments", "team:payments",
                                 {field("order_id", "string"), field("amount", "decimal(18,2)"),
                                  field("card_number", "string", {"PII"})},
                                 900, "Settled payments"));

  RunDataset enriched_out{enriched,
                          "v1",
                          {field("order_id", "string"), field("segment", "string"),
                           field("email_hash", "string"), field("amount", "decimal(18,2)")}};
  enriched_out.column_lineage = {
      {"order_id", {from(orders, "order_id", "IDENTITY")}},
      {"segment", {from(customers, "segment", "IDENTITY")}},
      {"email_hash", {from(customers, "email", "TRANSFORMATION", /*masking=*/true)}},
      {"amount", {from(orders, "amount", "IDENTITY")}},
  };
  const JobRef enrich{"spark://lake", "orders.enrich"};
  b.add("svc:airflow", run("0195a1d0-0000-7000-8000-000000000001", enrich, RunState::kStart,
                           {{orders}, {customers}}, {}));
  b.add("svc:airflow", run("0195a1d0-0000-7000-8000-000000000001", enrich, RunState::kComplete,
                           {{orders}, {customers}}, {enriched_out}));

  RunDataset revenue_out{
      revenue,
      "2026-09-30",
      {field("day", "date"), field("segment", "string"), field("revenue", "decimal(18,2)")}};
  revenue_out.column_lineage = {
      {"segment", {from(enriched, "segment", "IDENTITY")}},
      {"revenue",
       {from(enriched, "amount", "AGGREGATION"), from(payments, "amount", "AGGREGATION")}},
  };
  const JobRef daily{"dbt://finance", "finance.revenue_daily"};
  b.add("svc:dbt", run("0195a1d0-0000-7000-8000-000000000002", daily, RunState::kComplete,
                       {{enriched}, {payments}}, {revenue_out}));

  b.add("team:governance", Classified{orders, "customer_email", "PII", false, {}});
  b.add("team:finance", MembershipAdded{"finance-analysts", {PrincipalRef::Kind::kUser, "alice"}});
  b.add("team:finance",
        MembershipAdded{"finance", {PrincipalRef::Kind::kGroup, "finance-analysts"}});

  AccessGranted g;
  g.grant_id = "grant-1";
  g.grantee = {PrincipalRef::Kind::kGroup, "finance"};
  g.resource = {Resource::Kind::kDataset, revenue, {}, ""};
  g.privilege = "READ";
  g.purpose = "quarterly close";
  g.approver = "carol";
  g.ticket = "GOV-101";
  b.add("carol", g);
  AccessGranted g2 = g;
  g2.grant_id = "grant-2";
  g2.grantee = {PrincipalRef::Kind::kUser, "bob"};
  g2.resource = {Resource::Kind::kColumns, customers, {"customer_id", "segment"}, ""};
  g2.purpose = "";  // a grant with no purpose: the compliance report must flag it
  b.add("carol", g2);
  b.add("alice", AccessRecorded{{PrincipalRef::Kind::kUser, "alice"},
                                revenue,
                                {"revenue"},
                                AccessRecorded::Mode::kRead,
                                "trino",
                                "q-20260930-1"});
  b.add("carol", AccessRevoked{"grant-2", "purpose missing"});

  SchemaChanged change{orders,
                       "2",
                       {field("order_id", "string"), field("customer_id", "string"),
                        field("amount", "decimal(20,4)"), field("status", "string")},
                       "drop customer_email, widen amount"};
  b.add("team:orders",
        DeprecationNotice{orders, "1", Timestamp{start.unix_nanos + 90 * 24 * 60 * kMinute},
                          ds("kafka://broker:9092", "orders.events.v2"),
                          "v1 keeps customer_email until the sunset date"});
  b.add("team:orders", change);
  b.add("team:orders", OwnershipChanged{orders, {{"team:orders-platform", "MAINTAINER"}}});
  return b.take();
}

}  // namespace auditgraph
