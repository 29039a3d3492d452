#include "tools/cli/witness_cmd.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "src/checkpoint/key_file.h"
#include "src/witness/witness.h"
#include "src/witness/witness_server.h"
#include "src/witness/witness_service.h"
#include "tools/cli/serving.h"

namespace auditgraph::cli {
namespace {

struct WitnessCommand {
  std::string key;                // the witness's signer key file
  std::vector<std::string> logs;  // the logs' verifier keys (text or file)
  std::string state;              // the state folder
  std::string listen = "127.0.0.1:5001";
};

int run_witness(const WitnessCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  WitnessServerOptions options;
  if (!split_listen(cmd.listen, &options.host, &options.port)) {
    return fail("--listen: '" + cmd.listen + "' is not HOST:PORT", 2);
  }
  auto key = read_signer_key(cmd.key, "--key");
  if (!key.ok()) return fail(key.status(), 2);
  std::vector<NoteVerifier> logs;
  for (const std::string& given : cmd.logs) {
    auto log_key = read_verifier_key(given, "--log");
    if (!log_key.ok()) return fail(log_key.status(), 2);
    logs.push_back(std::move(log_key).value());
  }
  auto witness = Witness::Create(std::move(key).value(), std::move(logs));
  if (!witness.ok()) return fail(witness.status(), 2);

  StopSignals signals;  // before any thread starts
  auto service = WitnessService::Open(cmd.state, std::move(witness).value(), nullptr, logger);
  if (!service.ok()) return fail(service.status());
  WitnessServer server(**service, options, logger);
  if (Status s = server.bind(); !s.ok()) return fail(s);
  print_listening(options.host, server.port());
  if (logger) {
    logger->info("witness {} for {} log(s) on {}:{}", (*service)->witness().key().name,
                 cmd.logs.size(), options.host, server.port());
  }
  signals.serve([&server] { server.run(); }, [&server] { server.stop(); }, logger);
  std::cout << "stopped" << std::endl;
  return 0;
}

}  // namespace

void add_witness_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<WitnessCommand>();
  auto* c = app.add_subcommand(
      "witness", "a C2SP tlog-witness: cosigns a log's checkpoints that extend what it cosigned");
  c->add_option("--key", cmd->key, "the witness's key file (key generate --witness)")->required();
  c->add_option("--log", cmd->logs,
                "a log's verifier key, or a file holding it (its name is the log's origin); "
                "repeatable")
      ->required();
  c->add_option("--state", cmd->state, "the folder where the witness keeps what it cosigned")
      ->required();
  c->add_option("--listen", cmd->listen, "HOST:PORT (PORT 0: any free port)")
      ->capture_default_str();
  c->callback([&ctx, cmd] { ctx.run = [&ctx, cmd] { return run_witness(*cmd, ctx.logger); }; });
}

}  // namespace auditgraph::cli
