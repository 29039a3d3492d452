#include "tools/bench/latency_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace auditgraph::bench {
namespace {

constexpr double kWidth = 860, kHeight = 520;
constexpr double kLeft = 80, kRight = 180, kTop = 50, kBottom = 60;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

std::string decade_label(int e, const char* unit) {
  static const char* const kSmall[] = {"0.001", "0.01", "0.1"};
  std::string v;
  if (e < 0 && e >= -3) v = kSmall[e + 3];
  else if (e >= 0 && e < 3) v = std::to_string(static_cast<int>(std::pow(10, e)));
  else if (e >= 3 && e < 6) v = std::to_string(static_cast<int>(std::pow(10, e - 3))) + "k";
  else if (e >= 6 && e < 9) v = std::to_string(static_cast<int>(std::pow(10, e - 6))) + "M";
  else v = "1e" + std::to_string(e);
  return v + unit;
}

}  // namespace

std::string latency_plot_svg(const std::string& title, const std::vector<PlotSeries>& series) {
  double min_x = 1e300, max_x = 0, min_y = 1e300, max_y = 0;
  for (const auto& s : series) {
    for (auto [x, y] : s.points) {
      min_x = std::min(min_x, x), max_x = std::max(max_x, x);
      min_y = std::min(min_y, y), max_y = std::max(max_y, y);
    }
  }
  if (max_x == 0) min_x = 1, max_x = 10, min_y = 0.01, max_y = 1;
  const int x0 = static_cast<int>(std::floor(std::log10(min_x)));
  const int x1 = std::max(x0 + 1, static_cast<int>(std::ceil(std::log10(max_x))));
  const int y0 = static_cast<int>(std::floor(std::log10(min_y)));
  const int y1 = std::max(y0 + 1, static_cast<int>(std::ceil(std::log10(max_y))));
  const double pw = kWidth - kLeft - kRight, ph = kHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + (std::log10(x) - x0) / (x1 - x0) * pw; };
  auto py = [&](double y) { return kTop + ph - (std::log10(y) - y0) / (y1 - y0) * ph; };

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) +
                    "\" height=\"" + num(kHeight) + "\" viewBox=\"0 0 " + num(kWidth) + " " +
                    num(kHeight) + "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += "<text x=\"" + num(kWidth / 2) + "\" y=\"28\" text-anchor=\"middle\" font-size=\"15\">" +
         escape(title) + "</text>\n";
  for (int e = x0; e <= x1; ++e) {
    const double x = px(std::pow(10, e));
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(kTop + ph) + "\" stroke=\"#ddd\"/>\n";
    svg += "<text x=\"" + num(x) + "\" y=\"" + num(kTop + ph + 18) +
           "\" text-anchor=\"middle\">" + decade_label(e, "") + "</text>\n";
  }
  for (int e = y0; e <= y1; ++e) {
    const double y = py(std::pow(10, e));
    svg += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(y) + "\" x2=\"" + num(kLeft + pw) +
           "\" y2=\"" + num(y) + "\" stroke=\"#ddd\"/>\n";
    svg += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\">" +
           decade_label(e, " ms") + "</text>\n";
  }
  svg += "<rect x=\"" + num(kLeft) + "\" y=\"" + num(kTop) + "\" width=\"" + num(pw) +
         "\" height=\"" + num(ph) + "\" fill=\"none\" stroke=\"#333\"/>\n";
  svg += "<text x=\"" + num(kLeft + pw / 2) + "\" y=\"" + num(kHeight - 16) +
         "\" text-anchor=\"middle\">answer size (datasets)</text>\n";
  svg += "<text transform=\"translate(18 " + num(kTop + ph / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">latency</text>\n";
  for (size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    svg += "<g fill=\"" + s.colour + "\" fill-opacity=\"0.55\"><title>" + escape(s.name) +
           "</title>\n";
    for (auto [x, y] : s.points) {
      svg += "<circle cx=\"" + num(px(x)) + "\" cy=\"" + num(py(y)) + "\" r=\"3\"/>";
    }
    svg += "\n</g>\n";
    const double ly = kTop + 10 + 22 * static_cast<double>(i);
    svg += "<circle cx=\"" + num(kLeft + pw + 20) + "\" cy=\"" + num(ly) + "\" r=\"5\" fill=\"" +
           s.colour + "\"/><text x=\"" + num(kLeft + pw + 32) + "\" y=\"" + num(ly + 4) + "\">" +
           escape(s.name) + "</text>\n";
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace auditgraph::bench
