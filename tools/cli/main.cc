// auditgraph: the command-line interface. main() wires the parts: the global options, one
// add_*_command per verb group (each in its own *_cmd.cc, as the server's route groups are in
// routes_*.cc), a stderr logger, and the verb the command line chose. Every verb that reads a
// store takes --store DIR; the global options (--store, -v) go on either side of the verb:
// `--store DIR ingest f.json` is `ingest --store DIR f.json` (CLI11's fallthrough, which every
// verb inherits).
//
// Exit codes: 0 success; 1 the store or a check said no (verify failed, bad seq); 2 bad usage.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "tools/cli/access_cmd.h"
#include "tools/cli/backup_cmd.h"
#include "tools/cli/check_change_cmd.h"
#include "tools/cli/checkpoint_cmd.h"
#include "tools/cli/command.h"
#include "tools/cli/demo_cmd.h"
#include "tools/cli/export_cmd.h"
#include "tools/cli/ingest_cmd.h"
#include "tools/cli/lineage_cmd.h"
#include "tools/cli/log_cmd.h"
#include "tools/cli/pii_cmd.h"
#include "tools/cli/report_cmd.h"
#include "tools/cli/serve_cmd.h"
#include "tools/cli/stats_cmd.h"
#include "tools/cli/token_cmd.h"
#include "tools/cli/verify_answer_cmd.h"
#include "tools/cli/versions_cmd.h"
#include "tools/cli/witness_cmd.h"

int main(int argc, char** argv) {
  using namespace auditgraph::cli;
  CLI::App app{"auditgraph: lineage and audit-trail graph engine over a tamper-evident log"};
  app.require_subcommand(1);
  app.fallthrough();  // before the verbs are added: they inherit it
  Context ctx;
  bool verbose = false;
  app.add_option("--store", ctx.store, "store directory")->capture_default_str();
  app.add_flag("-v,--verbose", verbose, "log to stderr at info level");

  // In the order `auditgraph --help` lists them.
  add_log_commands(app, ctx);  // log, prove, verify
  add_checkpoint_command(app, ctx);
  add_ingest_command(app, ctx);
  add_lineage_commands(app, ctx);  // provenance, impact
  add_access_commands(app, ctx);   // access, access-history
  add_check_change_command(app, ctx);
  add_pii_command(app, ctx);
  add_versions_command(app, ctx);
  add_verify_answer_command(app, ctx);
  add_stats_command(app, ctx);
  add_report_command(app, ctx);
  add_backup_commands(app, ctx);  // backup, restore
  add_export_command(app, ctx);
  add_serve_command(app, ctx);
  add_token_command(app, ctx);
  add_key_command(app, ctx);
  add_witness_command(app, ctx);
  add_demo_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  ctx.logger = std::make_shared<spdlog::logger>(
      "auditgraph", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  ctx.logger->set_level(verbose ? spdlog::level::info : spdlog::level::warn);
  return ctx.run();
}
