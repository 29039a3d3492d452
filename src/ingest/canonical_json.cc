#include "src/ingest/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <utility>
#include <vector>

#include "auditgraph/hash.h"

namespace auditgraph::ingest {
namespace {

constexpr std::string_view kContentPrefix = "auditgraph:content:";

void append_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

template <class T>
void append_number(T v, std::string& out) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  // 64 bytes hold any int64, uint64 or shortest double, so to_chars cannot run out of room.
  out.append(buf, end);
}

}  // namespace

void append_canonical_json(const element& value, std::string& out) {
  switch (value.type()) {
    case simdjson::dom::element_type::OBJECT: {
      std::vector<std::pair<std::string_view, element>> members;
      for (auto [key, v] : object(value)) members.emplace_back(key, v);
      std::stable_sort(members.begin(), members.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      out += '{';
      for (size_t i = 0; i < members.size(); ++i) {
        if (i) out += ',';
        append_string(members[i].first, out);
        out += ':';
        append_canonical_json(members[i].second, out);
      }
      out += '}';
      return;
    }
    case simdjson::dom::element_type::ARRAY: {
      out += '[';
      bool first = true;
      for (element v : array(value)) {
        if (!first) out += ',';
        first = false;
        append_canonical_json(v, out);
      }
      out += ']';
      return;
    }
    case simdjson::dom::element_type::STRING:
      append_string(std::string_view(value), out);
      return;
    case simdjson::dom::element_type::INT64:
      append_number(int64_t(value), out);
      return;
    case simdjson::dom::element_type::UINT64:
      append_number(uint64_t(value), out);
      return;
    case simdjson::dom::element_type::DOUBLE: {
      const double d = double(value);
      // An integral double (1.0, 1e2) is written as the integer it is, as JCS does.
      if (d > -9.2e18 && d < 9.2e18 && d == static_cast<double>(static_cast<int64_t>(d)))
        append_number(static_cast<int64_t>(d), out);
      else
        append_number(d, out);
      return;
    }
    case simdjson::dom::element_type::BOOL:
      out += bool(value) ? "true" : "false";
      return;
    case simdjson::dom::element_type::NULL_VALUE:
      out += "null";
      return;
  }
}

std::string content_key(const element& event, std::string& scratch) {
  scratch.clear();
  append_canonical_json(event, scratch);
  std::string key(kContentPrefix);
  key += sha256(scratch).hex();
  return key;
}

bool is_content_key(std::string_view key) { return key.starts_with(kContentPrefix); }

}  // namespace auditgraph::ingest
