#include "src/report/report_files.h"

#include <graphviz/gvc.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "src/export/graph_text.h"
#include "src/report/report_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
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
figure { overflow-x: auto; margin: 1em 0; } svg { max-width: 100%; height: auto; }
@media print { section { break-inside: avoid-page; } nav { display: none; } }
)";

}  // namespace

Status write_report_csv(const json& doc, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("out: cannot create " + dir + ": " + ec.message());
  for (const auto& section : doc["sections"]) {
    for (const auto& [name, rows] : section["tables"].items()) {
      const std::string path =
          dir + "/" + std::to_string(section["number"].get<int>()) + "_" + name + ".csv";
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      if (!rows.empty()) {
        std::string header;
        for (const auto& [key, v] : rows.front().items()) {
          header += (header.empty() ? "" : ",") + csv_field(key);
        }
        out << header << "\r\n";
      }
      for (const auto& row : rows) {
        std::string line;
        bool first = true;
        for (const auto& [key, v] : row.items()) {
          line += (first ? "" : ",") + csv_field(report_cell(v));
          first = false;
        }
        out << line << "\r\n";
      }
      if (!out.flush()) return Status::IOError("out: cannot write " + path);
    }
  }
  return Status::Ok();
}

namespace {

// A table cell's HTML: a dataset or column id links to its lineage on the web page.
std::string cell_html(const std::string& text, const std::string& web_base) {
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

}  // namespace

std::string report_html(const json& doc, const Result<std::string>& picture,
                        const std::string& web_base) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  const std::string domain = doc["domain"].get<std::string>();
  const std::string title = "Compliance report" + (domain.empty() ? "" : ": " + domain) + ", " +
                            doc["period"]["from"].get<std::string>() + " to " +
                            doc["period"]["to"].get<std::string>();
  h += "<title>" + html_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
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
  h += "<nav>";
  for (const auto& s : doc["sections"]) {
    const std::string n = std::to_string(s["number"].get<int>());
    h += "<a href=\"#s" + n + "\">" + n + ". " + html_escape(s["title"].get<std::string>()) +
         "</a>";
  }
  h += "</nav>\n";
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
    for (const auto& [name, rows] : s["tables"].items()) {
      std::string label = name;
      for (char& c : label) c = c == '_' ? ' ' : c;
      h += "<h3>" + html_escape(label) + " (" + std::to_string(rows.size()) + ")</h3>\n";
      if (rows.empty()) {
        h += "<p class=\"none\">None.</p>\n";
        continue;
      }
      h += "<table>\n<thead><tr>";
      for (const auto& [key, v] : rows.front().items()) h += "<th>" + html_escape(key) + "</th>";
      h += "</tr></thead>\n<tbody>\n";
      for (const auto& row : rows) {
        h += "<tr>";
        for (const auto& [key, v] : row.items()) {
          h += "<td>" + cell_html(report_cell(v), web_base) + "</td>";
        }
        h += "</tr>\n";
      }
      h += "</tbody>\n</table>\n";
    }
    h += "</section>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

Result<std::string> lineage_svg(const ComplianceReport& report, size_t max_edges) {
  std::vector<const ComplianceReport::Dependency*> edges;
  const bool all = report.lineage.size() <= max_edges;
  for (const auto& d : all ? report.lineage : report.cross_domain) {
    if (edges.size() == max_edges) break;
    edges.push_back(&d);
  }
  if (edges.empty()) return std::string();
  std::map<std::string, std::string> domain_of;
  std::set<std::string> products;
  for (const auto& d : report.inventory) {
    domain_of[d.id] = d.domain;
    if (d.product) products.insert(d.id);
  }
  std::map<std::string, std::string> colour;  // by domain, in name order
  for (const auto& [id, domain] : domain_of) colour.emplace(domain, "");
  std::vector<std::string> domains;
  for (const auto& [domain, c] : colour) domains.push_back(domain);
  const std::vector<std::string> colours = domain_colours(domains);
  for (size_t i = 0; i < domains.size(); ++i) colour[domains[i]] = colours[i];

  std::string dot = "digraph lineage {\n rankdir=LR; node [shape=ellipse, style=filled, "
                    "fontname=\"Helvetica\", fontsize=10]; edge [color=\"#5b6472\"];\n";
  if (!all) {
    dot += " label=" + dot_quote("cross-domain dependencies only (" +
                                 std::to_string(report.lineage.size()) + " derivations in scope)") +
           ";\n";
  }
  std::set<std::string> nodes;
  for (const auto* e : edges) {
    nodes.insert(e->from);
    nodes.insert(e->to);
  }
  for (const auto& id : nodes) {
    const std::string& domain = domain_of[id];
    const std::string label = id.substr(id.rfind(':') + 1) + (domain.empty() ? "" : "\n" + domain);
    dot += " " + dot_quote(id) + " [label=" + dot_quote(label) +
           ", fillcolor=" + dot_quote(domain.empty() ? "#ffffff" : colour[domain]) +
           (products.count(id) ? ", shape=box" : "") + ", tooltip=" + dot_quote(id) + "];\n";
  }
  for (const auto* e : edges) {
    const bool cross = !e->from_domain.empty() && !e->to_domain.empty() &&
                       e->from_domain != e->to_domain;
    dot += " " + dot_quote(e->from) + " -> " + dot_quote(e->to) + " [tooltip=" +
           dot_quote(e->job) + (cross ? ", penwidth=2" : "") + "];\n";
  }
  dot += "}\n";

  // One Graphviz context for the process, never freed: graphviz 2.43's pango plugin keeps a
  // pointer to the previous context's font name in a static and reads it after a context is
  // freed (AddressSanitizer: heap-use-after-free in textspan_size on the second context).
  static GVC_t* const gvc = gvContext();
  Agraph_t* g = agmemread(dot.c_str());
  if (!g) return Status::IOError("lineage picture: Graphviz could not read the dot text");
  std::string svg;
  Status drawn = Status::Ok();
  if (gvLayout(gvc, g, "dot") != 0) {
    drawn = Status::IOError("lineage picture: Graphviz's dot layout failed");
  } else {
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(gvc, g, "svg", &data, &length) == 0 && data) {
      svg.assign(data, length);
      gvFreeRenderData(data);
    } else {
      drawn = Status::IOError("lineage picture: Graphviz could not render SVG");
    }
    gvFreeLayout(gvc, g);
  }
  agclose(g);
  if (!drawn.ok()) return drawn;
  const size_t start = svg.find("<svg");
  if (start == std::string::npos) {
    return Status::IOError("lineage picture: Graphviz's output has no <svg> element");
  }
  return svg.substr(start);
}

}  // namespace auditgraph
