#include "src/schema_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::json;

Status read_fields(const json& list, const std::string& path, std::vector<SchemaField>* out) {
  if (!list.is_array()) return Status::InvalidArgument(path + ": expected an array of fields");
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = path + "/" + std::to_string(i);
    const json& f = list[i];
    if (!f.is_object()) return Status::InvalidArgument(at + ": expected an object");
    auto name = f.find("name");
    if (name == f.end()) return Status::InvalidArgument(at + "/name: required field is missing");
    if (!name->is_string() || name->get<std::string>().empty()) {
      return Status::InvalidArgument(at + "/name: expected a non-empty string");
    }
    SchemaField field;
    field.name = name->get<std::string>();
    for (auto [key, slot] : {std::pair{"type", &field.type}, {"description", &field.description}}) {
      auto v = f.find(key);
      if (v == f.end() || v->is_null()) continue;
      if (!v->is_string()) return Status::InvalidArgument(at + "/" + key + ": expected a string");
      *slot = v->get<std::string>();
    }
    if (auto nested = f.find("fields"); nested != f.end()) {
      Status s = read_fields(*nested, at + "/fields", &field.fields);
      if (!s.ok()) return s;
    }
    out->push_back(std::move(field));
  }
  return Status::Ok();
}

}  // namespace

Status read_schema_fields(const json& doc, const std::string& path, std::vector<SchemaField>* out) {
  if (doc.is_object()) {
    return read_fields(doc.contains("fields") ? doc["fields"] : json(), path + "/fields", out);
  }
  return read_fields(doc, path, out);
}

Result<std::vector<SchemaField>> parse_schema_json(const std::string& text,
                                                   const std::string& what) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument(what + ": malformed JSON");
  std::vector<SchemaField> fields;
  if (Status s = read_schema_fields(doc, "", &fields); !s.ok()) {
    return Status::InvalidArgument(what + ": " + s.message());
  }
  return fields;
}

}  // namespace auditgraph
