#include "tools/cli/serve_cmd.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <charconv>
#include <iostream>
#include <thread>

#include "src/checkpoint/key_file.h"
#include "src/server/engine.h"
#include "src/server/http_server.h"
#include "tools/cli/embedded_web.h"

namespace auditgraph::cli {
namespace {

// "HOST:PORT" (an IPv6 host in brackets) into its parts.
bool split_listen(const std::string& listen, std::string* host, int* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  const char* begin = listen.data() + colon + 1;
  const char* end = listen.data() + listen.size();
  auto [p, ec] = std::from_chars(begin, end, *port);
  return ec == std::errc() && p == end && *port >= 0 && *port <= 65535;
}

}  // namespace

int run_serve(const ServeCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  ServerOptions options;
  if (!split_listen(cmd.listen, &options.host, &options.port)) {
    return fail("--listen: '" + cmd.listen + "' is not HOST:PORT", 2);
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

  // Signals are taken by one thread with sigwait; every other thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);  // sent by main when the server stops on its own
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  EngineOptions engine_options;
  engine_options.limits.max_batch_events = cmd.max_batch_events;
  engine_options.limits.max_batch_bytes = cmd.max_body_bytes;
  engine_options.log.logger = logger;
  if (!cmd.signing_key.empty()) {
    auto key = read_signer_key(cmd.signing_key, "--signing-key");
    if (!key.ok()) return fail(key.status(), 2);
    engine_options.signing_key = *std::move(key);
  }
  auto engine = Engine::Open(cmd.store, engine_options);
  if (!engine.ok()) return fail(engine.status());
  HttpServer server(**engine, options, logger);
  if (Status s = server.bind(); !s.ok()) {
    return fail(s, s.code() == Status::Code::kInvalidArgument ? 2 : 1);
  }
  const std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::cout << "listening on http://" << host << ":" << server.port() << std::endl;
  if (logger) {
    logger->info("serving {} on {}:{} (log size {})", cmd.store, options.host, server.port(),
                 (*engine)->log().head().size);
  }

  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig == SIGUSR1) return;  // the server stopped by itself
    if (logger) logger->info("signal {}: stopping", sig);
    // stop() is a no-op until the server is listening: a signal sent right after "listening
    // on" is printed may come first, so stop until run() has returned.
    while (!returned.load()) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  server.run();
  returned = true;
  pthread_kill(waiter.native_handle(), SIGUSR1);  // wakes it if it is still waiting
  waiter.join();
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
  run_with_store(c, ctx, cmd, run_serve);
}

}  // namespace auditgraph::cli
