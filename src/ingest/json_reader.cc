#include "src/ingest/json_reader.h"

#include <string>

namespace auditgraph::ingest {

std::string Path::str() const {
  std::vector<const Path*> chain;
  for (const Path* p = this; p && p->parent; p = p->parent) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    out += '/';
    if ((*it)->is_index) {
      out += std::to_string((*it)->index);
      continue;
    }
    for (char c : (*it)->key) {  // RFC 6901 escapes
      if (c == '~')
        out += "~0";
      else if (c == '/')
        out += "~1";
      else
        out += c;
    }
  }
  return out;
}

const char* type_name(const element& e) {
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY:
      return "an array";
    case simdjson::dom::element_type::OBJECT:
      return "an object";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
      return "a number";
    case simdjson::dom::element_type::STRING:
      return "a string";
    case simdjson::dom::element_type::BOOL:
      return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

void JsonReader::fail(const Path& at, std::string reason) {
  if (failed_) return;
  failed_ = true;
  error_path_ = at.str();
  error_reason_ = std::move(reason);
}

std::optional<object> JsonReader::as_object(const element& e, const Path& at) {
  object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) {
    fail(at, std::string("expected an object, got ") + type_name(e));
    return std::nullopt;
  }
  return o;
}

std::optional<element> JsonReader::field(const object& o, std::string_view key) {
  element e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  return e;
}

namespace {
bool present_but_null(const object& o, std::string_view key) {
  element e;
  return o.at_key(key).get(e) == simdjson::SUCCESS && e.is_null();
}
}  // namespace

std::optional<object> JsonReader::req_object(const object& o, std::string_view key,
                                             const Path& at) {
  auto e = field(o, key);
  if (!e) {
    fail(at / key, present_but_null(o, key) ? "must not be null" : "required field is missing");
    return std::nullopt;
  }
  return as_object(*e, at / key);
}

std::string_view JsonReader::req_string(const object& o, std::string_view key, const Path& at,
                                        bool non_empty) {
  auto e = field(o, key);
  if (!e) {
    fail(at / key, present_but_null(o, key) ? "must not be null" : "required field is missing");
    return {};
  }
  std::string_view s;
  if (e->get_string().get(s) != simdjson::SUCCESS) {
    fail(at / key, std::string("expected a string, got ") + type_name(*e));
    return {};
  }
  if (non_empty && s.empty()) {
    fail(at / key, "must not be empty");
    return {};
  }
  return checked(s, at / key);
}

std::optional<object> JsonReader::opt_object(const object& o, std::string_view key,
                                             const Path& at) {
  auto e = field(o, key);
  if (!e) return std::nullopt;
  return as_object(*e, at / key);
}

std::optional<array> JsonReader::opt_array(const object& o, std::string_view key, const Path& at) {
  auto e = field(o, key);
  if (!e) return std::nullopt;
  array a;
  if (e->get_array().get(a) != simdjson::SUCCESS) {
    fail(at / key, std::string("expected an array, got ") + type_name(*e));
    return std::nullopt;
  }
  return a;
}

std::string_view JsonReader::opt_string(const object& o, std::string_view key, const Path& at) {
  auto e = field(o, key);
  if (!e) return {};
  std::string_view s;
  if (e->get_string().get(s) != simdjson::SUCCESS) {
    fail(at / key, std::string("expected a string, got ") + type_name(*e));
    return {};
  }
  return checked(s, at / key);
}

std::optional<int64_t> JsonReader::opt_int(const object& o, std::string_view key, const Path& at) {
  auto e = field(o, key);
  if (!e) return std::nullopt;
  int64_t v = 0;
  if (e->get_int64().get(v) != simdjson::SUCCESS) {
    fail(at / key,
         std::string("expected an integer, got ") +
             (e->is_number() ? "a number out of range or with a fraction" : type_name(*e)));
    return std::nullopt;
  }
  return v;
}

bool JsonReader::opt_bool(const object& o, std::string_view key, const Path& at) {
  auto e = field(o, key);
  if (!e) return false;
  bool v = false;
  if (e->get_bool().get(v) != simdjson::SUCCESS) {
    fail(at / key, std::string("expected a boolean, got ") + type_name(*e));
    return false;
  }
  return v;
}

std::optional<Timestamp> JsonReader::opt_time(const object& o, std::string_view key,
                                              const Path& at) {
  std::string_view s = opt_string(o, key, at);
  if (s.empty()) return std::nullopt;
  auto t = parse_rfc3339(s);
  if (!t) fail(at / key, "not an RFC 3339 date-time (e.g. 2026-09-30T12:00:00Z)");
  return t;
}

std::string_view JsonReader::req_enum(const object& o, std::string_view key, const Path& at,
                                      std::initializer_list<std::string_view> allowed) {
  std::string_view s = req_string(o, key, at);
  if (!ok()) return {};
  for (auto a : allowed) {
    if (s == a) return s;
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  fail(at / key, "must be one of " + list);
  return {};
}

std::string_view JsonReader::checked(std::string_view s, const Path& at) {
  if (s.size() > limits_.max_string_bytes) {
    fail(at, "string of " + std::to_string(s.size()) + " bytes is longer than the limit of " +
                 std::to_string(limits_.max_string_bytes));
    return {};
  }
  return s;
}

std::string_view JsonReader::string_of(const element& e, const Path& at, bool non_empty) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) {
    fail(at, std::string("expected a string, got ") + type_name(e));
    return {};
  }
  if (non_empty && s.empty()) {
    fail(at, "must not be empty");
    return {};
  }
  return checked(s, at);
}

bool JsonReader::bool_of(const element& e, const Path& at) {
  bool v = false;
  if (e.get_bool().get(v) != simdjson::SUCCESS)
    fail(at, std::string("expected a boolean, got ") + type_name(e));
  return v;
}

void JsonReader::require(bool seen, const Path& at, std::string_view key) {
  if (!seen) fail(at / key, "required field is missing");
}

std::vector<Owner> read_owners(JsonReader& r, const object& o, const Path& at) {
  std::vector<Owner> out;
  r.each_object(o, "owners", at, [&](const object& owner, const Path& p) {
    out.push_back(
        {std::string(r.req_string(owner, "name", p)), std::string(r.opt_string(owner, "type", p))});
  });
  return out;
}

DatasetRef read_dataset_ref(JsonReader& r, const object& o, const Path& at) {
  DatasetRef d;
  d.ns = r.req_string(o, "namespace", at);
  d.name = r.req_string(o, "name", at);
  return d;
}

std::string to_json_text(const element& e) { return simdjson::minify(e); }

}  // namespace auditgraph::ingest
