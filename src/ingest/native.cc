// Native events: one JSON shape per payload kind, documented with an example each in
// docs/events.md. Field names are camelCase, like OpenLineage's.
#include "src/ingest/native.h"

#include <string>

#include "auditgraph/hash.h"

namespace auditgraph::ingest {
namespace {

DatasetRef req_dataset(JsonReader& r, const object& o, std::string_view key, const Path& at) {
  auto d = r.req_object(o, key, at);
  return d ? read_dataset_ref(r, *d, at / key) : DatasetRef{};
}

PrincipalRef req_principal(JsonReader& r, const object& o, std::string_view key, const Path& at) {
  PrincipalRef p;
  auto obj = r.req_object(o, key, at);
  if (!obj) return p;
  std::string_view kind = r.req_enum(*obj, "kind", at / key, {"user", "group", "service"});
  p.kind = kind == "group"     ? PrincipalRef::Kind::kGroup
           : kind == "service" ? PrincipalRef::Kind::kService
                               : PrincipalRef::Kind::kUser;
  p.name = r.req_string(*obj, "name", at / key);
  return p;
}

std::vector<std::string> opt_strings(JsonReader& r, const object& o, std::string_view key,
                                     const Path& at) {
  std::vector<std::string> out;
  auto list = r.opt_array(o, key, at);
  if (!list) return out;
  const Path list_at = at / key;
  size_t i = 0;
  for (element e : *list) {
    const Path p = list_at[i++];
    std::string_view s;
    if (e.get_string().get(s) != simdjson::SUCCESS) {
      r.fail(p, std::string("expected a string, got ") + type_name(e));
      break;
    }
    if (s.empty()) {
      r.fail(p, "must not be empty");
      break;
    }
    out.emplace_back(r.checked(s, p));
  }
  return out;
}

std::vector<Owner> owners(JsonReader& r, const object& o, const Path& at, bool required) {
  if (required) {
    auto list = r.opt_array(o, "owners", at);
    if (!list || list->size() == 0) {
      r.fail(at / "owners", list ? "must name at least one owner" : "required field is missing");
      return {};
    }
  }
  return read_owners(r, o, at);
}

std::vector<SchemaField> schema(JsonReader& r, const array& list, const Path& at) {
  std::vector<SchemaField> out;
  r.each_object(list, at, [&](const object& obj, const Path& p) {
    SchemaField f;
    f.name = r.req_string(obj, "name", p);
    f.type = r.req_string(obj, "type", p);
    f.description = r.opt_string(obj, "description", p);
    f.tags = opt_strings(r, obj, "tags", p);
    if (auto nested = r.opt_array(obj, "fields", p)) f.fields = schema(r, *nested, p / "fields");
    if (r.ok()) out.push_back(std::move(f));
  });
  return out;
}

std::vector<SchemaField> req_schema(JsonReader& r, const object& o, const Path& at) {
  auto list = r.opt_array(o, "schema", at);
  if (!list) {
    if (r.ok()) r.fail(at / "schema", "required field is missing");
    return {};
  }
  return schema(r, *list, at / "schema");
}

DatasetDeclared dataset_declared(JsonReader& r, const object& o, bool product) {
  const Path at;
  DatasetDeclared d;
  d.dataset = req_dataset(r, o, "dataset", at);
  d.data_product = product;
  d.domain = product ? r.req_string(o, "domain", at) : r.opt_string(o, "domain", at);
  d.owners = owners(r, o, at, product);
  d.version = r.opt_string(o, "version", at);
  if (product) {
    d.schema = req_schema(r, o, at);
  } else if (auto list = r.opt_array(o, "schema", at)) {
    d.schema = schema(r, *list, at / "schema");
  }
  d.freshness_slo_seconds = r.opt_int(o, "freshnessSloSeconds", at);
  if (d.freshness_slo_seconds && *d.freshness_slo_seconds <= 0)
    r.fail(at / "freshnessSloSeconds", "must be a positive number of seconds");
  d.description = r.opt_string(o, "description", at);
  d.lifecycle_state = r.opt_string(o, "lifecycleState", at);
  r.each_object(o, "aliases", at, [&](const object& alias, const Path& p) {
    d.aliases.push_back(read_dataset_ref(r, alias, p));
  });
  return d;
}

AccessGranted access_granted(JsonReader& r, const object& o) {
  const Path at;
  AccessGranted g;
  g.grant_id = r.req_string(o, "grantId", at);
  g.grantee = req_principal(r, o, "grantee", at);
  if (auto res = r.req_object(o, "resource", at)) {
    const Path rp = at / "resource";
    std::string_view kind = r.req_enum(*res, "kind", rp, {"dataset", "columns", "domain"});
    if (kind == "domain") {
      g.resource.kind = Resource::Kind::kDomain;
      g.resource.domain = r.req_string(*res, "domain", rp);
    } else if (!kind.empty()) {
      g.resource.kind = kind == "columns" ? Resource::Kind::kColumns : Resource::Kind::kDataset;
      g.resource.dataset = req_dataset(r, *res, "dataset", rp);
      if (g.resource.kind == Resource::Kind::kColumns) {
        g.resource.columns = opt_strings(r, *res, "columns", rp);
        if (r.ok() && g.resource.columns.empty())
          r.fail(rp / "columns", "a columns grant must name at least one column");
      }
    }
  }
  g.privilege = r.req_enum(o, "privilege", at, {"READ", "WRITE", "ADMIN"});
  g.purpose = r.opt_string(o, "purpose", at);
  g.approver = r.opt_string(o, "approver", at);
  if (auto t = r.opt_time(o, "expiresAt", at)) g.expires_at = t;
  g.ticket = r.opt_string(o, "ticket", at);
  return g;
}

AccessRecorded access_recorded(JsonReader& r, const object& o) {
  const Path at;
  AccessRecorded a;
  a.principal = req_principal(r, o, "principal", at);
  a.dataset = req_dataset(r, o, "dataset", at);
  a.columns = opt_strings(r, o, "columns", at);
  if (r.field(o, "mode")) {
    a.mode = r.req_enum(o, "mode", at, {"read", "write"}) == "write" ? AccessRecorded::Mode::kWrite
                                                                     : AccessRecorded::Mode::kRead;
  }
  a.engine = r.opt_string(o, "engine", at);
  a.query_id = r.opt_string(o, "queryId", at);
  return a;
}

}  // namespace

void read_native(JsonReader& r, const object& o, Event& out) {
  const Path at;
  std::string_view kind =
      r.req_enum(o, "kind", at,
                 {"data_product_published", "dataset_declared", "schema_changed", "deprecation",
                  "ownership_changed", "classified", "access_granted", "access_revoked",
                  "membership_added", "membership_removed", "access_recorded", "tag_defined"});
  if (!r.ok()) return;
  auto time = r.field(o, "eventTime") ? r.opt_time(o, "eventTime", at) : std::nullopt;
  if (r.ok() && !time) r.fail(at / "eventTime", "required field is missing");
  if (time) out.event_time = *time;
  out.actor = r.opt_string(o, "actor", at);
  out.producer = r.opt_string(o, "producer", at);
  out.idempotency_key = r.opt_string(o, "idempotencyKey", at);
  if (out.idempotency_key.rfind("auditgraph:", 0) == 0) {
    r.fail(at / "idempotencyKey", "keys starting with 'auditgraph:' are reserved for the engine");
  }

  if (kind == "data_product_published" || kind == "dataset_declared") {
    out.payload = dataset_declared(r, o, kind == "data_product_published");
  } else if (kind == "schema_changed") {
    SchemaChanged c;
    c.dataset = req_dataset(r, o, "dataset", at);
    c.version = r.opt_string(o, "version", at);
    c.schema = req_schema(r, o, at);
    c.reason = r.opt_string(o, "reason", at);
    out.payload = std::move(c);
  } else if (kind == "deprecation") {
    DeprecationNotice d;
    d.dataset = req_dataset(r, o, "dataset", at);
    d.version = r.opt_string(o, "version", at);
    auto sunset = r.field(o, "sunset") ? r.opt_time(o, "sunset", at) : std::nullopt;
    if (r.ok() && !sunset) r.fail(at / "sunset", "required field is missing");
    if (sunset) d.sunset = *sunset;
    if (auto rep = r.opt_object(o, "replacement", at))
      d.replacement = read_dataset_ref(r, *rep, at / "replacement");
    d.note = r.opt_string(o, "note", at);
    out.payload = std::move(d);
  } else if (kind == "ownership_changed") {
    out.payload = OwnershipChanged{req_dataset(r, o, "dataset", at), owners(r, o, at, true)};
  } else if (kind == "classified") {
    Classified c;
    // On a dataset (or one of its fields) or on a job: exactly one of the two.
    const bool on_job = r.field(o, "job").has_value();
    if (on_job && r.field(o, "dataset")) {
      r.fail(at / "job", "give either dataset or job, not both");
    } else if (on_job) {
      if (auto j = r.req_object(o, "job", at)) {
        JobRef job;
        job.ns = r.req_string(*j, "namespace", at / "job");
        job.name = r.req_string(*j, "name", at / "job");
        c.job = std::move(job);
      }
      if (r.field(o, "field")) r.fail(at / "field", "a job has no fields; field needs a dataset");
    } else if (!r.field(o, "dataset")) {
      r.fail(at / "dataset", "required field is missing (or give job)");
    } else {
      c.dataset = req_dataset(r, o, "dataset", at);
    }
    c.field = r.opt_string(o, "field", at);
    c.tag = r.req_string(o, "tag", at);
    c.removed = r.opt_bool(o, "removed", at);
    out.payload = std::move(c);
  } else if (kind == "access_granted") {
    out.payload = access_granted(r, o);
  } else if (kind == "access_revoked") {
    out.payload = AccessRevoked{std::string(r.req_string(o, "grantId", at)),
                                std::string(r.opt_string(o, "reason", at))};
  } else if (kind == "membership_added" || kind == "membership_removed") {
    std::string group(r.req_string(o, "group", at));
    PrincipalRef member = req_principal(r, o, "member", at);
    if (kind == "membership_added")
      out.payload = MembershipAdded{std::move(group), std::move(member)};
    else
      out.payload = MembershipRemoved{std::move(group), std::move(member)};
  } else if (kind == "tag_defined") {
    out.payload = TagDefined{std::string(r.req_string(o, "tag", at)),
                             std::string(r.opt_string(o, "description", at))};
  } else {
    out.payload = access_recorded(r, o);
  }
  // Without a key of its own, the parser keys the event by its content (content_key).
}

}  // namespace auditgraph::ingest
