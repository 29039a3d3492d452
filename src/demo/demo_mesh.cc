#include "src/demo/demo_mesh.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <utility>

#include "auditgraph/ingest.h"
#include "src/event_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr int64_t kMinute = 60'000'000'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr const char* kProducer = "https://github.com/auditgraph/auditgraph/demo-mesh";
constexpr const char* kRunSchema =
    "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent";

Timestamp day(int d, int64_t offset = 0) {  // day d of the story (0 = 2026-09-01), plus offset
  return Timestamp{kDemoStart.unix_nanos + d * kDay + offset};
}
constexpr int kNovember = 61;  // 2026-11-01 is day 61

struct Column {
  std::string name, type;
  bool pii = false;
};

struct Dataset {
  std::string ns, name, domain, owner;  // owner "": nobody declared one
  std::vector<Column> columns;
  json ref() const { return {{"namespace", ns}, {"name", name}}; }
  const Column* column(const std::string& c) const {
    for (const auto& col : columns) {
      if (col.name == c) return &col;
    }
    return nullptr;
  }
};

// One output column's inputs: (dataset, column, subtype, masking).
struct Source {
  const Dataset* dataset;
  std::string column, subtype;
  bool masking = false;
};
using Lineage = std::vector<std::pair<std::string, std::vector<Source>>>;

struct Job {
  std::string ns, name;
  std::vector<const Dataset*> inputs;
  const Dataset* output;
  Lineage lineage;
};

json schema_json(const std::vector<Column>& columns) {
  json fields = json::array();
  for (const auto& c : columns) {
    json f = {{"name", c.name}, {"type", c.type}};
    if (c.pii) f["tags"] = {"PII"};
    fields.push_back(std::move(f));
  }
  return fields;
}

json principal(const std::string& kind, const std::string& name) {
  return {{"kind", kind}, {"name", name}};
}

class Mesh {
 public:
  explicit Mesh(uint64_t seed) : rng_(seed) {}

  const Dataset& dataset(std::string ns, std::string name, std::string domain, std::string owner,
                         std::vector<Column> columns) {
    datasets_.push_back(std::make_unique<Dataset>(Dataset{std::move(ns), std::move(name),
                                                          std::move(domain), std::move(owner),
                                                          std::move(columns)}));
    return *datasets_.back();
  }
  const std::vector<std::unique_ptr<Dataset>>& datasets() const { return datasets_; }

  // A native event at `t`, with a stable idempotency key.
  void native(Timestamp t, std::string kind, std::string actor, json body) {
    json e = {{"kind", std::move(kind)}, {"eventTime", format_rfc3339(t)}, {"actor", actor},
              {"producer", kProducer},
              {"idempotencyKey", "demo:" + std::to_string(events_.size())}};
    for (auto& [k, v] : body.items()) e[k] = v;
    events_.emplace_back(t.unix_nanos, e.dump());
  }

  void declare(Timestamp t, const Dataset& d, bool product, int64_t slo_seconds,
               std::string description) {
    json body = {{"dataset", d.ref()}, {"domain", d.domain}};
    if (!d.owner.empty()) body["owners"] = json::array({{{"name", d.owner}, {"type", "OWNER"}}});
    body["version"] = "1";
    body["description"] = std::move(description);
    body["schema"] = schema_json(d.columns);
    if (slo_seconds > 0) body["freshnessSloSeconds"] = slo_seconds;
    body["lifecycleState"] = "ACTIVE";
    native(t, product ? "data_product_published" : "dataset_declared", d.owner, std::move(body));
  }

