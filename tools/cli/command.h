// What every verb's file shares: the global options (Context), the one way to print JSON and the
// one way to report an error. Each verb group registers itself with an add_*_command(app, ctx),
// as the server's route groups do with add_*_routes; main() lists those calls and runs the verb
// the command line chose (ctx.run).
//
// Exit codes: 0 success; 1 the store or a check said no; 2 bad usage (check-change has its own).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "auditgraph/event_log.h"
#include "auditgraph/status.h"

namespace spdlog {
class logger;
}

namespace auditgraph::cli {

struct Context {
  std::string store = "./var/store";       // --store, on either side of the verb
  std::shared_ptr<spdlog::logger> logger;  // set after parsing, before run
  std::function<int()> run;                // the verb chosen, set by its callback
};

// Makes `verb`, when the command line chooses it, run `run(*cmd, logger)` with cmd->store set to
// the global --store first: the wiring of every verb whose command struct carries its store.
template <class Command, class Run>
void run_with_store(CLI::App* verb, Context& ctx, std::shared_ptr<Command> cmd, Run run) {
  verb->callback([&ctx, cmd, run] {
    ctx.run = [&ctx, cmd, run] {
      cmd->store = ctx.store;
      return run(*cmd, ctx.logger);
    };
  });
}

// `j` as the CLI prints it: indented by 2, invalid UTF-8 replaced, then a newline.
std::string json_text(const nlohmann::ordered_json& j);
void print_json(const nlohmann::ordered_json& j);  // json_text(j) on stdout

// "auditgraph: <message>" on stderr.
void warn(const std::string& message);
// Reports an error on stderr ("auditgraph: <message>", or the status) and returns `code`, the
// exit code: `return fail(s);`.
int fail(const std::string& message, int code = 1);
int fail(const Status& s, int code = 1);

// The store at ctx.store; `create`: make it when missing (its folder must exist).
Result<std::unique_ptr<EventLog>> open_store(const Context& ctx, bool create);
// The text of the file `path`, or of stdin when `path` is "-"; IOError naming `field` otherwise.
Result<std::string> read_input(const std::string& path, const std::string& field);
// Creates the folder `dir` (and its parents) if missing; IOError naming it and why otherwise.
Status make_store_dir(const std::string& dir);

}  // namespace auditgraph::cli
