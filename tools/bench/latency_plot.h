// An SVG scatter plot of query latency against answer size, both on log scales, one colour per
// engine: the picture `tools/dev bench peers` writes beside its table.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace auditgraph::bench {

struct PlotSeries {
  std::string name;
  std::string colour;                          // an SVG colour, "#1f77b4"
  std::vector<std::pair<double, double>> points;  // (answer size in datasets, latency in ms), > 0
};

std::string latency_plot_svg(const std::string& title, const std::vector<PlotSeries>& series);

}  // namespace auditgraph::bench
