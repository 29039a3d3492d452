// `auditgraph serve` as a process: tokens made with `auditgraph token`, events posted over
// loopback, and SIGTERM finishing the request in flight before the process exits 0 with its
// data and index snapshot on disk.
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "auditgraph/event_log.h"
#include "tools/cli/embedded_web.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

std::string cli_path() {
  const char* bin = std::getenv("AUDITGRAPH_CLI");
  REQUIRE_MESSAGE(bin != nullptr, "AUDITGRAPH_CLI is set by meson test");
  return bin;
}

// Runs the CLI to completion; returns stdout.
std::string run(const std::string& args, int* code = nullptr) {
  FILE* p = ::popen((cli_path() + " " + args).c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int status = ::pclose(p);
  if (code) *code = WEXITSTATUS(status);
  return out;
}

// `auditgraph serve` in a child process, its stdout on a pipe.
struct ServeProcess {
  pid_t pid = -1;
  FILE* out = nullptr;
  int port = 0;

  explicit ServeProcess(const std::vector<std::string>& args) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      std::vector<char*> argv;
      const std::string bin = cli_path();
      argv.push_back(const_cast<char*>(bin.c_str()));
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out = ::fdopen(fds[0], "r");
    std::array<char, 256> line{};
    REQUIRE(std::fgets(line.data(), line.size(), out) != nullptr);
    const std::string first(line.data());
    REQUIRE_MESSAGE(first.rfind("listening on http://127.0.0.1:", 0) == 0, first);
    port = std::stoi(first.substr(first.rfind(':') + 1));
  }
  // Sends SIGTERM and returns the exit code and the rest of stdout.
  int terminate(std::string* rest) {
    ::kill(pid, SIGTERM);
    std::array<char, 256> buf{};
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), out)) > 0) rest->append(buf.data(), n);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::fclose(out);
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  ~ServeProcess() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

const char* kEvent =
    R"({"kind": "dataset_declared", "eventTime": "2026-09-30T12:00:00Z", "actor": "alice", "dataset": {"namespace": "kafka://b:9092", "name": "orders.v1"}})";

