#include "tools/cli/serve_cmd.h"

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "src/checkpoint/key_file.h"
#include "src/server/engine.h"
#include "src/server/http_server.h"
#include "src/witness/http_cosigner.h"
#include "tools/cli/embedded_web.h"
#include "tools/cli/serving.h"

namespace auditgraph::cli {
namespace {

// The publisher's witnesses from --witness URL,VKEY (split at the last comma: a key or key file
// path holds none) and --witness-quorum. InvalidArgument naming the option.
Status add_witnesses(const ServeCommand& cmd, PublisherOptions* options) {
  for (const std::string& given : cmd.witnesses) {
    const size_t comma = given.rfind(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == given.size()) {
      return Status::InvalidArgument("--witness: '" + given + "' is not URL,VKEY");
    }
    auto key = read_verifier_key(given.substr(comma + 1), "--witness");
    if (!key.ok()) return key.status();
    auto cosigner = HttpCosigner::Create(given.substr(0, comma), std::move(key).value());
    if (!cosigner.ok()) return cosigner.status();
    options->witnesses.push_back(std::move(cosigner).value());
  }
  options->quorum = cmd.witness_quorum == 0 ? options->witnesses.size() : cmd.witness_quorum;
  if (options->quorum > options->witnesses.size()) {
    return Status::InvalidArgument("--witness-quorum: " + std::to_string(options->quorum) +
                                   " is more than the " +
                                   std::to_string(options->witnesses.size()) + " witnesses given");
  }
  return Status::Ok();
}

}  // namespace

int run_serve(const ServeCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  ServerOptions options;
  if (!split_listen(cmd.listen, &options.host, &options.port)) {
    return fail("--listen: '" + cmd.listen + "' is not HOST:PORT", 2);
  }
  if (cmd.signing_key.empty() && (!cmd.witnesses.empty() || cmd.witness_quorum != 0)) {
    return fail("--witness and --witness-quorum need --signing-key: witnesses cosign the "
                "checkpoints the log signs",
                2);
  }
  EngineOptions engine_options;
  engine_options.limits.max_batch_events = cmd.max_batch_events;
  engine_options.limits.max_batch_bytes = cmd.max_body_bytes;
  engine_options.log.logger = logger;
  if (!cmd.signing_key.empty()) {
    auto key = read_signer_key(cmd.signing_key, "--signing-key");
    if (!key.ok()) return fail(key.status(), 2);
    engine_options.signing_key = *std::move(key);
    if (Status s = add_witnesses(cmd, &engine_options.publisher); !s.ok()) return fail(s, 2);
  }
  options.tokens_path = cmd.tokens;
  options.max_body_bytes = cmd.max_body_bytes;
  options.max_in_flight = cmd.max_in_flight;
  options.request_timeout = std::chrono::milliseconds(cmd.request_timeout_ms);
  options.web_dir = cmd.web;
  if (cmd.web.empty()) {
    const EmbeddedWeb page = embedded_web();
    if (page.count == 0) {
      warn("serve: no web page is built into this binary (" +
           std::string(page.missing ? page.missing : "") +
           "); serving the API only. --web DIR serves a page built by tools/dev web.");
    } else {
      std::vector<std::pair<std::string, std::string>> files;
      for (size_t i = 0; i < page.count; ++i) {
        const EmbeddedFile& f = page.files[i];
        files.emplace_back(f.path, std::string(f.data, f.size));
      }
      auto loaded = StaticFiles::FromMemory(std::move(files));
      if (!loaded.ok()) {  // embed_web.py checks for index.html: a build bug
        return fail("serve: the built-in web page: " + loaded.status().to_string());
      }
      options.web = std::move(*loaded);
    }
  }

  StopSignals signals;  // before any thread starts

  auto engine = Engine::Open(cmd.store, engine_options);
  if (!engine.ok()) return fail(engine.status());
  HttpServer server(**engine, options, logger);
  if (Status s = server.bind(); !s.ok()) {
    return fail(s, s.code() == Status::Code::kInvalidArgument ? 2 : 1);
  }
  print_listening(options.host, server.port());
  if (logger) {
    logger->info("serving {} on {}:{} (log size {})", cmd.store, options.host, server.port(),
                 (*engine)->log().head().size);
  }

  signals.serve([&server] { server.run(); }, [&server] { server.stop(); }, logger);
  if (Status s = (*engine)->save_snapshot(); !s.ok() && logger) {
    logger->warn("index snapshot not written: {}", s.to_string());
  }
  if (logger) logger->info("stopped; log size {}", (*engine)->log().head().size);
  std::cout << "stopped" << std::endl;
  return 0;
}

void add_serve_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<ServeCommand>();
  auto* c = app.add_subcommand("serve", "the HTTP service: OpenLineage, Marquez and native API");
  c->add_option("--listen", cmd->listen, "HOST:PORT (PORT 0: any free port)")
      ->capture_default_str();
  c->add_option("--tokens", cmd->tokens,
                "the tokens file (auditgraph token add); without it: no authentication, "
                "loopback only");
  c->add_option("--max-body-bytes", cmd->max_body_bytes, "larger bodies get 413")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 32))
      ->capture_default_str();
  c->add_option("--max-batch-events", cmd->max_batch_events, "larger batches get 413")
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}))
      ->capture_default_str();
  c->add_option("--max-in-flight", cmd->max_in_flight, "requests handled at once; more get 503")
      ->check(CLI::Range(size_t{1}, size_t{4096}))
      ->capture_default_str();
  c->add_option("--request-timeout-ms", cmd->request_timeout_ms,
                "a body not received by then gets 408")
      ->check(CLI::Range(uint64_t{1}, uint64_t{3'600'000}))
      ->capture_default_str();
  c->add_option("--web", cmd->web,
                "serve the web page built in this folder at / instead of the one built "
                "into the binary (tools/dev web builds build/web)");
  c->add_option("--signing-key", cmd->signing_key,
                "the log's note key (auditgraph key generate): sign a checkpoint of the head "
                "after appends, at most once a second, served at GET /checkpoint");
  c->add_option("--witness", cmd->witnesses,
                "URL,VKEY: a C2SP tlog-witness (auditgraph witness) that cosigns each checkpoint "
                "before it is published, and its verifier key (text or file); repeatable; needs "
                "--signing-key");
  c->add_option("--witness-quorum", cmd->witness_quorum,
                "cosignatures a checkpoint needs before it is published (0, the default: every "
                "--witness)");
  run_with_store(c, ctx, cmd, run_serve);
}

}  // namespace auditgraph::cli
