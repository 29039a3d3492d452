#include "src/export/graph_text.h"

#include <algorithm>
#include <map>
#include <set>

namespace auditgraph {
namespace {

constexpr const char* kPalette[] = {"#cfe2ff", "#d1e7dd", "#fff3cd", "#f8d7da",
                                    "#e2d9f3", "#cff4fc", "#fde2c8", "#e9ecef"};

// What a picture needs of an answer: its drawable nodes, their domain colours, what is on a
// cycle.
struct Drawing {
  std::vector<const LineageNode*> nodes;  // datasets and columns, in answer order
  std::map<std::string, std::string> colour_of_domain;
  std::set<std::string> on_cycle;
};

Drawing drawing_of(const LineageAnswer& a) {
  Drawing d;
  std::set<std::string> domains;
  for (const auto& n : a.nodes) {
    if (n.kind == NodeKind::kJob) continue;
    d.nodes.push_back(&n);
    if (!n.domain.empty()) domains.insert(n.domain);
  }
  const std::vector<std::string> names(domains.begin(), domains.end());
  const std::vector<std::string> colours = domain_colours(names);
  for (size_t i = 0; i < names.size(); ++i) d.colour_of_domain[names[i]] = colours[i];
  for (const auto& cycle : a.cycles) d.on_cycle.insert(cycle.begin(), cycle.end());
  return d;
}

// The part of an id a reader recognises: a dataset's name, a column's dataset and field.
std::string short_label(const LineageNode& n) {
  const std::string& id = n.id;
  const size_t last = id.rfind(':');
  if (n.kind != NodeKind::kColumn || last == std::string::npos || last == 0) {
    return last == std::string::npos ? id : id.substr(last + 1);
  }
  const size_t before = id.rfind(':', last - 1);
  return id.substr(before == std::string::npos ? 0 : before + 1);
}

std::string job_label(const std::string& job_id) {
  const size_t last = job_id.rfind(':');
  return last == std::string::npos ? job_id : job_id.substr(last + 1);
}

// Mermaid labels are double-quoted; a quote inside is written as an entity.
std::string mermaid_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"')
      out += "#quot;";
    else if (c == '\n')
      out += "<br/>";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> domain_colours(const std::vector<std::string>& domains) {
  std::vector<std::string> out;
  for (size_t i = 0; i < domains.size(); ++i) out.push_back(kPalette[i % std::size(kPalette)]);
  return out;
}

std::string lineage_dot(const LineageAnswer& a) {
  const Drawing d = drawing_of(a);
  std::string dot =
      "digraph lineage {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", "
      "fontname=\"Helvetica\", fontsize=10, fillcolor=\"#ffffff\"];\n  edge [color=\"#5b6472\", "
      "fontname=\"Helvetica\", fontsize=8];\n";
  dot += "  label=" +
         dot_quote("log size " + std::to_string(a.at.size) + ", root " + a.at.root.hex() +
                   (a.partial ? " (partial)" : "")) +
         ";\n";
  for (const LineageNode* n : d.nodes) {
    const std::string label = short_label(*n) + (n->domain.empty() ? "" : "\n" + n->domain);
    const auto colour = d.colour_of_domain.find(n->domain);
    dot +=
        "  " + dot_quote(n->id) + " [label=" + dot_quote(label) + ", tooltip=" + dot_quote(n->id);
    if (colour != d.colour_of_domain.end()) dot += ", fillcolor=" + dot_quote(colour->second);
    if (n->distance == 0) dot += ", penwidth=2.5";
    if (d.on_cycle.count(n->id)) dot += ", color=\"#c0392b\"";
    dot += "];\n";
  }
  for (const auto& e : a.edges) {
    dot += "  " + dot_quote(e.from) + " -> " + dot_quote(e.to) +
           " [label=" + dot_quote(job_label(e.via_job)) + ", tooltip=" + dot_quote(e.via_job);
    if (e.masking) dot += ", style=dashed";
    dot += "];\n";
  }
  return dot + "}\n";
}

std::string lineage_mermaid(const LineageAnswer& a) {
  const Drawing d = drawing_of(a);
  std::map<std::string, std::string> key;  // node id -> n0, n1, ... (Mermaid ids are plain)
  std::string out = "flowchart LR\n";
  for (const LineageNode* n : d.nodes) {
    const std::string k = "n" + std::to_string(key.size());
    key.emplace(n->id, k);
    const std::string label = short_label(*n) + (n->domain.empty() ? "" : "\n" + n->domain);
    out += "  " + k + "[\"" + mermaid_text(label) + "\"]\n";
  }
  for (const auto& e : a.edges) {
    const auto from = key.find(e.from), to = key.find(e.to);
    if (from == key.end() || to == key.end()) continue;  // an endpoint outside the answer's kinds
    out += "  " + from->second + (e.masking ? " -.->|\"" : " -->|\"") +
           mermaid_text(job_label(e.via_job)) + "\"| " + to->second + "\n";
  }
  size_t i = 0;
  for (const auto& [domain, colour] : d.colour_of_domain) {
    out += "  classDef d" + std::to_string(i) + " fill:" + colour + ",stroke:#5b6472\n";
    std::string members;
    for (const LineageNode* n : d.nodes) {
      if (n->domain == domain) members += (members.empty() ? "" : ",") + key[n->id];
    }
    out += "  class " + members + " d" + std::to_string(i) + "\n";
    ++i;
  }
  for (const LineageNode* n : d.nodes) {
    std::string style;
    if (n->distance == 0) style = "stroke-width:3px";
    if (d.on_cycle.count(n->id))
      style += (style.empty() ? "" : ",") + std::string("stroke:#c0392b");
    if (!style.empty()) out += "  style " + key[n->id] + " " + style + "\n";
  }
  return out;
}

}  // namespace auditgraph
