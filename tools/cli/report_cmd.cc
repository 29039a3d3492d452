#include "tools/cli/report_cmd.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>

#include "auditgraph/event_log.h"
#include "auditgraph/ingest.h"
#include "auditgraph/report.h"
#include "src/report/report_files.h"
#include "src/report/report_json.h"

namespace auditgraph::cli {

int run_report(const ReportCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  ReportQuery q;
  auto from = parse_rfc3339(cmd.from), to = parse_rfc3339(cmd.to);
  if (!from || !to) {
    std::cerr << "auditgraph: " << (from ? "--to" : "--from") << ": '"
              << (from ? cmd.to : cmd.from) << "' is not an RFC 3339 time\n";
    return 2;
  }
  q.from = *from;
  q.to = *to;
  q.domain = cmd.domain;
  q.since_size = cmd.since_head;
  q.log_size = cmd.log_size;
  LogOptions options;
  options.create_if_missing = false;
  options.logger = logger;
  auto log = EventLog::Open(options, cmd.store);
  if (!log.ok()) {
    std::cerr << "auditgraph: " << log.status().to_string() << "\n";
    return 1;
  }
  auto report = compliance_report(**log, q);
  if (!report.ok()) {
    std::cerr << "auditgraph: " << report.status().to_string() << "\n";
    return report.status().is_invalid_argument() ? 2 : 1;
  }
  const nlohmann::ordered_json doc = report_to_json(*report);
  if (cmd.format == "csv") {
    if (Status s = write_report_csv(doc, cmd.out); !s.ok()) {
      std::cerr << "auditgraph: " << s.to_string() << "\n";
      return 1;
    }
  } else {
    const std::string text =
        cmd.format == "json"
            ? doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n"
            : report_html(doc, lineage_svg(*report), cmd.web_base);
    std::ofstream out(cmd.out, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << "auditgraph: out: cannot write " << cmd.out << "\n";
      return 1;
    }
  }
  std::cout << "compliance report (" << cmd.format << ") of log size " << report->at.size
            << ", root " << report->at.root.hex() << ": " << cmd.out << "\n";
  return 0;
}

}  // namespace auditgraph::cli
