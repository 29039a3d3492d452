#include "tools/cli/serve_cmd.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "auditgraph/clock.h"
#include "src/event_json.h"
#include "src/server/engine.h"
#include "src/server/http_server.h"
#include "src/server/token_store.h"
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
    std::cerr << "auditgraph: --listen: '" << cmd.listen << "' is not HOST:PORT\n";
    return 2;
  }
  options.tokens_path = cmd.tokens;
  options.max_body_bytes = cmd.max_body_bytes;
  options.max_in_flight = cmd.max_in_flight;
  options.request_timeout = std::chrono::milliseconds(cmd.request_timeout_ms);
  options.web_dir = cmd.web;
  if (cmd.web.empty()) {
    const EmbeddedWeb page = embedded_web();
    if (page.count == 0) {
      std::cerr << "auditgraph: serve: no web page is built into this binary (" << page.missing
                << "); serving the API only. --web DIR serves a page built by tools/dev web.\n";
    } else {
      std::vector<std::pair<std::string, std::string>> files;
      for (size_t i = 0; i < page.count; ++i) {
        const EmbeddedFile& f = page.files[i];
        files.emplace_back(f.path, std::string(f.data, f.size));
      }
      auto loaded = StaticFiles::FromMemory(std::move(files));
      if (!loaded.ok()) {  // embed_web.py checks for index.html: a build bug
        std::cerr << "auditgraph: serve: the built-in web page: " << loaded.status().to_string()
                  << "\n";
        return 1;
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
  auto engine = Engine::Open(cmd.store, engine_options);
  if (!engine.ok()) {
    std::cerr << "auditgraph: " << engine.status().to_string() << "\n";
    return 1;
  }
  HttpServer server(**engine, options, logger);
  if (Status s = server.bind(); !s.ok()) {
    std::cerr << "auditgraph: " << s.to_string() << "\n";
    return s.code() == Status::Code::kInvalidArgument ? 2 : 1;
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

int run_token(const TokenCommand& cmd) {
  auto store = TokenStore::Load(cmd.tokens);
  if (!store.ok()) {
    std::cerr << "auditgraph: " << store.status().to_string() << "\n";
    return 1;
  }
  SystemClock clock;
  if (cmd.action == "add") {
    auto role = parse_role(cmd.role);
    if (!role) {
      std::cerr << "auditgraph: --role: '" << cmd.role << "' is not ingest, audit or admin\n";
      return 2;
    }
    auto token = store->add(cmd.principal, *role, clock.now());
    if (!token.ok()) {
      std::cerr << "auditgraph: " << token.status().to_string() << "\n";
      return token.status().code() == Status::Code::kInvalidArgument ? 2 : 1;
    }
    const TokenEntry& e = store->entries().back();
    std::cerr << "token " << e.id << " for " << e.principal << " (" << role_name(e.role)
              << "); it is shown once, only its hash is stored:\n";
    std::cout << *token << "\n";
    return 0;
  }
  if (cmd.action == "revoke") {
    if (Status s = store->revoke(cmd.id, clock.now()); !s.ok()) {
      std::cerr << "auditgraph: " << s.to_string() << "\n";
      return 1;
    }
    std::cout << "revoked " << cmd.id << "\n";
    return 0;
  }
  if (cmd.json_out) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& e : store->entries()) {
      list.push_back(
          {{"id", e.id},
           {"principal", e.principal},
           {"role", role_name(e.role)},
           {"created_at", format_rfc3339(e.created_at)},
           {"revoked_at", e.revoked_at ? nlohmann::ordered_json(format_rfc3339(*e.revoked_at))
                                       : nlohmann::ordered_json()}});
    }
    std::cout << list.dump(2) << "\n";
    return 0;
  }
  for (const auto& e : store->entries()) {
    std::cout << e.id << "  " << role_name(e.role) << "  " << e.principal << "  created "
              << format_rfc3339(e.created_at)
              << (e.revoked_at ? "  REVOKED " + format_rfc3339(*e.revoked_at) : std::string())
              << "\n";
  }
  return 0;
}

}  // namespace auditgraph::cli
