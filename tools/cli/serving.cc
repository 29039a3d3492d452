#include "tools/cli/serving.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <iostream>
#include <thread>

namespace auditgraph::cli {

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

void print_listening(const std::string& host, int port) {
  const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cout << "listening on http://" << shown << ":" << port << std::endl;
}

StopSignals::StopSignals() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGTERM);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGUSR1);  // sent by serve() when the server stops on its own
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
}

void StopSignals::serve(const std::function<void()>& run, const std::function<void()>& stop,
                        const std::shared_ptr<spdlog::logger>& logger) {
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals_, &sig);
    if (sig == SIGUSR1) return;  // the server stopped by itself
    if (logger) logger->info("signal {}: stopping", sig);
    // stop() is a no-op until the server is listening: a signal sent right after "listening
    // on" is printed may come first, so stop until run() has returned.
    while (!returned.load()) {
      stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  run();
  returned = true;
  pthread_kill(waiter.native_handle(), SIGUSR1);  // wakes it if it is still waiting
  waiter.join();
}

}  // namespace auditgraph::cli