TEST_CASE("serve: tokens from the CLI, a request in flight at SIGTERM finishes, exit 0") {
  testing::TempDir dir;
  const std::string tokens = dir.sub("tokens.json");
  int code = 0;
  const std::string ingest =
      run("token add --tokens " + tokens + " --principal bot --role ingest", &code);
  REQUIRE(code == 0);
  const std::string token = ingest.substr(0, ingest.find('\n'));
  REQUIRE(token.rfind("agt_", 0) == 0);
  run("token add --tokens " + tokens + " --principal eve --role audit");
  const auto list = nlohmann::json::parse(run("token list --json --tokens " + tokens));
  REQUIRE(list.size() == 2);
  CHECK(list[1]["principal"] == "eve");
  CHECK(run("token list --tokens " + tokens).find(token) == std::string::npos);
  run("token revoke --tokens " + tokens + " " + list[1]["id"].get<std::string>(), &code);
  CHECK(code == 0);
  run("token revoke --tokens " + tokens + " tok_nope", &code);
  CHECK(code == 1);
  run("token add --tokens " + tokens + " --principal x --role root", &code);
  CHECK(code == 2);

  const std::string store = dir.sub("store");
  ServeProcess serve({"--store", store, "serve", "--listen", "127.0.0.1:0", "--tokens", tokens});
  httplib::Client client("127.0.0.1", serve.port);
  client.set_bearer_token_auth(token);
  auto posted = client.Post("/v1/events", kEvent, "application/json");
  REQUIRE(posted);
  CHECK(posted->status == 201);

  // A second event whose body is still arriving when SIGTERM comes.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(serve.port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  std::string body = kEvent;
  body.replace(body.find("orders.v1"), 9, "orders.v2");
  const std::string head =
      "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n";
  const std::string first = head + body.substr(0, 10);
  REQUIRE(::write(fd, first.data(), first.size()) == static_cast<ssize_t>(first.size()));
  ::usleep(200'000);
  ::kill(serve.pid, SIGTERM);
  ::usleep(200'000);
  const std::string rest = body.substr(10);
  REQUIRE(::write(fd, rest.data(), rest.size()) == static_cast<ssize_t>(rest.size()));
  std::string reply(1024, '\0');
  const ssize_t n = ::read(fd, reply.data(), reply.size());
  ::close(fd);
  REQUIRE(n > 0);
  CHECK(reply.rfind("HTTP/1.1 201", 0) == 0);

  std::string out;
  CHECK(serve.terminate(&out) == 0);
  CHECK(out.find("stopped") != std::string::npos);
  CHECK(std::filesystem::exists(store + "/index.snapshot"));
  LogOptions options;
  options.create_if_missing = false;
  auto log = EventLog::Open(options, store);
  REQUIRE(log.ok());
  CHECK((*log)->head().size == 2);
  CHECK((*log)->verify().ok);
}

TEST_CASE("serve: SIGTERM right after it says it is listening still stops it") {
  testing::TempDir dir;
  ServeProcess serve({"--store", dir.sub("store"), "serve", "--listen", "127.0.0.1:0"});
  std::string out;
  CHECK(serve.terminate(&out) == 0);
  CHECK(out.find("stopped") != std::string::npos);
}

TEST_CASE("serve: the web page built into the binary at /, no --web; --web DIR overrides it") {
  testing::TempDir dir;
  const std::string store = dir.sub("store");
  // This test links the same generated source as the binary (tools/meson.build).
  const cli::EmbeddedWeb page = cli::embedded_web();
  {
    ServeProcess serve({"--store", store, "serve", "--listen", "127.0.0.1:0"});
    httplib::Client client("127.0.0.1", serve.port);
    auto root = client.Get("/");
    REQUIRE(root);
    if (page.count == 0) {
      // Built without node or web/node_modules: serve says so on stderr and serves no page.
      MESSAGE("no web page built in: ", page.missing);
      CHECK(root->status == 404);
      CHECK(root->body.find("no web page") != std::string::npos);
    } else {
      std::string index;
      for (size_t i = 0; i < page.count; ++i) {
        if (std::string(page.files[i].path) == "index.html") {
          index.assign(page.files[i].data, page.files[i].size);
        }
      }
      CHECK(root->status == 200);
      CHECK(root->get_header_value("Content-Type") == "text/html; charset=utf-8");
      CHECK(root->body == index);
      CHECK(root->body.find("<script") != std::string::npos);
      // Every file of the page, under its path; the API is still the API.
      for (size_t i = 0; i < page.count; ++i) {
        CAPTURE(page.files[i].path);
        auto f = client.Get("/" + std::string(page.files[i].path));
        REQUIRE(f);
        CHECK(f->status == 200);
        CHECK(f->body.size() == page.files[i].size);
      }
      CHECK(client.Get("/healthz")->status == 200);
    }
    std::string out;
    CHECK(serve.terminate(&out) == 0);
  }
  {
    const std::string web = dir.sub("web");
    std::filesystem::create_directories(web);
    {
      std::ofstream(web + "/index.html") << "<p>a page under development</p>";
    }
    ServeProcess serve({"--store", store, "serve", "--listen", "127.0.0.1:0", "--web", web});
    httplib::Client client("127.0.0.1", serve.port);
    auto root = client.Get("/");
    REQUIRE(root);
    CHECK(root->status == 200);
    CHECK(root->body == "<p>a page under development</p>");
    std::string out;
    CHECK(serve.terminate(&out) == 0);
  }
}

TEST_CASE("serve refuses a public address without tokens, and a bad --listen") {
  testing::TempDir dir;
  int code = 0;
  run("--store " + dir.sub("s") + " serve --listen 0.0.0.0:0 2>/dev/null", &code);
  CHECK(code == 2);
  run("--store " + dir.sub("s") + " serve --listen nowhere 2>/dev/null", &code);
  CHECK(code == 2);
}

}  // namespace
}  // namespace auditgraph
