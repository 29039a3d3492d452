#include "src/ingest/framing.h"

#include <cstring>

namespace auditgraph::ingest {

std::string_view trim_json_space(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_json_space(s[b])) ++b;
  while (e > b && is_json_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::vector<std::string_view> split_array(std::string_view text) {
  std::vector<std::string_view> out;
  text = trim_json_space(text);
  size_t i = 1;  // past '['
  int depth = 0;
  size_t start = std::string_view::npos;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {  // skip the string: to the next quote not escaped by an odd run of '\\'
      if (start == std::string_view::npos) start = i;
      while (true) {
        const void* q = std::memchr(text.data() + i + 1, '"', text.size() - i - 1);
        if (!q) {
          i = text.size();
          break;
        }
        i = static_cast<size_t>(static_cast<const char*>(q) - text.data());
        size_t backslashes = 0;
        while (text[i - 1 - backslashes] == '\\') ++backslashes;
        if (backslashes % 2 == 0) break;
      }
      continue;
    }
    if (depth == 0 && (c == ',' || c == ']')) {
      if (start != std::string_view::npos)
        out.push_back(trim_json_space(text.substr(start, i - start)));
      start = std::string_view::npos;
      if (c == ']') break;
      continue;
    }
    if (is_json_space(c)) continue;
    if (start == std::string_view::npos) start = i;
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
  }
  return out;
}

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> out;
  size_t pos = 0, number = 0;
  while (pos < text.size()) {
    const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
    const size_t end = nl ? static_cast<const char*>(nl) - text.data() : text.size();
    ++number;
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!trim_json_space(line).empty()) out.push_back({line, number});
    pos = end + 1;
  }
  return out;
}

}  // namespace auditgraph::ingest
