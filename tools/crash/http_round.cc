#include "tools/crash/http_round.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

namespace auditgraph::crash {
namespace {

// The events client `t` sends in round `round`, the n-th one: a declaration every third, else an
// OpenLineage run reading the client's previous output (and, every tenth, a source all rounds
// share) and writing a new dataset.
std::string event_json(int round, int t, uint64_t n) {
  const std::string who = std::to_string(round) + "-" + std::to_string(t) + "-";
  char when[64];
  std::snprintf(when, sizeof when, "2026-10-%02dT00:00:00.%09lluZ", 1 + round % 28,
                static_cast<unsigned long long>(n % 1'000'000'000));
  if (n % 3 == 0) {
    return std::string(R"({"kind":"dataset_declared","eventTime":")") + when +
           R"(","actor":"team:crash","idempotencyKey":"crash-declare-)" + who + std::to_string(n) +
           R"(","dataset":{"namespace":"crash","name":"out-)" + who + std::to_string(n + 1) +
           R"("},"domain":"crash)" + std::to_string(t % 3) +
           R"(","owners":[{"name":"team:crash","type":"MAINTAINER"}]})";
  }
  char run_id[40];
  std::snprintf(run_id, sizeof run_id, "00000000-%04x-4%03x-8000-%012llx", round & 0xffff,
                t & 0xfff, static_cast<unsigned long long>(n));
  std::string inputs = R"({"namespace":"crash","name":"out-)" + who + std::to_string(n - 1) + "\"}";
  if (n % 10 == 1) inputs += R"(,{"namespace":"crash","name":"source"})";
  return std::string(R"({"eventType":"COMPLETE","eventTime":")") + when +
         R"(","producer":"https://auditgraph.dev/crash","run":{"runId":")" + run_id +
         R"("},"job":{"namespace":"crash","name":"job-)" + std::to_string(t) + "-" +
         std::to_string(n % 20) + R"("},"inputs":[)" + inputs +
         R"(],"outputs":[{"namespace":"crash","name":"out-)" + who + std::to_string(n) + R"("}]})";
}

}  // namespace

RoundResult run_http_round(const std::string& server_binary, const std::string& store, int round,
                           int threads, int delay_ms) {
  RoundResult result;
  int out[2];
  if (::pipe(out) != 0) {
    result.error = "pipe failed";
    return result;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 2);
    ::close(out[0]);
    ::execl(server_binary.c_str(), server_binary.c_str(), "--store", store.c_str(), "serve",
            "--listen", "127.0.0.1:0", static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ::close(out[1]);
  FILE* in = ::fdopen(out[0], "r");
  char line[256];
  int port = 0;
  while (port == 0 && std::fgets(line, sizeof line, in)) {
    std::sscanf(line, "listening on http://127.0.0.1:%d", &port);
  }
  std::fclose(in);
  if (port == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    result.error = "the server never listened";
    return result;
  }

  std::mutex mu;
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(30, 0);
      for (uint64_t n = 1;;) {
        std::vector<std::string> events;
        for (uint64_t k = 0, size = 1 + n % 8; k < size; ++k)
          events.push_back(event_json(round, t, n++));
        std::string body;
        for (const auto& e : events) body += e + "\n";
        auto r = client.Post("/v1/events", body, "application/x-ndjson");
        if (!r) return;  // the server is gone
        std::lock_guard lock(mu);
        if (r->status != 201) {
          if (result.error.empty()) {
            result.error = "POST /v1/events: " + std::to_string(r->status) + " " + r->body;
          }
          return;
        }
        auto seqs = nlohmann::json::parse(r->body, nullptr, false)["seqs"];
        if (!seqs.is_array() || seqs.size() != events.size()) {
          result.error = "a 201 without one seq per event: " + r->body;
          return;
        }
        for (size_t i = 0; i < events.size(); ++i) {
          auto [it, fresh] = result.acked.emplace(seqs[i].get<uint64_t>(), events[i]);
          if (!fresh && it->second != events[i] && result.error.empty()) {
            result.error = "seq " + std::to_string(it->first) + " acknowledged for two events";
          }
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  for (auto& c : clients) c.join();
  if (result.error.empty() && !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
    result.error = "the server ended by itself (status " + std::to_string(status) + ")";
  }
  return result;
}

}  // namespace auditgraph::crash
