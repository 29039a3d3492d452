#include "src/report/report_files.h"

#include <graphviz/gvc.h>

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
