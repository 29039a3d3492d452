// The compliance report as one HTML page (report_files.h): the header and signed checkpoint, the
// summary of counts, then each section's listed tables, every one cut at kMaxRows rows and every
// cell at kMaxCell characters, so that the page stays one page a browser opens however big the
// mesh is. What is cut says how much and where the rest is (the CSV and the full JSON).
#include <cctype>
#include <string>

#include "src/report/report_files.h"
#include "src/report/report_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr size_t kMaxRows = 100;  // per table
constexpr size_t kMaxCell = 400;  // characters per cell, before escaping

constexpr const char* kWhereAll =
    "every row is in the CSV (<code>auditgraph report compliance --format csv --out DIR</code>) "
    "and the full JSON (<code>--format json --full</code>, or <code>GET "
    "/v1/report?format=json&amp;full=true</code>)";

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr const char* kStyle = R"(
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #1d2430; }
h1 { margin-bottom: .2em; } h2 { border-bottom: 2px solid #1d2430; margin-top: 2em; }
h3 { margin: 1.2em 0 .4em; font-size: 1em; text-transform: capitalize; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border: 1px solid #c8ccd4; padding: 3px 6px; text-align: left; vertical-align: top; word-break: break-word; }
th { background: #eef0f4; } .meta td:first-child { font-weight: 600; width: 12em; }
.none { color: #6b7280; font-style: italic; } .error { color: #b91c1c; } nav a { margin-right: 1em; }
.action { color: #b91c1c; font-weight: 600; } .summary td:nth-child(2) { text-align: right; }
figure { overflow-x: auto; margin: 1em 0; } svg { max-width: 100%; height: auto; }
@media print { section { break-inside: avoid-page; } nav { display: none; } }
)";

// A table cell's HTML: a dataset or column id links to its lineage on the web page; text past
// kMaxCell characters is cut, saying how much was.
std::string cell_html(const std::string& text, const std::string& web_base) {
  if (text.size() > kMaxCell) {
    return html_escape(text.substr(0, kMaxCell)) + " <span class=\"none\">(" +
           std::to_string(text.size() - kMaxCell) + " more characters)</span>";
  }
  const bool node = text.rfind("dataset:", 0) == 0 || text.rfind("datasetField:", 0) == 0;
  if (web_base.empty() || !node || text.find_first_of(" ,") != std::string::npos) {
    return html_escape(text);
  }
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return "<a href=\"" + html_escape(web_base + "#/lineage?node=" + encoded) + "\">" +
         html_escape(text) + "</a>";
}

std::string label_of(const std::string& table) {
  std::string label = table;
  for (char& c : label) c = c == '_' ? ' ' : c;
  return label;
}

// The integrity section's signed checkpoint, shown whole under the report's header: it is what an
// auditor keeps and checks with the log's key, outside this report.
std::string signed_checkpoint_html(const json& doc) {
  for (const auto& s : doc["sections"]) {
    if (!s["tables"].contains("log") || s["tables"]["log"].empty()) continue;
    const json& log = s["tables"]["log"][0];
    if (!log.contains("checkpoint")) continue;
    if (log["checkpoint"].is_null()) {
      return "<p class=\"none\">No signed checkpoint was published at this log size (serve "
             "--signing-key publishes them; report compliance --signing-key signs one).</p>\n";
    }
    return "<p>Signed checkpoint of this log size (C2SP; check it with <code>auditgraph "
           "checkpoint verify FILE --key LOG_KEY</code>):</p>\n<pre class=\"checkpoint\">" +
           html_escape(log["checkpoint"].get<std::string>()) + "</pre>\n";
  }
  return "";
}

// The counts: every table's rows, the ones that need action marked, the ones not listed said so.
std::string summary_html(const json& doc) {
  const json& summary = doc["summary"];
  std::string h = "<section id=\"summary\">\n<h2>Summary</h2>\n<p>" +
                  std::to_string(summary["needs_action"].get<uint64_t>()) +
                  " rows need action.</p>\n<table class=\"summary\">\n<thead><tr><th>Table</th>"
                  "<th>Rows</th><th></th></tr></thead>\n<tbody>\n";
  auto left_out = [&](const std::string& name) {
    for (const auto& t : summary["left_out"]) {
      if (t == name) return true;
    }
    return false;
  };
  for (const auto& [name, rows] : summary["rows"].items()) {
    const bool action = summary["action_rows"].contains(name);
    const uint64_t count = rows.get<uint64_t>();
    std::string note;
    if (action && count > 0) note = "<span class=\"action\">needs action</span>";
    if (left_out(name)) note = "not listed here";
    h += "<tr><td><a href=\"#t-" + html_escape(name) + "\">" + html_escape(label_of(name)) +
         "</a></td><td>" + std::to_string(count) + "</td><td>" + note + "</td></tr>\n";
  }
  return h + "</tbody>\n</table>\n</section>\n";
}

std::string table_html(const std::string& name, const json& rows, const std::string& web_base) {
  std::string h = "<h3 id=\"t-" + html_escape(name) + "\">" + html_escape(label_of(name)) + " (" +
                  std::to_string(rows.size()) + ")</h3>\n";
  if (rows.empty()) return h + "<p class=\"none\">None.</p>\n";
  h += "<table>\n<thead><tr>";
  for (const auto& [key, v] : rows.front().items()) h += "<th>" + html_escape(key) + "</th>";
  h += "</tr></thead>\n<tbody>\n";
  size_t shown = 0;
  for (const auto& row : rows) {
    if (shown++ == kMaxRows) break;
    h += "<tr>";
    for (const auto& [key, v] : row.items()) {
      h += "<td>" + cell_html(report_cell(v), web_base) + "</td>";
    }
    h += "</tr>\n";
  }
  h += "</tbody>\n</table>\n";
  if (rows.size() > kMaxRows) {
    h += "<p class=\"none\">The first " + std::to_string(kMaxRows) + " of " +
         std::to_string(rows.size()) + " rows; " + kWhereAll + ".</p>\n";
  }
  return h;
}

}  // namespace

std::string report_html(const json& doc, const Result<std::string>& picture,
                        const std::string& web_base) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  const std::string domain = doc["domain"].get<std::string>();
  const std::string title = "Compliance report" + (domain.empty() ? "" : ": " + domain) + ", " +
                            doc["period"]["from"].get<std::string>() + " to " +
                            doc["period"]["to"].get<std::string>();
  h +=
      "<title>" + html_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  h += "<h1>" + html_escape(title) + "</h1>\n<table class=\"meta\">\n";
  auto meta = [&](const std::string& k, const std::string& v) {
    h += "<tr><td>" + html_escape(k) + "</td><td>" + html_escape(v) + "</td></tr>\n";
  };
  meta("Domain", domain.empty() ? "all domains" : domain);
  meta("Period", doc["period"]["from"].get<std::string>() + " to " +
                     doc["period"]["to"].get<std::string>() + " (producers' clock)");
  meta("Log size", std::to_string(doc["log"]["size"].get<uint64_t>()));
  meta("Merkle root", doc["log"]["root"].get<std::string>());
  h += "</table>\n<p>Every row names the log seqs that back it: <code>auditgraph prove inclusion "
       "SEQ --size " +
       std::to_string(doc["log"]["size"].get<uint64_t>()) + "</code> proves one.</p>\n";
  h += signed_checkpoint_html(doc);
  h += "<nav><a href=\"#summary\">Summary</a>";
  for (const auto& s : doc["sections"]) {
    const std::string n = std::to_string(s["number"].get<int>());
    h +=
        "<a href=\"#s" + n + "\">" + n + ". " + html_escape(s["title"].get<std::string>()) + "</a>";
  }
  h += "</nav>\n" + summary_html(doc);
  for (const auto& s : doc["sections"]) {
    const std::string n = std::to_string(s["number"].get<int>());
    h += "<section id=\"s" + n + "\">\n<h2>" + n + ". " +
         html_escape(s["title"].get<std::string>()) + "</h2>\n";
    if (n == "2" && !picture.ok()) {
      h += "<p class=\"error\">The lineage picture could not be drawn: " +
           html_escape(picture.status().message()) + "</p>\n";
    } else if (n == "2" && !picture->empty()) {
      h += "<figure>" + *picture + "</figure>\n";
    }
    for (const auto& [name, rows] : s["tables"].items()) h += table_html(name, rows, web_base);
    if (s.contains("left_out")) {
      for (const auto& [name, rows] : s["left_out"].items()) {
        h += "<h3 id=\"t-" + html_escape(name) + "\">" + html_escape(label_of(name)) + " (" +
             std::to_string(rows.get<uint64_t>()) +
             ")</h3>\n<p class=\"none\">Not listed here: " + kWhereAll + ".</p>\n";
      }
    }
    h += "</section>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace auditgraph
