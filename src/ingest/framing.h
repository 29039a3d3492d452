// Splitting a batch's text into the texts of its events, without parsing them.
#pragma once

#include <string_view>
#include <vector>

namespace auditgraph::ingest {

// JSON's four whitespace characters (RFC 8259), nothing else.
inline bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim_json_space(std::string_view s);

// The texts of the elements of a top-level JSON array, exactly as they appear (without the
// whitespace around them).
// REQUIRES: `text` is a valid JSON array (checked by a parser first).
std::vector<std::string_view> split_array(std::string_view text);

// One non-blank line of NDJSON: its text (without "\r\n") and its 1-based line number.
struct Line {
  std::string_view text;
  size_t number = 0;
};
std::vector<Line> split_lines(std::string_view text);

}  // namespace auditgraph::ingest
