#include "queries/lineage_cursor.h"

#include <charconv>
#include <cstdio>

namespace auditgraph::queries {

namespace {

// FNV-1a over the query's fields, the cursor and the budget left out.
uint64_t fingerprint(const LineageQuery& q) {
  uint64_t h = 0xcbf29ce484222325ull;
  auto add = [&](std::string_view bytes) {
    for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ull;
    h = (h ^ 0xff) * 0x100000001b3ull;  // a separator, so fields cannot run together
  };
  add(q.node);
  add(std::to_string(static_cast<int>(q.direction)));
  add(q.max_depth ? std::to_string(*q.max_depth) : "-");
  add(q.as_of_time ? std::to_string(q.as_of_time->unix_nanos) : "-");
  for (NodeKind k : q.kinds) add(node_kind_name(k));
  add(q.domain);
  add(q.include_edges ? "edges" : "nodes");
  return h;
}

bool parse(std::string_view s, uint64_t* out, int base = 10) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out, base);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

}  // namespace

std::string encode_cursor(const LineageQuery& query, const LineageCursor& cursor) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint(query)));
  return std::to_string(cursor.size) + "." + std::to_string(cursor.skip) + "." + hex;
}

Result<LineageCursor> decode_cursor(const LineageQuery& query) {
  const std::string_view s = query.cursor;
  const size_t a = s.find('.'), b = a == std::string_view::npos ? a : s.find('.', a + 1);
  LineageCursor c;
  uint64_t print = 0;
  if (b == std::string_view::npos || !parse(s.substr(0, a), &c.size) ||
      !parse(s.substr(a + 1, b - a - 1), &c.skip) || !parse(s.substr(b + 1), &print, 16)) {
    return Status::InvalidArgument("cursor: '" + query.cursor +
                                   "' is not a cursor from a partial lineage answer");
  }
  if (print != fingerprint(query)) {
    return Status::InvalidArgument(
        "cursor: it was made for another query (node, direction, depth, as-of, filters and "
        "edges must stay the same)");
  }
  return c;
}

}  // namespace auditgraph::queries
