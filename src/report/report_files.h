// The compliance report's CSV and HTML views, made from its JSON document (report_json.h).
//
// CSV: a folder with one file per table, "<section>_<table>.csv" (RFC 4180 quoting; a header
// row when the table has rows): every table the document lists, so give it the full document.
// HTML (report_html.cc): one self-contained file (inline CSS, the lineage of the scope as inline
// SVG laid out by Graphviz's dot), printable from a browser, of bounded size whatever the mesh:
// the summary's counts, then each listed table's first 100 rows, cells cut at 400 characters,
// and for each table cut or left out, how many rows it has and where they all are.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "auditgraph/report.h"
#include "auditgraph/status.h"

namespace auditgraph {

Status write_report_csv(const nlohmann::ordered_json& doc, const std::string& dir);

// `picture`: the lineage picture (lineage_svg), "" for none; when it could not be drawn, the
// section says so with the reason instead. `web_base`: the web page's address (e.g.
// "http://127.0.0.1:5000/"); when given, every dataset and column id in the tables links to its
// lineage there.
std::string report_html(const nlohmann::ordered_json& doc, const Result<std::string>& picture,
                        const std::string& web_base = "");

// The scope's dataset lineage as SVG (Graphviz dot): products as boxes, nodes coloured by
// domain, cross-domain edges drawn bold. At most `max_edges` edges: past that, the cross-domain
// ones only, and the picture says so. "" when the scope has no lineage; IOError naming the
// Graphviz step that failed (a missing plugin, usually). Not thread-safe (Graphviz's context is process-wide).
Result<std::string> lineage_svg(const ComplianceReport& report, size_t max_edges = 400);

}  // namespace auditgraph