  // One run of `job`: START at `t`, COMPLETE `minutes` later (nothing completes when !complete).
  void run(const Job& job, Timestamp t, int64_t minutes, bool complete = true) {
    const std::string id = uuid();
    json inputs = json::array();
    for (const Dataset* d : job.inputs) inputs.push_back(d->ref());
    json fields = json::object();
    for (const auto& [column, sources] : job.lineage) {
      json in = json::array();
      for (const Source& s : sources) {
        in.push_back({{"namespace", s.dataset->ns},
                      {"name", s.dataset->name},
                      {"field", s.column},
                      {"transformations",
                       json::array({{{"type", "DIRECT"},
                                     {"subtype", s.subtype},
                                     {"masking", s.masking}}})}});
      }
      fields[column] = {{"inputFields", std::move(in)}};
    }
    json out = job.output->ref();
    out["facets"] = {
        {"schema", {{"_producer", kProducer}, {"fields", schema_json(job.output->columns)}}},
        {"columnLineage", {{"_producer", kProducer}, {"fields", std::move(fields)}}}};
    auto event = [&](const char* type, Timestamp at, bool with_outputs) {
      json e = {{"eventType", type},
                {"eventTime", format_rfc3339(at)},
                {"run", {{"runId", id}}},
                {"job", {{"namespace", job.ns}, {"name", job.name}}},
                {"inputs", inputs},
                {"outputs", with_outputs ? json::array({out}) : json::array()},
                {"producer", kProducer},
                {"schemaURL", kRunSchema}};
      events_.emplace_back(at.unix_nanos, e.dump());
    };
    event("START", t, false);
    const Timestamp end{t.unix_nanos + minutes * kMinute};
    event(complete ? "COMPLETE" : "FAIL", end, complete);
  }

  uint64_t draw(uint64_t n) { return rng_() % n; }

