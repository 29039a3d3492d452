#include "tools/cli/report_cmd.h"

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

#include "auditgraph/event_log.h"
#include "auditgraph/ingest.h"
#include "auditgraph/report.h"
#include "src/open_index.h"
#include "src/report/report_checkpoint.h"
#include "tools/cli/note_key_options.h"
#include "src/report/report_files.h"
#include "src/report/report_json.h"

namespace auditgraph::cli {

int run_report(const ReportCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  ReportQuery q;
  auto from = parse_rfc3339(cmd.from), to = parse_rfc3339(cmd.to);
  if (!from || !to) {
    return fail(std::string(from ? "--to" : "--from") + ": '" + (from ? cmd.to : cmd.from) +
                    "' is not an RFC 3339 time",
                2);
  }
  q.from = *from;
  q.to = *to;
  q.domain = cmd.domain;
  q.since_size = cmd.since_head;
  q.log_size = cmd.log_size;
  // The CSV and the full JSON list every access path through groups; the summary counts them.
  const bool full = cmd.full || cmd.format == "csv";
  q.list_group_access = full;
  LogOptions options;
  options.create_if_missing = false;
  options.logger = logger;
  auto log = EventLog::Open(options, cmd.store);
  if (!log.ok()) return fail(log.status());
  std::unique_ptr<CheckpointPublisher> publisher;
  if (!cmd.signing_key.empty()) {
    auto made = publisher_from_key_file(**log, cmd.signing_key);
    if (!made.ok()) return fail(made.status(), 2);
    publisher = std::move(*made);
  }
  if (Status s = pin_to_checkpoint(publisher.get(), **log, &q); !s.ok()) return fail(s);
  // At the head, the report reads the store's index (from its snapshot, as every query verb
  // does); an earlier size needs an index of that prefix, which the report replays itself.
  std::unique_ptr<Index> index;
  if (!q.log_size || *q.log_size == (*log)->head().size) {
    auto opened = open_index(**log, cmd.store, logger);
    if (!opened.ok()) return fail(opened.status());
    index = std::move(*opened);
    q.log_size = index->head().size;
  }
  auto report = index ? compliance_report(**log, *index, q) : compliance_report(**log, q);
  if (!report.ok()) return fail(report.status(), report.status().is_invalid_argument() ? 2 : 1);
  const nlohmann::ordered_json doc = report_to_json(*report, full);
  if (cmd.format == "csv") {
    if (Status s = write_report_csv(doc, cmd.out); !s.ok()) return fail(s);
  } else {
    const std::string text = cmd.format == "json"
                                 ? json_text(doc)
                                 : report_html(doc, lineage_svg(*report), cmd.web_base);
    std::ofstream out(cmd.out, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return fail("out: cannot write " + cmd.out);
  }
  std::cout << "compliance report (" << cmd.format << ") of log size " << report->at.size
            << ", root " << report->at.root.hex() << ": " << cmd.out << "\n";
  return 0;
}

void add_report_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<ReportCommand>();
  auto* report = app.add_subcommand("report", "reports over the log");
  report->require_subcommand(1);
  auto* compliance = report->add_subcommand(
      "compliance",
      "the compliance report of a period: a summary of counts and the rows that need action, "
      "then inventory, lineage coverage, access, PII, changes, usage, freshness, integrity");
  compliance->add_option("--domain", cmd->domain, "only this domain (default: all)");
  compliance->add_option("--from", cmd->from, "the period's start, RFC 3339")->required();
  compliance->add_option("--to", cmd->to, "the period's end (excluded), RFC 3339")->required();
  compliance->add_option("--format", cmd->format, "html, json or csv (a folder)")
      ->check(CLI::IsMember({"html", "json", "csv"}))
      ->capture_default_str();
  compliance->add_option("--out", cmd->out, "the file (html, json) or folder (csv) to write")
      ->required();
  compliance->add_flag("--full", cmd->full,
                       "json: list every table (the inventory, access paths through groups, ...), "
                       "not only the summary, the rows that need action and the period's; csv "
                       "always lists every table");
  compliance->add_option("--since-head", cmd->since_head,
                         "the previous report's log size: prove this log extends it");
  compliance->add_option("--web-base", cmd->web_base,
                         "html: link dataset and column ids to the web page at this address "
                         "(e.g. http://127.0.0.1:5000/)");
  compliance->add_option(
      "--log-size", cmd->log_size,
      "read the log as of this size, to reproduce an earlier report (default: the head now)");
  compliance->add_option("--signing-key", cmd->signing_key,
                         "the log's note key: read the log at a checkpoint signed now, and "
                         "embed it in the integrity section");
  run_with_store(compliance, ctx, cmd, run_report);
}

}  // namespace auditgraph::cli
