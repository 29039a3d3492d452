// What the serving verbs (serve, witness) share: their --listen HOST:PORT, the "listening on"
// line, and how they stop: SIGTERM or SIGINT asks the server to stop, the requests in flight
// finish, and the verb goes on to clean up and exit 0.
#pragma once

#include <signal.h>

#include <functional>
#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace auditgraph::cli {

// "HOST:PORT" (an IPv6 host in brackets) into its parts; false when it is not that.
bool split_listen(const std::string& listen, std::string* host, int* port);

// Prints "listening on http://HOST:PORT" (an IPv6 host in brackets) on stdout and flushes it:
// the line scripts and tests wait for.
void print_listening(const std::string& host, int port);

class StopSignals {
 public:
  // Blocks SIGTERM, SIGINT and SIGUSR1 in the calling thread, and so in every thread it starts
  // afterwards (they are taken by one thread with sigwait), and ignores SIGPIPE. Construct it
  // before starting any thread.
  StopSignals();

  // Calls `run`, which serves until `stop` is called, on this thread. A SIGTERM or SIGINT
  // meanwhile calls `stop`, every 10 ms until `run` has returned (a stop before the server
  // listens is lost). `logger` may be null.
  void serve(const std::function<void()>& run, const std::function<void()>& stop,
             const std::shared_ptr<spdlog::logger>& logger);

 private:
  sigset_t signals_;
};

}  // namespace auditgraph::cli