  std::vector<std::string> take() {
    std::stable_sort(events_.begin(), events_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    out.reserve(events_.size());
    for (auto& [t, text] : events_) out.push_back(std::move(text));
    return out;
  }

 private:
  std::string uuid() {
    const uint64_t a = rng_(), b = rng_();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>(a >> 16 & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | (b >> 48 & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffull));
    return buf;
  }

  std::mt19937_64 rng_;
  std::vector<std::unique_ptr<Dataset>> datasets_;
  std::vector<std::pair<int64_t, std::string>> events_;
};

Source in(const Dataset& d, std::string column, std::string subtype = "IDENTITY",
          bool masking = false) {
  return {&d, std::move(column), std::move(subtype), masking};
}

// Grants, memberships, revocations and reads: who may and who did.
void access_story(Mesh& m, const std::map<std::string, const Dataset*>& p) {
  auto member = [&](int d, std::string group, std::string kind, std::string name) {
    m.native(day(d, 8 * kHour), "membership_added", "iam-bot",
             {{"group", std::move(group)}, {"member", principal(kind, std::move(name))}});
  };
  member(2, "analysts", "group", "finance-analysts");
  member(2, "finance-analysts", "group", "eu-finance-analysts");
  member(2, "eu-finance-analysts", "user", "dave");
  member(2, "finance-analysts", "user", "heidi");
  member(2, "exec-dashboards", "user", "ivan");
  member(2, "data-eng", "service", "airflow");

  auto grant = [&](int d, std::string id, json grantee, json resource, std::string privilege,
                   std::string purpose, std::optional<Timestamp> expires) {
    json body = {{"grantId", std::move(id)}, {"grantee", std::move(grantee)},
                 {"resource", std::move(resource)}, {"privilege", std::move(privilege)}};
    if (!purpose.empty()) body["purpose"] = std::move(purpose);
    body["approver"] = "carol";
    if (expires) body["expiresAt"] = format_rfc3339(*expires);
    body["ticket"] = "GOV-" + std::to_string(100 + d);
    m.native(day(d, 9 * kHour), "access_granted", "iam-bot", std::move(body));
  };
  auto on = [](const Dataset* d) { return json{{"kind", "dataset"}, {"dataset", d->ref()}}; };
  grant(3, "grant-001", principal("group", "finance-analysts"), on(p.at("revenue")), "READ",
        "quarterly close", day(211));  // 2027-03-31
  grant(3, "grant-002", principal("user", "bob"), on(p.at("profile")), "READ",
        "campaign targeting", std::nullopt);
  grant(4, "grant-003", principal("user", "bob"), on(p.at("attribution")), "READ", "",
        std::nullopt);
  grant(4, "grant-004", principal("group", "analysts"), {{"kind", "domain"}, {"domain", "Orders"}},
        "READ", "order analytics", day(kNovember + 14));  // expires 2026-11-15
  grant(5, "grant-005", principal("user", "erin"), on(p.at("transactions")), "READ",
        "fraud model", day(152));  // 2027-01-31
  grant(5, "grant-006", principal("user", "erin"), on(p.at("fraud")), "ADMIN", "model owner",
        std::nullopt);
  grant(6, "grant-007", principal("group", "data-eng"), {{"kind", "domain"}, {"domain", "Finance"}},
        "WRITE", "pipelines", std::nullopt);
  grant(6, "grant-008", principal("user", "mallory"), on(p.at("profile")), "READ",
        "churn study", day(120));
  grant(7, "grant-009", principal("group", "exec-dashboards"),
        {{"kind", "columns"}, {"dataset", p.at("revenue")->ref()},
         {"columns", {"day", "revenue"}}},
        "READ", "board reporting", day(211));
  grant(7, "grant-010", principal("user", "frank"), on(p.at("health")), "READ",
        "inventory planning", day(211));
  grant(kNovember + 4, "grant-011", principal("user", "dave"), on(p.at("revenue")), "WRITE",
        "backfill", day(kNovember + 19));
  grant(kNovember + 6, "grant-012", principal("user", "grace"), on(p.at("orders")), "READ",
        "audit", day(kNovember + 60));
  m.native(day(kNovember + 9, 10 * kHour), "access_revoked", "iam-bot",
           {{"grantId", "grant-008"}, {"reason", "study ended"}});

  // Reads: each principal's habits, weekdays only, from September on.
  struct Habit {
    std::string user;
    const Dataset* dataset;
    int every;  // days
  };
  const std::vector<Habit> habits = {
      {"dave", p.at("revenue"), 1},     {"heidi", p.at("revenue"), 2},
      {"ivan", p.at("revenue"), 7},     {"bob", p.at("profile"), 1},
      {"bob", p.at("attribution"), 2},  {"erin", p.at("fraud"), 1},
      {"erin", p.at("transactions"), 3}, {"frank", p.at("health"), 1},
      {"mallory", p.at("profile"), 4},  {"grace", p.at("orders"), 5},
  };
  for (int d = 0; d < kNovember + 30; ++d) {
    if ((d + 1) % 7 >= 5) continue;  // 2026-09-01 was a Tuesday: skip Saturdays and Sundays
    for (const Habit& h : habits) {
      if (d % h.every != 0) continue;
      if (h.user == "grace" && d < kNovember + 6) continue;
      m.native(day(d, 10 * kHour + static_cast<int64_t>(m.draw(360)) * kMinute),
               "access_recorded", "trino",
               {{"principal", principal("user", h.user)},
                {"dataset", h.dataset->ref()},
                {"mode", "read"},
                {"engine", "trino"},
                {"queryId", "q-" + std::to_string(d) + "-" + h.user}});
    }
  }
}

}  // namespace

