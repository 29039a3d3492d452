// `auditgraph report compliance [--domain D] --from T1 --to T2 --format html|json|csv --out PATH
// [--full] [--since-head SIZE] [--log-size N]`: the compliance report (auditgraph/report.h) of a
// period, from the log as of --to (or of --log-size). json and html write one file at PATH, csv
// a folder of one file per table. json leads with the summary and lists the rows that need action
// and the period's; --full lists every table (src/report/report_json.h); csv always does; html
// is one page of bounded size (src/report/report_html.cc). Exit code 0 when written, 1 when the
// store or PATH cannot be used, 2 for bad options.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tools/cli/command.h"

namespace auditgraph::cli {

struct ReportCommand {
  std::string store;
  std::string domain;
  std::string from, to;  // RFC 3339
  std::string format = "html";
  std::string out;
  bool full = false;  // json: list every table
  std::optional<uint64_t> since_head;
  std::optional<uint64_t> log_size;
  std::string signing_key;  // the log's note key: report at a checkpoint signed now
  std::string web_base;  // html: link ids to the web page at this address; "": no links
};

int run_report(const ReportCommand& cmd, std::shared_ptr<spdlog::logger> logger);

void add_report_command(CLI::App& app, Context& ctx);  // report compliance

}  // namespace auditgraph::cli