std::vector<std::string> demo_mesh_events(const DemoMeshOptions& options) {
  Mesh m(options.seed);
  const std::string lake = "s3://lake", kafka = "kafka://broker:9092";
  // Sources.
  const Dataset& shop = m.dataset("postgres://shop:5432", "shop.public.orders", "Orders",
                                  "team:orders-platform",
                                  {{"order_id", "bigint"}, {"customer_id", "bigint"},
                                   {"email", "text", true}, {"address", "text", true},
                                   {"total", "numeric(12,2)"}, {"status", "text"},
                                   {"placed_at", "timestamptz"}});
  const Dataset& crm = m.dataset("postgres://crm:5432", "crm.public.customers", "Customers",
                                 "team:crm",
                                 {{"customer_id", "bigint"}, {"email", "text", true},
                                  {"address", "text", true}, {"segment", "text"},
                                  {"created_at", "timestamptz"}});
  const Dataset& transactions = m.dataset(
      kafka, "payments.transactions.v1", "Payments", "team:payments",
      {{"txn_id", "string"}, {"order_id", "string"}, {"card_number", "string", true},
       {"amount", "decimal(12,2)"}, {"currency", "string"}});
  const Dataset& sap = m.dataset("postgres://erp-sap:5432", "sap.public.mara", "Supply Chain",
                                 "team:erp", {{"material", "text"}, {"plant", "text"},
                                              {"reorder_level", "int"}});
  const Dataset& stock = m.dataset("oracle://erp-ora:1521", "INVENTORY.STOCK_LEVELS",
                                   "Supply Chain", "team:erp",
                                   {{"material", "varchar2"}, {"on_hand", "number"}});
  const Dataset& shipments =
      m.dataset("sqlserver://erp-dyn:1433", "dynamics.dbo.shipments", "Supply Chain", "team:erp",
                {{"shipment_id", "nvarchar"}, {"material", "nvarchar"}, {"eta", "datetime2"}});
  // Products and derived datasets.
  const Dataset& orders = m.dataset(
      kafka, "orders.events.v1", "Orders", "team:orders-platform",
      {{"order_id", "string"}, {"customer_id", "string"}, {"customer_email", "string", true},
       {"shipping_address", "string", true}, {"amount", "decimal(12,2)"}, {"status", "string"},
       {"placed_at", "timestamp"}});
  const Dataset& profile = m.dataset(
      lake, "customers.profile.v2", "Customers", "team:customers-data",
      {{"customer_id", "string"}, {"email_hash", "string"}, {"address", "string", true},
       {"segment", "string"}, {"lifetime_value", "decimal(14,2)"}});
  const Dataset& settlements = m.dataset(
      lake, "payments.settlements.v1", "Payments", "team:payments",
      {{"txn_id", "string"}, {"order_id", "string"}, {"card_last4", "string"},
       {"amount", "decimal(12,2)"}});
  const Dataset& revenue = m.dataset(
      lake, "finance.revenue.daily.v2", "Finance", "team:finance-data",
      {{"day", "date"}, {"segment", "string"}, {"revenue", "decimal(18,2)"}});
  const Dataset& attribution = m.dataset(
      lake, "marketing.campaign.attribution.v1", "Marketing", "team:growth",
      {{"order_id", "string"}, {"customer_email", "string"}, {"campaign", "string"},
       {"revenue", "decimal(18,2)"}});
  const Dataset& legacy = m.dataset(lake, "marketing.segments.legacy.v1", "Marketing",
                                    "team:growth", {{"segment", "string"}, {"size", "bigint"}});
  const Dataset& fraud = m.dataset(
      lake, "risk.fraud.scores.v1", "Risk", "team:risk-ml",
      {{"txn_id", "string"}, {"card_hash", "string"}, {"score", "double"}});
  const Dataset& health = m.dataset(
      lake, "supplychain.health.v1", "Supply Chain", "team:supply-chain",
      {{"material", "string"}, {"on_hand", "bigint"}, {"late_shipments", "bigint"},
       {"open_orders", "bigint"}});
  const Dataset& export_ = m.dataset(lake, "tmp.orders_export", "", "",
                                     {{"order_id", "string"}, {"customer_email", "string"}});

  // Catalogue: declared on the first day.
  m.declare(day(0, 8 * kHour), shop, false, 0, "The shop's orders table (CDC source)");
  m.declare(day(0, 8 * kHour), crm, false, 0, "CRM customers (CDC source)");
  m.declare(day(0, 8 * kHour), sap, false, 0, "SAP material master (CDC feed)");
  m.declare(day(0, 8 * kHour), stock, false, 0, "Oracle ERP stock levels (CDC feed)");
  m.declare(day(0, 8 * kHour), shipments, false, 0, "Dynamics shipments (CDC feed)");
  m.declare(day(0, 9 * kHour), orders, true, 300, "Every order placed, shipped or cancelled");
  m.declare(day(0, 9 * kHour), transactions, true, 900, "Card transactions as they clear");
  m.declare(day(0, 9 * kHour), profile, true, 93'600, "One row per customer");
  m.declare(day(0, 9 * kHour), settlements, true, 93'600, "Settled payments");
  m.declare(day(0, 9 * kHour), revenue, true, 93'600, "Revenue per day and segment");
  m.declare(day(0, 9 * kHour), attribution, true, 93'600, "Orders attributed to campaigns");
  m.declare(day(0, 9 * kHour), legacy, true, 0, "Customer segments of the old CRM");
  m.declare(day(0, 9 * kHour), fraud, true, 93'600, "Fraud score per transaction");
  m.declare(day(0, 9 * kHour), health, true, 93'600, "Stock, shipments and open orders");

  // Pipelines.
  const std::vector<Job> daily = {
      {"spark://lake", "customers.profile.build", {&crm, &orders}, &profile,
       {{"customer_id", {in(crm, "customer_id")}},
        {"email_hash", {in(crm, "email", "TRANSFORMATION", true)}},
        {"address", {in(crm, "address")}},
        {"segment", {in(crm, "segment")}},
        {"lifetime_value", {in(orders, "amount", "AGGREGATION")}}}},
      {"spark://lake", "payments.settle", {&transactions}, &settlements,
       {{"txn_id", {in(transactions, "txn_id")}},
        {"order_id", {in(transactions, "order_id")}},
        {"card_last4", {in(transactions, "card_number", "TRANSFORMATION", true)}},
        {"amount", {in(transactions, "amount")}}}},
      {"dbt://warehouse", "finance.revenue.daily", {&orders, &settlements, &profile}, &revenue,
       {{"day", {in(orders, "placed_at", "TRANSFORMATION")}},
        {"segment", {in(profile, "segment")}},
        {"revenue", {in(settlements, "amount", "AGGREGATION")}}}},
      {"dbt://warehouse", "marketing.attribution", {&orders, &profile}, &attribution,
       {{"order_id", {in(orders, "order_id")}},
        {"customer_email", {in(orders, "customer_email")}},
        {"campaign", {in(profile, "segment", "TRANSFORMATION")}},
        {"revenue", {in(orders, "amount", "AGGREGATION")}}}},
      {"spark://lake", "risk.fraud.score", {&transactions, &profile}, &fraud,
       {{"txn_id", {in(transactions, "txn_id")}},
        {"card_hash", {in(transactions, "card_number", "TRANSFORMATION", true)}},
        {"score", {in(transactions, "amount", "TRANSFORMATION"),
                   in(profile, "lifetime_value", "TRANSFORMATION")}}}},
      {"spark://lake", "supplychain.health", {&sap, &stock, &shipments, &orders}, &health,
       {{"material", {in(sap, "material")}},
        {"on_hand", {in(stock, "on_hand", "AGGREGATION")}},
        {"late_shipments", {in(shipments, "eta", "AGGREGATION")}},
        {"open_orders", {in(orders, "order_id", "AGGREGATION")}}}},
  };
  const Job stream{"flink://orders", "orders.stream", {&shop}, &orders,
                   {{"order_id", {in(shop, "order_id")}},
                    {"customer_id", {in(shop, "customer_id")}},
                    {"customer_email", {in(shop, "email")}},
                    {"shipping_address", {in(shop, "address")}},
                    {"amount", {in(shop, "total")}},
                    {"status", {in(shop, "status")}},
                    {"placed_at", {in(shop, "placed_at")}}}};
  const Job legacy_job{"spark://lake", "marketing.segments.legacy", {&profile}, &legacy,
                       {{"segment", {in(profile, "segment")}},
                        {"size", {in(profile, "customer_id", "AGGREGATION")}}}};
  const Job export_job{"airflow://adhoc", "adhoc.orders_export", {&orders}, &export_,
                       {{"order_id", {in(orders, "order_id")}},
                        {"customer_email", {in(orders, "customer_email")}}}};

  // Weekly before November, daily in it: the stream first, then the batch jobs after it.
  for (int d = 0; d < kNovember + 30; ++d) {
    const bool november = d >= kNovember;
    if (!november && d % 7 != 0) continue;
    if (!november) m.run(stream, day(d, 1 * kHour), 5);
    for (const Job& job : daily) {
      if (job.name == "finance.revenue.daily" && d == kNovember + 16) continue;  // missed a day
      m.run(job, day(d, 2 * kHour), 20 + static_cast<int64_t>(m.draw(30)));
    }
    if (!november) m.run(legacy_job, day(d, 3 * kHour), 10);
  }
  // The last day: the stream's micro-batches every 5 minutes from noon, with half an hour lost.
  for (int64_t minute = 12 * 60; minute < 24 * 60; minute += 5) {
    if (minute >= 15 * 60 && minute < 15 * 60 + 30) continue;
    m.run(stream, day(kNovember + 29, (minute - 4) * kMinute), 4);
  }
  m.run(export_job, day(kNovember + 12, 14 * kHour), 3);
  m.run(export_job, day(kNovember + 13, 14 * kHour), 3, /*complete=*/false);

  // Classifications, schema changes, a deprecation, an ownership change.
  m.native(day(1, 10 * kHour), "classified", "privacy-office",
           {{"dataset", profile.ref()}, {"field", "address"}, {"tag", "PII"}});
  m.native(day(kNovember + 1, 12 * kHour), "deprecation", "team:orders-platform",
           {{"dataset", orders.ref()},
            {"version", "1"},
            {"sunset", format_rfc3339(day(152))},
            {"replacement", {{"namespace", kafka}, {"name", "orders.events.v2"}}},
            {"note", "v2 drops shipping_address; read it from the customer profile"}});
  auto change_schema = [&](int d, const Dataset& ds, std::vector<Column> next,
                           const char* version, const char* reason) {
    m.native(day(d, 9 * kHour), "schema_changed", ds.owner,
             {{"dataset", ds.ref()}, {"version", version}, {"schema", schema_json(next)},
              {"reason", reason}});
  };
  std::vector<Column> orders_v2 = orders.columns, transactions_v2 = transactions.columns,
                      profile_v3 = profile.columns;
  std::erase_if(orders_v2, [](const Column& c) { return c.name == "shipping_address"; });
  for (auto& c : transactions_v2) {
    if (c.name == "amount") c.type = "decimal(18,4)";
  }
  profile_v3.push_back({"loyalty_tier", "string"});
  change_schema(kNovember + 8, orders, orders_v2, "2",
                "drop shipping_address (announced on 2026-11-02)");
  change_schema(kNovember + 11, transactions, transactions_v2, "2", "sub-cent precision");
  change_schema(kNovember + 19, profile, profile_v3, "3", "add loyalty_tier");
  m.native(day(kNovember + 2, 10 * kHour), "ownership_changed", "governance-council",
           {{"dataset", revenue.ref()},
            {"owners", json::array({{{"name", "team:finance-platform"}, {"type", "OWNER"}}})}});

  access_story(m, {{"orders", &orders}, {"profile", &profile}, {"revenue", &revenue},
                   {"attribution", &attribution}, {"transactions", &transactions},
                   {"fraud", &fraud}, {"health", &health}});

  // Scale: twenty more derived datasets per step, each reading one to three earlier ones.
  static const char* const kDomains[] = {"Orders", "Customers", "Payments", "Marketing",
                                         "Finance", "Risk", "Supply Chain"};
  static const char* const kUsers[] = {"dave", "heidi", "bob", "erin", "frank", "grace"};
  for (uint32_t step = 2; step <= options.scale; ++step) {
    for (int k = 0; k < 20; ++k) {
      const auto& pool = m.datasets();
      const std::string domain = kDomains[m.draw(7)];
      std::string prefix;
      for (char c : domain) prefix += c == ' ' ? '_' : static_cast<char>(std::tolower(c));
      const std::string name =
          prefix + ".derived.s" + std::to_string(step) + "_" + std::to_string(k) + ".v1";
      Job job{"spark://lake", prefix + ".build.s" + std::to_string(step) + "_" + std::to_string(k),
              {}, nullptr, {}};
      const size_t fan_in = 1 + m.draw(3);
      std::vector<Column> columns = {{"key", "string"}};
      Lineage lineage;
      for (size_t i = 0; i < fan_in; ++i) {
        const Dataset* input = pool[m.draw(pool.size())].get();
        if (std::find(job.inputs.begin(), job.inputs.end(), input) != job.inputs.end()) continue;
        job.inputs.push_back(input);
        const Column& c = input->columns[m.draw(input->columns.size())];
        const bool masked = c.pii && m.draw(2) == 0;
        const std::string out = "c" + std::to_string(i) + "_" + c.name;
        columns.push_back({out, c.type, c.pii && !masked});
        lineage.push_back({out, {in(*input, c.name, masked ? "TRANSFORMATION" : "IDENTITY",
                                    masked)}});
        if (i == 0) lineage.push_back({"key", {in(*input, c.name, "TRANSFORMATION")}});
      }
      const Dataset& out = m.dataset(lake, name, domain, "team:" + prefix, columns);
      job.output = &out;
      job.lineage = std::move(lineage);
      const bool product = k % 5 == 0;
      m.declare(day(static_cast<int>(m.draw(kNovember))), out, product, product ? 93'600 : 0,
                "Derived data, scale step " + std::to_string(step));
      for (int week = 0; week < 4; ++week) {
        m.run(job, day(kNovember + 7 * week + static_cast<int>(m.draw(7)), 4 * kHour), 15);
      }
      const std::string user = kUsers[m.draw(6)];
      m.native(day(kNovember + static_cast<int>(m.draw(10)), 9 * kHour), "access_granted",
               "iam-bot",
               {{"grantId", "grant-s" + std::to_string(step) + "-" + std::to_string(k)},
                {"grantee", principal("user", user)},
                {"resource", {{"kind", "dataset"}, {"dataset", out.ref()}}},
                {"privilege", "READ"},
                {"purpose", "analysis"},
                {"expiresAt", format_rfc3339(day(kNovember + 90))}});
      for (int r = 0; r < 3; ++r) {
        m.native(day(kNovember + 10 + static_cast<int>(m.draw(19)), 11 * kHour),
                 "access_recorded", "trino",
                 {{"principal", principal("user", user)}, {"dataset", out.ref()}, {"mode", "read"},
                  {"engine", "trino"}});
      }
    }
  }
  return m.take();
}

Result<DemoLoad> load_demo_mesh(EventLog& log, const DemoMeshOptions& options) {
  const std::vector<std::string> events = demo_mesh_events(options);
  Ingestor ingestor(log);
  size_t fresh = 0;
  for (size_t at = 0; at < events.size(); at += 1000) {
    std::string batch;
    for (size_t i = at; i < std::min(events.size(), at + 1000); ++i) {
      batch += events[i];
      batch += '\n';
    }
    auto receipt = ingestor.ingest(batch);
    if (!receipt.ok()) return receipt.status();
    if (!receipt->errors.empty()) {
      return Status::InvalidArgument("demo mesh: the generator wrote an event ingest refuses: " +
                              receipt->errors.front().message());
    }
    fresh += receipt->written();
  }
  return DemoLoad{events.size(), fresh};
}

}  // namespace auditgraph
